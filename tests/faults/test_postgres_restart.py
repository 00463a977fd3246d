"""PostgreSQL restarted during a write load: no write is confirmed that was not committed, and the
service recovers by itself (issue 7).

An app server (gunicorn, gthread workers, persistent database connections: CONN_MAX_AGE with
CONN_HEALTH_CHECKS) serves this session's test database. It has more threads than there are
clients, and every thread opens its connection before the load (a warm-up burst). A client whose
write fails waits until the database accepts connections again (as a client with a retry policy
would), so few threads meet the outage: the others still hold dead connections afterwards, and
only the health check before reuse replaces them (with CONN_HEALTH_CHECKS off, requests after the
restart fail). Client threads record uses through the
registry API (`POST /api/registry/uses/`, token authentication, an Idempotency-Key per use) and
note which writes were confirmed (201 with the recorded use) and which were not (an error, a
refused connection, a time-out). Mid-load the database server is restarted
(`pg_ctl restart -m fast`: every connection is cut, open transactions roll back). Then:

- every confirmed write is in the database exactly once, under its key and with its id;
- an unconfirmed write is there once or not at all;
- every request sent once the server accepts connections again succeeds, without restarting the
  app (the worker's dead connections are health-checked and replaced: CONN_HEALTH_CHECKS);
- the clients retry every unconfirmed write with the same key: each then exists exactly once (a
  write that was committed but never confirmed is answered as a replay, 200), and a confirmed
  write sent again is a replay too, with the same id.

The server restarted is this test's own: a temporary cluster made with `initdb` on a free port
(run as `postgres` when the test runs as root, as initdb refuses root), holding a copy of this
session's test database (pg_dump, pg_restore), stopped and removed at the end. The machine's
shared server is never touched. Only on PostgreSQL (the copy is made with its tools).
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATABASE = "kaiku_faults"  # the copy's name in the temporary cluster


def server_bin(name):
    """A PostgreSQL server program: on PATH, else Debian's newest /usr/lib/postgresql/<v>/bin."""
    found = shutil.which(name) or sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3])
    )
    return str(found[-1] if isinstance(found, list) and found else found or "")


pytestmark = [
    pytest.mark.demo,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="restarts a PostgreSQL server"),
    pytest.mark.skipif(
        not server_bin("initdb") or not server_bin("pg_ctl"),
        reason="needs PostgreSQL's server programs (initdb, pg_ctl) for a cluster of its own",
    ),
]

CLIENTS = 4  # client threads, one venue account each
SERVER_THREADS = 16  # gunicorn's threads, each with its own persistent database connection
MAX_WRITES = 150  # per client: the load is bounded in count ...
DEADLINE_SECONDS = 120  # ... and in time
WRITES_BEFORE_RESTART = 40  # confirmed writes before the restart
WRITES_AFTER_RECOVERY = 5  # per client, confirmed after the server accepts connections again
REQUEST_TIMEOUT = 15


# --- The database server: a temporary cluster of this test's own ---------------------------


class TemporaryCluster:
    """`initdb` in `folder` (outside pytest's tmp_path, which `postgres` may not enter), started
    on a free loopback port with `pg_ctl`; trust authentication (loopback, this test only). As
    root the programs run as `postgres`, which owns `folder`."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.data = self.folder / "data"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/{DATABASE}"

    def run(self, *command, check=True):
        command = [server_bin(command[0]), *command[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)  # noqa: S603
        if check and result.returncode:
            pytest.fail(f"{command}: {result.stdout}{result.stderr}")
        return result

    def start(self):
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self.run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        self.pg_ctl("start")

    def pg_ctl(self, action, *options):
        options = (
            *options,
            "-o",
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder}",
        )
        log = ("-l", str(self.folder / "server.log")) if action != "stop" else ()
        return self.run("pg_ctl", action, "-D", str(self.data), "-w", *log, *options, check=False)

    def restart(self):
        return self.pg_ctl("restart", "-m", "fast")

    def stop(self):
        self.pg_ctl("stop", "-m", "immediate")

    def is_ready(self):
        result = subprocess.run(  # noqa: S603
            ["pg_isready", "-h", "127.0.0.1", "-p", str(self.port), "-q"],  # noqa: S607
            check=False,
            timeout=10,
        )
        return result.returncode == 0

    def wait_until_ready(self, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.is_ready():
                return True
            time.sleep(0.2)
        return False

    def copy_test_database(self):
        """This session's test database (what is committed now), as DATABASE in this cluster."""
        params = connection.settings_dict
        env = {
            **os.environ,
            "PGHOST": params.get("HOST") or "127.0.0.1",
            "PGPORT": str(params.get("PORT") or 5432),
            "PGUSER": params["USER"] or "postgres",
            "PGPASSWORD": params.get("PASSWORD") or "",
            "PGDATABASE": params["NAME"],
        }
        dump = subprocess.run(  # noqa: S603
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges"],  # noqa: S607
            env=env,
            capture_output=True,
            check=True,
        )
        target = {"PGHOST": "127.0.0.1", "PGPORT": str(self.port), "PGUSER": "postgres"}
        env = {**os.environ, **target}
        subprocess.run(["createdb", DATABASE], env=env, check=True)  # noqa: S603, S607
        subprocess.run(  # noqa: S603
            ["pg_restore", "--no-owner", "--no-privileges", "--dbname", DATABASE],  # noqa: S607
            env=env,
            input=dump.stdout,
            capture_output=True,
            check=True,
        )

    def uses(self, keys):
        """[(idempotency key, id, venue id)] of the recorded uses with these keys."""
        import psycopg

        from registry.models import Use

        table = Use._meta.db_table
        with psycopg.connect(self.url) as conn:
            rows = conn.execute(
                f"SELECT idempotency_key, id, venue_id FROM {table}"  # noqa: S608
                " WHERE idempotency_key = ANY(%s)",
                [list(keys)],
            ).fetchall()
        return rows


# --- The app server --------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class AppServer:
    """gunicorn with gthread workers: each thread keeps its database connection between requests."""

    def __init__(self, log_path, database_url, settings_module="tests.faults.server_settings"):
        self.settings_module = settings_module
        self.database_url = database_url
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.process = None

    def start(self):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": self.settings_module,
            "DATABASE_URL": self.database_url,
            "PYTHONPATH": os.pathsep.join([str(ROOT / "site"), str(ROOT)]),
        }
        self.log = open(self.log_path, "w")  # noqa: SIM115  (closed in stop())
        self.process = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
                "--worker-class",
                "gthread",
                "--threads",
                str(SERVER_THREADS),
                "--timeout",
                "60",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if getattr(self, "log", None):
            self.log.close()

    def output(self):
        return Path(self.log_path).read_text(errors="replace")[-6000:]


def call(base, method, path, token, body=None, key=None):
    """One HTTP request; (status, parsed body) or (None, error text) when no answer came."""
    headers = {"Authorization": f"Token {token}", "Accept": "application/json"}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if key is not None:
        headers["Idempotency-Key"] = str(key)
    request = urllib.request.Request(base + path, data=data, headers=headers, method=method)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT) as response:  # noqa: S310
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        text = error.read().decode(errors="replace")
        try:
            return error.code, json.loads(text)
        except ValueError:
            return error.code, text[:300]
    except (OSError, ValueError) as error:  # refused, reset, timed out
        return None, repr(error)


def wait_for_app(server, token, number, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            break
        status, _body = call(server.base, "GET", f"/api/registry/cards/{number}/", token)
        if status == 200:
            return
        time.sleep(0.3)
    pytest.fail(f"the app server did not start:\n{server.output()}")


def warm_up(server, token, number, rounds=3):
    """Bursts of concurrent requests, so that every server thread opens its database connection."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(SERVER_THREADS) as pool:
        for _ in range(rounds):
            statuses = list(
                pool.map(
                    lambda _i: call(server.base, "GET", f"/api/registry/cards/{number}/", token)[0],
                    range(SERVER_THREADS),
                )
            )
            assert statuses == [200] * SERVER_THREADS, statuses


# --- The load --------------------------------------------------------------------------------


class Load:
    """Client threads writing uses; every attempt is kept with its outcome and when it started."""

    def __init__(self, base, accounts):
        self.base = base
        self.accounts = accounts  # [(token, card number)]
        self.attempts = []  # dicts: key, client, started, status, body
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.ready_at = None  # when PostgreSQL accepted connections again
        self.recovered = threading.Event()

    def confirmed(self, attempt):
        return attempt["status"] == 201 and isinstance(attempt["body"], list) and attempt["body"]

    def count_confirmed(self, client=None, after=None):
        with self.lock:
            return sum(
                1
                for a in self.attempts
                if self.confirmed(a)
                and (client is None or a["client"] == client)
                and (after is None or a["started"] >= after)
            )

    def run_client(self, index):
        token, number = self.accounts[index]
        for _ in range(MAX_WRITES):
            if self.stop.is_set():
                return
            key = uuid.uuid4()
            started = time.monotonic()
            status, body = call(
                self.base, "POST", "/api/registry/uses/", token, {"number": number}, key
            )
            with self.lock:
                self.attempts.append(
                    {
                        "key": key,
                        "client": index,
                        "started": started,
                        "status": status,
                        "body": body,
                    }
                )
            if status is None or status >= 500:
                # The database is down: wait until it is back (bounded), then go on.
                self.recovered.wait(timeout=DEADLINE_SECONDS)


@pytest.fixture
def accounts(db):
    """A venue account per client thread (token, membership) and a valid card for each."""
    from django.contrib.auth import get_user_model

    from rest_framework.authtoken.models import Token

    from registry.models import Card, Membership, Organisation

    venue = Organisation.objects.get(name="Kajaanin kaupunginteatteri")
    today = timezone.localdate()
    cards = list(
        Card.objects.filter(
            status=Card.Status.ACTIVE, kind=Card.Kind.PERSONAL, valid_until__gte=today
        ).order_by("number")[:CLIENTS]
    )
    assert len(cards) == CLIENTS
    result = []
    for index, card in enumerate(cards):
        name = (
            f"vikatesti-{uuid.uuid4().hex[:8]}-{index}"  # unique: survives a killed run's leftovers
        )
        user = get_user_model().objects.create_user(name, password=None)
        Membership.objects.create(user=user, organisation=venue)
        result.append((Token.objects.create(user=user).key, card.number))
    return venue, result


@pytest.fixture
def postgres():
    """A temporary cluster (not started yet), stopped and removed after the test."""
    folder = Path(tempfile.mkdtemp(prefix="kaiku-faults-pg-"))
    cluster = TemporaryCluster(folder)
    try:
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)


def test_postgres_restart_during_writes(accounts, postgres, tmp_path):
    database = settings.DATABASES["default"]
    # What the recovery rests on: persistent connections, checked before reuse.
    assert database["CONN_HEALTH_CHECKS"] is True
    assert database["CONN_MAX_AGE"] and database["CONN_MAX_AGE"] > 0

    venue, clients = accounts
    server = AppServer(tmp_path / "gunicorn.log", postgres.url)
    load = Load(server.base, clients)
    threads = [threading.Thread(target=load.run_client, args=(i,)) for i in range(CLIENTS)]
    restart = None
    try:
        postgres.start()
        postgres.copy_test_database()  # with the accounts, committed (transaction=True)
        server.start()
        wait_for_app(server, clients[0][0], clients[0][1])
        warm_up(server, clients[0][0], clients[0][1])
        pid = server.process.pid
        started = time.monotonic()
        for thread in threads:
            thread.start()

        # Restart PostgreSQL once the load is under way.
        while load.count_confirmed() < WRITES_BEFORE_RESTART:
            assert time.monotonic() - started < DEADLINE_SECONDS / 2, "the load did not start"
            time.sleep(0.05)
        restart_began = time.monotonic()
        restart = postgres.restart()
        assert postgres.wait_until_ready(60), "PostgreSQL did not accept connections again"
        load.ready_at = time.monotonic()
        load.recovered.set()

        # Keep writing until every client has had writes confirmed after the recovery.
        while any(
            load.count_confirmed(client=i, after=load.ready_at) < WRITES_AFTER_RECOVERY
            for i in range(CLIENTS)
        ):
            if time.monotonic() - started > DEADLINE_SECONDS or not any(
                t.is_alive() for t in threads
            ):
                break
            time.sleep(0.05)
    finally:
        load.stop.set()
        load.recovered.set()
        for thread in threads:
            thread.join(timeout=REQUEST_TIMEOUT + 5)
        if not postgres.is_ready():  # the checks below read the copy
            postgres.pg_ctl("start")

    try:
        assert restart is not None and restart.returncode == 0, (
            f"pg_ctl restart failed: {restart and (restart.stdout + restart.stderr)}"
        )
        attempts = load.attempts
        confirmed = [a for a in attempts if load.confirmed(a)]
        unconfirmed = [a for a in attempts if not load.confirmed(a)]
        during = [a for a in attempts if restart_began <= a["started"] < load.ready_at]
        after = [a for a in attempts if a["started"] >= load.ready_at]
        summary = (
            f"{len(attempts)} writes sent by {CLIENTS} clients: {len(confirmed)} confirmed, "
            f"{len(unconfirmed)} not; restart to ready {load.ready_at - restart_began:.1f} s; "
            f"{len(during)} sent meanwhile, {len(after)} after"
        )
        print(summary)

        # The app was not restarted.
        assert server.process.poll() is None and server.process.pid == pid

        # Every confirmed write exists exactly once, with the id it was confirmed with.
        keys = [a["key"] for a in attempts]
        stored = {}
        for key, pk, _venue in postgres.uses(keys):
            stored.setdefault(key, []).append(pk)
        for attempt in confirmed:
            assert stored.get(attempt["key"]) == [attempt["body"][0]["id"]], attempt
        # An unconfirmed write exists once or not at all.
        committed_unconfirmed = []
        for attempt in unconfirmed:
            rows = stored.get(attempt["key"], [])
            assert len(rows) <= 1, attempt
            if rows:
                committed_unconfirmed.append(attempt)
        print(f"unconfirmed but committed: {len(committed_unconfirmed)}")

        # The restart was felt (or this test proves nothing) ...
        assert unconfirmed, f"no write failed during the restart: {summary}"
        # ... and every request sent once PostgreSQL accepted connections again succeeded.
        failed_after = [a for a in after if not load.confirmed(a)]
        assert not failed_after, failed_after[:5]
        assert all(
            load.count_confirmed(client=i, after=load.ready_at) >= WRITES_AFTER_RECOVERY
            for i in range(CLIENTS)
        ), summary

        # The clients retry what was not confirmed, with the same keys: one use each, no more.
        tokens = dict(enumerate(token for token, _number in clients))
        numbers = dict(enumerate(number for _token, number in clients))
        for attempt in unconfirmed:
            status, body = call(
                server.base,
                "POST",
                "/api/registry/uses/",
                tokens[attempt["client"]],
                {"number": numbers[attempt["client"]]},
                attempt["key"],
            )
            was_committed = attempt in committed_unconfirmed
            assert status == (200 if was_committed else 201), (attempt, status, body)
        # A confirmed write sent again is a replay with the same id.
        for attempt in confirmed[:: max(1, len(confirmed) // 10)]:
            status, body = call(
                server.base,
                "POST",
                "/api/registry/uses/",
                tokens[attempt["client"]],
                {"number": numbers[attempt["client"]]},
                attempt["key"],
            )
            assert (status, body[0]["id"]) == (200, attempt["body"][0]["id"])
        counts = {}
        rows = postgres.uses(keys)
        for key, _pk, _venue in rows:
            counts[key] = counts.get(key, 0) + 1
        assert set(counts) == set(keys)
        assert set(counts.values()) == {1}
        assert [venue_id for _key, _pk, venue_id in rows] == [venue.pk] * len(keys)
    except AssertionError:
        print(server.output())
        raise
    finally:
        server.stop()
