"""Serve the site as in production and measure it with wrk; write bench/RESULTS.md (full scale)
or bench/RESULTS-<scale>.md.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kaiku_bench \\
        .venv/bin/python -m bench.run --scale quick [--duration 10] [--connections 4] [--workers 4]

gunicorn (sync workers, production settings, DEBUG off, Redis cache) on a free loopback port;
every target is fetched once (HTML bytes, status), then loaded with wrk for a bounded time. The floor
is a static file served by the same stack (WhiteNoise) in the same run. Every target is measured in
three rounds (`--rounds`; 10 s each at full scale, 5 s at quick) and each figure is the median
over the rounds: this shared machine's speed drifts by a quarter within minutes.

Public pages are measured "uncached": gunicorn renders every request (the app keeps no whole
pages; Wagtail's fragment caches warm, as in production). Anonymous pages are cached by Varnish in
front, measured by bench/cluster.py against nginx serving the same bytes. SQL queries per request
are counted in-process through Django's test client (fragments warm). The registry API is loaded by 8 concurrent desks through wrk Lua scripts
(every request a different card and idempotency key; committed records counted in the database),
the dashboards with a signed-in, second-factor-verified national user's session. Finally two app
instances behind Varnish (bench/cluster.py) when varnishd and nginx are installed.
"""

import argparse
import contextlib
import datetime
import json
import os
import platform
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
RESULTS = ROOT / "bench" / "RESULTS.md"


def results_path(scale):
    """bench/RESULTS.md for the national scale, bench/RESULTS-<scale>.md for the others."""
    return RESULTS if scale == "full" else RESULTS.with_name(f"RESULTS-{scale}.md")


DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/kaiku_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/1"
STATIC = "/static/css/site.css"

LUA = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"status_errors":%d,"socket_errors":%d,'
    .. '"p50":%d,"p95":%d,"p99":%d,"mean":%f}\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.mean))
end
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_env(database_url, redis_url):
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(60),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "REDIS_URL": redis_url,
            "DATABASE_URL": database_url,
            "LOG_LEVEL": "ERROR",
            # The desks' rate limits would cap the load test itself.
            "API_RATE_CHECK": "1000000/min",
            "API_RATE_WRITE": "1000000/min",
        }
    )
    return env


# A session cookie, as a signed-in visitor's request carries (Varnish would pass it to the app).
UNCACHED_COOKIE = "Cookie: sessionid=bench-uncached"


def targets():
    """(label, path) of every measured public URL; paths that need the data are looked up in it."""
    from wagtail.models import Locale, Site

    from materials.models import MaterialsPage
    from partners.models import VenuePage
    from regions.models import Municipality, Region
    from shows.models import WhatsOnPage

    fi = Locale.objects.get(language_code="fi")
    site = Site.objects.get(is_default_site=True)
    region = Region.objects.get(slug="kainuu")
    root = site.root_page.url_path

    def path_of(page):
        # The URL under the national site (Wagtail would name the region's own subsite).
        return f"/fi/{page.url_path[len(root) :]}" if page else None

    venues = VenuePage.objects.live().filter(locale=fi)
    venue = venues.filter(slug="kajaanin-uimahalli").first() or venues.order_by("path").first()
    materials = MaterialsPage.objects.live().filter(locale=fi).order_by("path").first()
    whats_on = WhatsOnPage.objects.live().filter(locale=fi).order_by("path").first()
    # The finder sorted by distance from a municipality's centre (issue 21), as its form sends it.
    centre = Municipality.objects.filter(name_fi="Kajaani", latitude__isnull=False).first()
    rows = [
        ("home", "/fi/"),
        ("region home", "/fi/alueet/kainuu/"),
        ("finder", "/fi/kohteet/"),
        ("finder, filtered", f"/fi/kohteet/?category=swimming_hall&region={region.slug}"),
        ("venue page", path_of(venue)),
        ("search", "/fi/search/?q=museo"),
        ("materials page", path_of(materials)),
        ("public statistics", "/fi/statistics/"),
        ("finder, nearest first", f"/fi/kohteet/?near={centre.pk}" if centre else None),
        ("what's on", path_of(whats_on)),
    ]
    return [(label, path) for label, path in rows if path]


def count_queries(paths):
    """{path: (status, queries)} of a render through the test client, in this process (Wagtail's
    fragment caches warmed by a first request)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    client = Client(HTTP_HOST="127.0.0.1")
    counts = {}
    for path in paths:
        client.get(path)  # warm the fragments
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        counts[path] = (response.status_code, len(ctx.captured_queries))
    cache.clear()
    return counts


# --- The registry's API and dashboards ----------------------------------------------------------

API_LUA = r"""
-- Every request a different card (and, for writes, a new idempotency key); threads take turns.
local numbers = {}
for line in io.lines("%(numbers)s") do numbers[#numbers + 1] = line end
local tokens = {%(tokens)s}
local shows = {%(shows)s}
local threads, counter, id, token, show = %(threads)d, 0, 0, "", ""
local count = 0
setup = function(thread) thread:set("id", count); count = count + 1 end
init = function(args)
  id = wrk.thread:get("id") or 0
  token = tokens[(id %% #tokens) + 1]
  show = shows[(id %% #shows) + 1] or ""
end
request = function()
  counter = counter + 1
  local n = numbers[((counter * threads + id) %% #numbers) + 1]
  %(request)s
end
"""
CHECK_REQUEST = (
    'return wrk.format("GET", "/api/registry/cards/" .. n .. "/", '
    '{["Authorization"] = "Token " .. token})'
)
USE_REQUEST = (
    'local key = string.format("%(run)s-0000-4000-8000-%%012d", counter * threads + id)\n'
    '  return wrk.format("POST", "/api/registry/uses/", {["Authorization"] = "Token " .. token,'
    ' ["Content-Type"] = "application/json", ["Idempotency-Key"] = key},'
    " '{\"number\": \"' .. n .. '\"}')"
)
USE_SHOW_REQUEST = USE_REQUEST.replace(
    "'{\"number\": \"' .. n .. '\"}'",
    '\'{"number": "\' .. n .. \'", "show": "\' .. show .. \'"}\'',
)


def registry_setup(count, desks):
    """API tokens of `desks` venue desks (each at its own venue, as in life) and `count` cards that
    may be used today."""
    from django.utils import timezone

    from rest_framework.authtoken.models import Token

    from bench.generate import BENCH_LETTER
    from core.demo import ensure_user
    from registry.models import Card, Membership, Organisation, Use

    venues = Organisation.objects.filter(kind=Organisation.Kind.VENUE).order_by("pk")[:desks]
    tokens = []
    for i, venue in enumerate(venues, start=1):
        user = ensure_user(f"bench-desk-{i}")
        Membership.objects.get_or_create(user=user, organisation=venue)
        tokens.append(Token.objects.get_or_create(user=user)[0].key)
    today = timezone.localdate()
    used_today = Use.objects.filter(recorded_at__date=today).values("card_id")
    numbers = list(
        Card.objects.filter(
            batch__letter=BENCH_LETTER,
            kind=Card.Kind.PERSONAL,
            status=Card.Status.ACTIVE,
            issued_on__lte=today,
            valid_until__gte=today,
        )
        .exclude(pk__in=used_today)
        .order_by("pk")
        .values_list("number", flat=True)[:count]
    )
    return tokens, numbers


def show_setup(desks):
    """API tokens of `desks` venue desks whose venues have a public page, and one upcoming show of
    each, for record-use against a show (issue 20): show ids as the API takes them (the JSON feed's
    id). Each show has a cap, as a show with card tickets has, never reached in a run: every ticket
    goes through the cap's check."""
    from django.utils import timezone

    from rest_framework.authtoken.models import Token

    from core.demo import ensure_user
    from partners.models import VenuePage
    from registry.models import Membership, Organisation
    from shows.models import Show

    venues = Organisation.objects.filter(
        kind=Organisation.Kind.VENUE, partner_page__isnull=False
    ).order_by("pk")[:desks]
    tokens, shows = [], []
    for i, venue in enumerate(venues, start=1):
        user = ensure_user(f"bench-show-desk-{i}")
        Membership.objects.get_or_create(user=user, organisation=venue)
        tokens.append(Token.objects.get_or_create(user=user)[0].key)
        page = VenuePage.objects.get(pk=venue.partner_page_id)
        show, _created = Show.objects.get_or_create(
            venue=page,
            locale=page.locale,
            title="Bench: record use against a show",
            defaults={"start": timezone.now() + datetime.timedelta(hours=2)},
        )
        Show.objects.filter(translation_key=show.translation_key).update(cap=10_000_000)
        shows.append(str(show.translation_key))
    return tokens, shows


def national_session():
    """A session of a national administrator who has passed the second factor (dashboards)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from core.demo import ensure_user

    user = ensure_user("bench-kansallinen", superuser=True)
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", confirmed=True)
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    return f"Cookie: {settings.SESSION_COOKIE_NAME}={session.session_key}"


@contextlib.contextmanager
def writing_uses(every=0.005):
    """While the block runs, a background thread records a use every 5 ms (an ORM insert, as a
    desk's) and marks the statistics' views as just refreshed, so that every dashboard request
    misses the figures' cache (keyed by the refresh time) and computes them from the views."""
    import uuid

    from django.db import connection
    from django.utils import timezone

    from registry.models import Card, Organisation, Use
    from stats.facts import Refresh

    card = Card.objects.filter(status="active").order_by("pk").first()
    venue = Organisation.objects.filter(kind="venue").order_by("pk").first()
    stop = threading.Event()

    def write():
        try:
            while not stop.wait(every):
                Use.objects.create(card=card, venue=venue, idempotency_key=uuid.uuid4())
                Refresh.objects.update_or_create(pk=1, defaults={"at": timezone.now()})
        finally:
            connection.close()

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def figures_equal():
    """After a refresh: are the national and a region's dashboards (this year) and the
    public national table the same as computed from the raw rows (the tests' reference)? Slow at
    full scale (minutes): the reference counts millions of rows."""

    from django.utils import timezone

    from regions.models import Region
    from stats import public, queries
    from stats.scope import REGION, Scope, national_scope
    from tests.registry import stats_reference as reference
    from tests.registry.stats_reference import plain

    today = timezone.localdate()
    region = Region.objects.get(slug="kainuu")
    scopes = [national_scope(), Scope(REGION, region.slug, region.name, region=region)]
    periods = [queries.Filters.this_year(today)]
    for scope in scopes:
        for filters in periods:
            if plain(queries.dashboard(scope, filters)) != plain(
                reference.dashboard(scope, filters)
            ):
                return False, f"{scope.kind} {scope.key} {filters.start}–{filters.end} differs"
    if plain(public.national_table(today)) != plain(reference.national_table(today)):
        return False, "the public national table differs"
    return True, "national and Kainuu dashboards (this year), the public national table"


def refresh_seconds():
    """How long one refresh of the statistics' views takes (stats/facts.py)."""
    from stats.facts import refresh

    started = time.perf_counter()
    refresh()
    return time.perf_counter() - started


def use_count():
    from registry.models import Use

    return Use.objects.count()


def wait_until_up(base, proc, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"gunicorn exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(base + STATIC, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    sys.exit("gunicorn did not come up")


def fetch(url, headers=()):
    extra = dict(h.split(": ", 1) for h in headers)
    req = urllib.request.Request(url, headers={"Accept-Encoding": "identity", **extra})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, len(r.read())
    except urllib.error.HTTPError as exc:
        return exc.code, len(exc.read())


def run_wrk(url, duration, threads, connections, script, headers=()):
    cmd = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "10s",
        "-s",
        script,
        *[arg for header in headers for arg in ("-H", header)],
        url,
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 60, check=True)
    for line in out.stdout.splitlines():
        if line.startswith("WRKJSON "):
            data = json.loads(line[len("WRKJSON ") :])
            data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
            return data
    raise RuntimeError(f"no wrk summary:\n{out.stdout}\n{out.stderr}")


MEDIAN_FIELDS = ("rps", "p50", "p95", "p99", "committed_per_s")


def median_rows(rounds):
    """One row per target: each figure the median over the rounds (the rounds' p95s kept beside
    it, and their errors added up)."""
    rows = []
    for i, first in enumerate(rounds[0]):
        same = [r[i] for r in rounds]
        row = dict(first)
        for field in MEDIAN_FIELDS:
            if field in first:
                row[field] = statistics.median(r[field] for r in same)
        row["p95_rounds"] = [r["p95"] for r in same]
        row["status_errors"] = sum(r["status_errors"] for r in same)
        row["socket_errors"] = sum(r["socket_errors"] for r in same)
        rows.append(row)
    return rows


def machine():
    mem_kb = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    except OSError:
        pass
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    return f"{os.cpu_count()} CPUs ({cpu}), {mem_kb / 1024 / 1024:.1f} GiB RAM, load {load:.1f} at start"


def data_sizes():
    from partners.models import VenuePage
    from registry.models import Card, Organisation, Use

    return {
        "cards": Card.objects.count(),
        "uses": Use.objects.count(),
        "venue organisations": Organisation.objects.filter(kind="venue").count(),
        "distributors": Organisation.objects.filter(kind="distributor").count(),
        "venue pages (fi)": VenuePage.objects.filter(locale__language_code="fi").count(),
    }


def ms(us):
    return f"{us / 1000:.2f}"


def write_results(args, rows, sizes, settings_line, targets_met, cluster):
    floor = rows[0]["p50"] or 1
    lines = [
        "# Benchmark results",
        "",
        f"- Date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        f"- Scale: `{args.scale}` ({', '.join(f'{v:,} {k}' for k, v in sizes.items())})",
        f"- Machine: {args.machine}",
        f"- Load: {settings_line}",
        "- Ratio: p50 of the target / p50 of the static file served by the same stack in this run.",
        "- Rounds: every target is measured once per round, the rounds one after another; each"
        " figure is the median over the rounds (the p95 of every round is in the last column).",
        "- Queries: SQL queries of one render (Wagtail's fragment caches warm; test client, same"
        " settings). Registry rows: per request.",
        "- *uncached*: a visitor with a session cookie, straight to gunicorn: the page is rendered."
        " Anonymous pages are cached by Varnish: see the section of bench/cluster.py below.",
        "",
        "## Targets",
        "",
        "| target | figure | met |",
        "|---|---|:-:|",
    ]
    lines += [
        f"| {name} | {figure} | {'yes' if ok else '**no**'} |" for name, figure, ok in targets_met
    ]
    lines += [
        "",
        "## Every measurement",
        "",
        "| target | path | status | req/s | p50 ms | p95 ms | p99 ms | queries | bytes |"
        " ratio p50 to floor | p95 ms of each round |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        errors = r["status_errors"] + r["socket_errors"]
        status = f"{r['status']}" + (f" ({errors} non-2xx)" if errors else "")
        lines.append(
            f"| {r['label']} | `{r['path']}` | {status} | {r['rps']:.0f} | {ms(r['p50'])} |"
            f" {ms(r['p95'])} | {ms(r['p99'])} | {r['queries']} | {r['bytes']:,} |"
            f" {r['p50'] / floor:.1f}× | {' / '.join(ms(p) for p in r['p95_rounds'])} |"
        )
    if cluster:
        from bench.cluster import section

        lines += ["", *section(cluster)]
    path = results_path(args.scale)
    path.write_text("\n".join(lines) + "\n")
    print(path.read_text())


def evaluate(rows, committed_per_s, cluster):
    """Each target of issues 7 and 18 with its figure from this run."""
    by = {r["label"]: r for r in rows}
    floor = by["static file (floor)"]["p50"] or 1
    met = []

    def ratio(label):
        return by[label]["p50"] / floor

    if cluster.get("targets"):
        from bench.cluster import LIMIT

        worst = max(cluster["targets"], key=lambda r: r["ratio"])
        met.append(
            (
                f"anonymous pages through Varnish ≤ {LIMIT}× nginx static at p50, -c1 and -c8",
                f"worst: {worst['label']} -c{worst['connections']} {worst['ratio']:.2f}×",
                worst["ratio"] <= LIMIT,
            )
        )
    if cluster.get("publish"):
        publish = cluster["publish"]
        met.append(
            (
                "a publish is fresh on the next anonymous request through Varnish",
                f"{'fresh' if publish['fresh'] else 'stale'} ({publish['after']}),"
                f" {publish['delay'] * 1000:.0f} ms after the publish",
                publish["fresh"],
            )
        )
    for label, limit in (
        ("home (uncached)", 25),
        ("region home (uncached)", 25),
        ("venue page (uncached)", 25),
        ("finder, filtered (uncached)", 45),
        ("finder (uncached)", 45),
        ("finder, nearest first (uncached)", 60),  # issue 21: 1,000 venues sorted by distance
        ("what's on (uncached)", 60),  # issue 20: 1,000 venues, 20,000 upcoming shows
    ):
        if label in by:
            met.append(
                (
                    f"{label} ≤ {limit}× the floor at p50",
                    f"{ratio(label):.1f}×",
                    ratio(label) <= limit,
                )
            )
    renders = [r for r in rows if r["label"].endswith("(uncached)")]
    most = max(renders, key=lambda r: r["render_queries"])
    met.append(
        (
            "every public page ≤ 10 SQL queries",
            f"most: {most['label']} {most['render_queries']}",
            most["render_queries"] <= 10,
        )
    )
    use = by.get("record use (API)")
    if use:
        met.append(
            (
                "record-use ≥ 300 committed/s with 8 desks, p95 < 50 ms",
                f"{committed_per_s:.0f}/s committed, p95 {ms(use['p95'])} ms",
                committed_per_s >= 300 and use["p95"] < 50_000,
            )
        )
    on_show = by.get("record use against a show (API)")
    if on_show:
        rate = on_show.get("committed_per_s", 0.0)
        met.append(
            (
                "record-use against a show ≥ 300 committed/s with 8 desks, p95 < 50 ms",
                f"{rate:.0f}/s committed, p95 {ms(on_show['p95'])} ms",
                rate >= 300 and on_show["p95"] < 50_000,
            )
        )
    check = by.get("check card (API)")
    if check:
        met.append(("check-card p95 < 20 ms", f"p95 {ms(check['p95'])} ms", check["p95"] < 20_000))
    for label in (
        "public statistics (uncached)",
        "dashboard, national",
        "dashboard, region",
        "dashboard, national, figures computed",
        "dashboard, region, figures computed",
    ):
        if label in by and not by[label]["requests"]:
            met.append((f"{label} p95 < 300 ms", "no request finished in the run", False))
        elif label in by:
            met.append(
                (
                    f"{label} p95 < 300 ms",
                    f"p95 {ms(by[label]['p95'])} ms",
                    by[label]["p95"] < 300_000,
                )
            )
    return met


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default="quick", help="label written into RESULTS.md")
    parser.add_argument(
        "--duration", type=int, help="seconds of wrk per target (default: 10 at full scale, 5)"
    )
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--desks", type=int, default=8, help="concurrent desks on the registry API")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="measure every target this many times, one round after another, and report the"
        " median (this shared machine's speed drifts by a quarter within minutes)",
    )
    parser.add_argument(
        "--no-cluster", action="store_true", help="skip the Varnish + 2 instances run"
    )
    parser.add_argument(
        "--only",
        choices=["pages", "api", "dashboards"],
        action="append",
        help="measure only these groups (repeatable); printed, RESULTS.md is not written",
    )
    args = parser.parse_args(argv)
    groups = set(args.only or ("pages", "api", "dashboards"))
    if args.duration is None:
        args.duration = 10 if args.scale == "full" else 5
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")
    database_url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    redis_url = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL)
    env = bench_env(database_url, redis_url)
    args.machine = machine()

    subprocess.run(
        [str(BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )

    # In-process Django with the same settings: target URLs, query counts, API and session setup.
    os.environ.update(env)
    sys.path.insert(0, str(ROOT / "site"))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    sizes = data_sizes()
    paths = targets()
    started = time.monotonic()
    counts = count_queries([p for _, p in paths] if "pages" in groups else [])
    print(f"queries counted in {time.monotonic() - started:.1f}s: {counts}", flush=True)
    card_count = 2_000 * args.duration
    tokens, all_numbers = registry_setup(card_count * args.rounds, args.desks)
    show_tokens, show_ids = show_setup(args.desks)
    numbers = all_numbers
    print(f"registry: {len(numbers)} cards ready for the API run", flush=True)
    dashboard_cookie = national_session()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "--pythonpath",
            "site",
            "config.wsgi",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    rounds = []
    workdir = Path(tempfile.mkdtemp(prefix="kaiku-bench-"))
    try:
        wait_until_up(base, proc)
        script = workdir / "summary.lua"
        script.write_text(LUA)

        def measure(label, path, queries, headers=(), lua=None, connections=None, threads=None):
            # Fetched once first (status, size; warms the caches); the API rows are scripted.
            status, size = ("scripted", 0) if lua else fetch(base + path, headers)
            result = run_wrk(
                base + path,
                args.duration,
                threads or args.threads,
                connections or args.connections,
                str(lua or script),
                headers,
            )
            row = {
                "label": label,
                "path": path,
                "status": status,
                "bytes": size,
                **queries,
                **result,
            }
            rows.append(row)
            print(
                f"{label:32} {result['rps']:8.0f} req/s  p50 {ms(result['p50'])} ms"
                f"  p95 {ms(result['p95'])} ms  p99 {ms(result['p99'])} ms",
                flush=True,
            )
            return row

        for round_ in range(args.rounds):
            if args.rounds > 1:
                print(f"--- round {round_ + 1} of {args.rounds}", flush=True)
            rows = []
            rounds.append(rows)
            # Each round's desks use cards of their own (a card is used once a day per venue).
            per_round = len(all_numbers) // args.rounds
            numbers = all_numbers[round_ * per_round : (round_ + 1) * per_round]
            if "api" in groups and not numbers:
                sys.exit("no cards left that may be used today: generate the data set again")
            measure("static file (floor)", STATIC, {"queries": "0", "render_queries": 0})
            for label, path in paths if "pages" in groups else ():
                _s, render = counts[path]
                q = {"render_queries": render, "queries": str(render)}
                measure(f"{label} (uncached)", path, q, (UNCACHED_COOKIE,))

            # The registry API: 8 desks, each request a different card.
            numbers_file = workdir / "numbers.txt"
            numbers_file.write_text("\n".join(numbers) + "\n")
            api = (
                ("check card (API)", CHECK_REQUEST, f"/api/registry/cards/{numbers[0]}/", ()),
                ("record use (API)", USE_REQUEST, "/api/registry/uses/", ()),
                # The same cards at other venues (a card may be used at each venue once a day).
                ("record use against a show (API)", USE_SHOW_REQUEST, "/api/registry/uses/", 1),
            )
            for label, template, path, on_shows in api if "api" in groups else ():
                request = template % {"run": secrets.token_hex(4)}
                lua = workdir / f"{label.split()[0]}-{len(rows)}.lua"
                lua.write_text(
                    API_LUA
                    % {
                        "numbers": numbers_file,
                        "threads": args.desks,
                        "tokens": ", ".join(
                            f'"{t}"' for t in (show_tokens if on_shows else tokens)
                        ),
                        "shows": ", ".join(f'"{s}"' for s in (show_ids if on_shows else ())),
                        "request": request,
                    }
                    + LUA
                )
                before = use_count()
                row = measure(
                    label,
                    path,
                    {"queries": "–"},
                    lua=lua,
                    connections=args.desks,
                    threads=args.desks,
                )
                if label.startswith("record"):
                    committed = use_count() - before
                    committed_per_s = committed / (row["duration_us"] / 1e6)
                    row["committed_per_s"] = committed_per_s
                    row["path"] += f" ({committed:,} uses committed)"
                    print(f"record use: {committed} committed, {committed_per_s:.0f}/s", flush=True)

            dashboards = (
                ("dashboard, national", "/fi/registry/statistics/national/all/"),
                ("dashboard, region", "/fi/registry/statistics/region/kainuu/"),
            )
            for label, path in dashboards if "dashboards" in groups else ():
                measure(label, path, {"queries": "–"}, (dashboard_cookie,))
                # The same dashboard while a use is written every 5 ms and the figures' cache is
                # missed on every request (the views marked as just refreshed).
                with writing_uses():
                    row = measure(
                        f"{label}, figures computed", path, {"queries": "–"}, (dashboard_cookie,)
                    )
                row["path"] += " (a use every 5 ms, figures not cached)"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(workdir, ignore_errors=True)

    rows = median_rows(rounds)
    committed_per_s = next((r["committed_per_s"] for r in rows if "committed_per_s" in r), 0.0)
    if args.only:
        if args.rounds > 1:
            for r in rows:
                print(f"{r['label']:32} median: p50 {ms(r['p50'])} ms  p95 {ms(r['p95'])} ms")
        return rows
    cluster = {}
    if not args.no_cluster and shutil.which("varnishd") and shutil.which("nginx"):
        from bench import cluster as cluster_bench

        cluster = cluster_bench.main(
            ["--duration", str(args.duration), "--rounds", str(args.rounds)]
        )
    settings_line = (
        f"{args.rounds} round{'s' if args.rounds > 1 else ''} of "
        f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s per page on loopback"
        f" ({args.desks} connections for the registry API); gunicorn {args.workers} sync workers;"
        " config.settings.production, DEBUG off, PostgreSQL, Redis cache"
    )
    # The raw figures first, so that nothing measured is lost should the table fail.
    raw = results_path(args.scale).with_suffix(".json")
    raw.write_text(
        json.dumps(
            {
                "rows": rows,
                "rounds": rounds,
                "sizes": sizes,
                "cluster": cluster,
                "committed_per_s": committed_per_s,
            },
            indent=1,
            default=str,
        )
    )
    met = evaluate(rows, committed_per_s, cluster)
    if "dashboards" in groups:
        sizes["statistics refresh (s)"] = round(refresh_seconds(), 1)
        equal, detail = figures_equal()
        met.append(("every figure equal to the raw-row computation", detail, equal))
    write_results(args, rows, sizes, settings_line, met, cluster)


if __name__ == "__main__":
    main()
