"""Several app servers behind Varnish on loopback, as in production: used by the cluster test
(tests/cluster/) and the cluster benchmark (bench/cluster.py).

    with Cluster(database_url, redis_url, workdir, instances=2) as cluster:
        cluster.instance_urls  # each gunicorn directly
        cluster.proxy_url      # varnishd with deploy/varnish/default.vcl, round-robin over them

Varnish runs the repository's VCL with a backends.vcl of this cluster's own (its instances, and
the ACL `purgers`), in a working directory of its own (`-n`) on a free port; the instances purge
it on a content change (FRONTEND_CACHE_PURGE_URL).

Every instance gets the same environment: production settings (DEBUG off), one SECRET_KEY, the
same database, the same Redis database (cache), the same S3 bucket (media, on moto's standalone
S3 server) and the same collected static files. Nothing else is shared, so whatever works
through every instance here does not depend on one process's memory or disk. Every process is
started in `workdir` (configs, logs, pids, static files) and stopped when the block ends, also
on errors.
"""

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # the project's virtual environment
STATIC_PROBE = "/static/css/site.css"
S3_REGION = "us-east-1"
# moto accepts any credentials; these only keep boto3 from looking for real ones.
S3_TEST_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "cluster-test", "AWS_SECRET_ACCESS_KEY": "cluster-test"}

# nginx serving one folder as static files: the floor that bench/cluster.py measures Varnish against.
NGINX_CONF = """\
daemon off;
worker_processes 1;
{user}
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {work}/nginx-body;
    proxy_temp_path {work}/nginx-proxy;
    fastcgi_temp_path {work}/nginx-fastcgi;
    uwsgi_temp_path {work}/nginx-uwsgi;
    scgi_temp_path {work}/nginx-scgi;
    default_type text/html;
    server {{
        listen 127.0.0.1:{port};
        root {root};
    }}
}}
"""

VARNISH_VCL = ROOT / "deploy" / "varnish" / "default.vcl"
# deploy/varnish/backends.vcl, written for the instances of this cluster.
BACKENDS_VCL = """\
{backends}
acl purgers {{
{purgers}
}}

sub vcl_init {{
    new app = directors.round_robin();
{members}
}}
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def app_env(database_url, redis_url, *, static_root, s3=None, secret_key=None, log_level="ERROR"):
    """The environment of every app server (and of manage.py commands run for them)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": secret_key or secrets.token_urlsafe(60),
            # The demo's sites: localhost and the regions' <slug>.localhost.
            "ALLOWED_HOSTS": "127.0.0.1,localhost,.localhost",
            "SECURE_SSL_REDIRECT": "0",
            "REDIS_URL": redis_url,
            "DATABASE_URL": database_url,
            "STATIC_ROOT": str(static_root),
            # Varnish is the one proxy in front: the client's address is the last X-Forwarded-For hop.
            "TRUSTED_PROXY_COUNT": "1",
            "LOG_LEVEL": log_level,
            "PYTHONUNBUFFERED": "1",
        }
    )
    if s3:
        env.update(
            {
                **S3_TEST_CREDENTIALS,
                "AWS_STORAGE_BUCKET_NAME": s3["bucket"],
                "AWS_S3_ENDPOINT_URL": s3["endpoint_url"],
                "AWS_S3_REGION_NAME": S3_REGION,
            }
        )
    return env


def flush_redis(redis_url):
    """Empty the Redis database of `redis_url` and the next one, where the settings put Wagtail's
    fragment caches (CACHES["template_fragments"]): a fragment of an earlier run's database would
    otherwise show in this one's pages."""
    import redis

    url = urlsplit(redis_url)
    number = int(url.path.strip("/") or 0)
    for db in (number, (number + 1) % 16):
        client = redis.Redis.from_url(
            url._replace(path=f"/{db}").geturl(), socket_connect_timeout=2
        )
        try:
            client.flushdb()
        finally:
            client.close()


def s3_client(endpoint_url):
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint_url,
        region_name=S3_REGION,
        aws_access_key_id=S3_TEST_CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=S3_TEST_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    )


def upload_tree(endpoint_url, bucket, folder, names=None):
    """Copy a local MEDIA_ROOT into the bucket under the same names (only `names` when given,
    e.g. the files a database refers to); returns the file count."""
    client = s3_client(endpoint_url)
    folder = Path(folder)
    if names is None:
        names = [p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()]
    count = 0
    for name in sorted(set(names)):
        try:
            client.upload_file(str(folder / name), bucket, name)
        except FileNotFoundError:  # referred to but not on this disk, or removed meanwhile
            continue
        count += 1
    return count


def wait_http(url, proc, timeout=60, name="server", *, success=False):
    """Wait until `url` answers at all (any HTTP status; a 2xx with `success`); fail if `proc`
    exits first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{name} exited with status {proc.returncode} before answering")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                response.read()
                return
        except urllib.error.HTTPError:
            if not success:
                return
            time.sleep(0.2)
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{name} did not answer {url} within {timeout} s")


def stop(proc, timeout=15):
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(getattr(proc, "stop_signal", signal.SIGTERM))
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=timeout)


def start_collectstatic(static_root):
    """`manage.py collectstatic` with production settings into `static_root`, in the background
    (WhiteNoise compresses every file: the slowest step of starting the cluster)."""
    env = app_env("sqlite://:memory:", "", static_root=static_root)
    return subprocess.Popen(
        [str(BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
    )


def wait_collectstatic(proc, timeout=600):
    if proc.wait(timeout=timeout) != 0:
        raise RuntimeError(f"collectstatic failed with status {proc.returncode}")


def start_moto(workdir, endpoint_url):
    """moto's standalone S3 server at `endpoint_url` (http://127.0.0.1:PORT)."""
    port = endpoint_url.rsplit(":", 1)[1]
    log = open(Path(workdir) / "moto.log", "wb")  # noqa: SIM115 (closed with the process)
    proc = subprocess.Popen(
        [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", port],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, **S3_TEST_CREDENTIALS},
    )
    log.close()
    try:
        wait_http(endpoint_url + "/moto-api/", proc, timeout=30, name="moto_server")
    except Exception:
        stop(proc)
        raise
    return proc


def start_gunicorn(env, port, workdir, *, workers=1, name="app"):
    log = open(Path(workdir) / f"{name}.log", "wb")  # noqa: SIM115 (closed with the process)
    proc = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "--pythonpath",
            "site",
            "config.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    log.close()
    proc.stop_signal = signal.SIGINT  # gunicorn's quick shutdown (TERM waits for the workers)
    return proc


def start_nginx(workdir, root, port):
    """nginx serving the files of `root` (the static floor of bench/cluster.py)."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        raise RuntimeError("nginx is missing: `make bench` installs it (Debian's nginx)")
    work = Path(workdir)
    conf = work / "nginx.conf"
    conf.write_text(
        NGINX_CONF.format(
            # As root, nginx would run its worker as `nobody`, who cannot write into workdir.
            user="user root;" if os.geteuid() == 0 else "",
            work=work,
            port=port,
            root=root,
        )
    )
    log = open(work / "nginx.log", "wb")  # noqa: SIM115 (closed with the process)
    proc = subprocess.Popen(
        [nginx, "-p", str(work), "-c", str(conf), "-e", str(work / "nginx-error.log")],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    log.close()
    return proc


def start_varnish(workdir, backend_ports, port, *, purgers=("127.0.0.1", "::1")):
    """varnishd in the foreground with deploy/varnish/default.vcl, listening on 127.0.0.1:`port`,
    balancing over the app servers on `backend_ports`; PURGE/BAN accepted from `purgers` only."""
    varnishd = shutil.which("varnishd") or "/usr/sbin/varnishd"
    if not Path(varnishd).exists():
        raise RuntimeError("varnishd is missing: `make system-packages` (Debian's varnish)")
    work = Path(workdir)
    names = [f"app{i + 1}" for i in range(len(backend_ports))]
    (work / "backends.vcl").write_text(
        BACKENDS_VCL.format(
            backends="\n".join(
                f'backend {name} {{ .host = "127.0.0.1"; .port = "{p}"; .probe = app_alive; }}'
                for name, p in zip(names, backend_ports, strict=True)
            ),
            purgers="\n".join(f'    "{address}";' for address in purgers),
            members="\n".join(f"    app.add_backend({name});" for name in names),
        )
    )
    log = open(work / "varnish.log", "wb")  # noqa: SIM115 (closed with the process)
    proc = subprocess.Popen(
        [
            varnishd,
            "-F",  # in the foreground: this process stops it
            "-j",  # no privilege separation: the working directory is this user's
            "none",
            "-n",
            str(work / "varnish"),
            "-a",
            f"127.0.0.1:{port}",
            "-T",
            "none",  # no management port: nothing here uses varnishadm
            "-f",
            str(VARNISH_VCL),
            "-p",
            f"vcl_path={work}",
            "-s",
            "malloc,64m",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    log.close()
    return proc


class Cluster:
    """`instances` gunicorn app servers (`workers` each) and Varnish in front of them, plus moto's
    S3 server for the media when `use_s3` is set (the files of `media_root`, or only its
    `media_names`, copied into the bucket). `static_root`: static files collected beforehand
    (start_collectstatic), else collected here. See the module docstring."""

    def __init__(
        self,
        database_url,
        redis_url,
        workdir,
        *,
        instances=2,
        workers=1,
        use_s3=True,
        bucket="kaiku-media",
        media_root=None,
        media_names=None,
        static_root=None,
        purgers=("127.0.0.1", "::1"),
    ):
        self.database_url = database_url
        self.redis_url = redis_url
        self.workdir = Path(workdir)
        self.instances = instances
        self.workers = workers
        self.use_s3 = use_s3
        self.bucket = bucket
        self.media_root = media_root
        self.media_names = media_names
        # Static files collected beforehand (start_collectstatic); None: collected here.
        self.static_root = static_root
        self.purgers = purgers
        self.procs = []
        self.env = None
        self.s3_endpoint = None
        self.instance_urls = []
        self.proxy_url = None
        self.timings = {}  # seconds each start-up step took

    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc):
        self.close()

    def log_tail(self, lines=40):
        """The end of every process's log (for a failing test's message)."""
        out = []
        for log in sorted(self.workdir.glob("*.log")):
            text = log.read_text(errors="replace").splitlines()[-lines:]
            out.append(f"--- {log.name}\n" + "\n".join(text))
        return "\n".join(out)

    def s3(self):
        return s3_client(self.s3_endpoint)

    def _lap(self, step, since):
        now = time.monotonic()
        self.timings[step] = round(now - since, 1)
        return now

    def start(self):
        lap = time.monotonic()
        self.workdir.mkdir(parents=True, exist_ok=True)
        s3 = None
        if self.use_s3:
            self.s3_endpoint = f"http://127.0.0.1:{free_port()}"
            s3 = {"bucket": self.bucket, "endpoint_url": self.s3_endpoint}
        static_root = self.static_root or self.workdir / "static"
        self.env = app_env(self.database_url, self.redis_url, static_root=static_root, s3=s3)
        # A MEDIA_ROOT of its own: a file written to local disk by mistake shows up here.
        self.env["MEDIA_ROOT"] = str(self.workdir / "local-media")
        # collectstatic (the slowest step) runs while moto starts and takes the media.
        collect = None if self.static_root else start_collectstatic(static_root)
        if collect:
            self.procs.append(collect)
        if self.use_s3:
            self.procs.append(start_moto(self.workdir, self.s3_endpoint))
            self.s3().create_bucket(Bucket=self.bucket)
            if self.media_root:
                upload_tree(self.s3_endpoint, self.bucket, self.media_root, self.media_names)
            lap = self._lap("S3 server and media", lap)
        if collect:
            wait_collectstatic(collect)
            lap = self._lap("collectstatic (after that)", lap)
        ports = [free_port() for _ in range(self.instances)]
        varnish_port = free_port()
        self.proxy_url = f"http://127.0.0.1:{varnish_port}"
        self.env["FRONTEND_CACHE_PURGE_URL"] = self.proxy_url
        app_procs = [
            start_gunicorn(self.env, port, self.workdir, workers=self.workers, name=f"app{i + 1}")
            for i, port in enumerate(ports)
        ]
        self.procs.extend(app_procs)
        self.instance_urls = [f"http://127.0.0.1:{port}" for port in ports]
        varnish = start_varnish(self.workdir, ports, varnish_port, purgers=self.purgers)
        self.procs.append(varnish)
        for i, (url, proc) in enumerate(zip(self.instance_urls, app_procs, strict=True)):
            wait_http(url + STATIC_PROBE, proc, name=f"app server {i + 1}")
        # Until Varnish's probe finds an app server healthy (503 before that).
        wait_http(self.proxy_url + STATIC_PROBE, varnish, name="varnishd", success=True)
        self._lap("app servers and Varnish", lap)

    def close(self):
        # Varnish first, then the app servers, moto last; every one even if another fails to stop.
        for proc in reversed(self.procs):
            try:
                stop(proc)
            except Exception:  # noqa: BLE001 (keep stopping the others)
                proc.kill()
        self.procs = []
