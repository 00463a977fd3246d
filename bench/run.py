"""Serve the site as in production and measure it with wrk; write bench/RESULTS.md.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kaiku_bench \\
        .venv/bin/python -m bench.run --scale quick [--duration 10] [--connections 4] [--workers 4]

gunicorn (sync workers, production settings, DEBUG off, Redis cache) on a free loopback port;
every target is fetched once (HTML bytes, status), then loaded with wrk for a bounded time. SQL
queries per request are counted in-process through Django's test client, twice: on a cold cache
and on a warm one. The floor is a static file served by the same stack (WhiteNoise) in the same run.
"""

import argparse
import datetime
import json
import os
import platform
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
RESULTS = ROOT / "bench" / "RESULTS.md"
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
        }
    )
    return env


def targets():
    """(label, path) of every measured URL; paths that need the data are looked up in it."""
    from wagtail.models import Locale, Site

    from materials.models import MaterialsPage
    from partners.models import VenuePage
    from regions.models import Region

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
    rows = [
        ("static file (floor)", STATIC),
        ("home", "/fi/"),
        ("region home", "/fi/alueet/kainuu/"),
        ("finder", "/fi/kohteet/"),
        ("finder, filtered", f"/fi/kohteet/?category=swimming_hall&region={region.slug}"),
        ("venue page", path_of(venue)),
        ("search", "/fi/search/?q=museo"),
        ("materials page", path_of(materials)),
        ("public statistics", "/fi/statistics/"),
    ]
    return [(label, path) for label, path in rows if path]


def count_queries(paths):
    """{path: (status, cold queries, warm queries)} through the test client, in this process."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    client = Client(HTTP_HOST="127.0.0.1")
    counts = {}
    for path in paths:
        if path == STATIC:
            counts[path] = (200, 0, 0)
            continue
        numbers = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(path)
            numbers.append(len(ctx.captured_queries))
        counts[path] = (response.status_code, *numbers)
    cache.clear()
    return counts


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


def fetch(url):
    req = urllib.request.Request(url, headers={"Accept-Encoding": "identity"})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, len(r.read())
    except urllib.error.HTTPError as exc:
        return exc.code, len(exc.read())


def run_wrk(url, duration, threads, connections, script):
    cmd = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "10s",
        "-s",
        script,
        url,
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 60, check=True)
    for line in out.stdout.splitlines():
        if line.startswith("WRKJSON "):
            data = json.loads(line[len("WRKJSON ") :])
            data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
            return data
    raise RuntimeError(f"no wrk summary:\n{out.stdout}\n{out.stderr}")


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


def write_results(args, rows, sizes, settings_line):
    floor = rows[0]["p50"] or 1
    lines = [
        "# Benchmark results",
        "",
        f"- Date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        f"- Scale: `{args.scale}` ({', '.join(f'{v:,} {k}' for k, v in sizes.items())})",
        f"- Machine: {machine_line}" if (machine_line := args.machine) else "",
        f"- Load: {settings_line}",
        "- Ratio: p50 of the target / p50 of the static file served by the same stack in this run.",
        "- Queries: SQL queries of one request on a cold cache / on a warm cache (test client,"
        " same settings).",
        "",
        "| target | path | status | req/s | p50 ms | p95 ms | p99 ms | queries (cold/warm) |"
        " HTML bytes | ratio p50 to floor |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        errors = r["status_errors"] + r["socket_errors"]
        status = f"{r['status']}" + (f" ({errors} errors)" if errors else "")
        lines.append(
            f"| {r['label']} | `{r['path']}` | {status} | {r['rps']:.0f} | {ms(r['p50'])} |"
            f" {ms(r['p95'])} | {ms(r['p99'])} | {r['cold']}/{r['warm']} | {r['bytes']:,} |"
            f" {r['p50'] / floor:.1f}× |"
        )
    lines += [
        "",
        "Not measured yet: the registry API (check-card, record-use) and the dashboards.",
        "",
    ]
    RESULTS.write_text("\n".join(line for line in lines if line is not None) + "\n")
    print(RESULTS.read_text())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default="quick", help="label written into RESULTS.md")
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per target")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args(argv)
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

    # In-process Django with the same settings: target URLs and query counts.
    os.environ.update(env)
    sys.path.insert(0, str(ROOT / "site"))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    sizes = data_sizes()
    paths = targets()
    started = time.monotonic()
    counts = count_queries([p for _, p in paths])
    print(f"queries counted in {time.monotonic() - started:.1f}s: {counts}", flush=True)

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
    rows = []
    try:
        wait_until_up(base, proc)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
            f.write(LUA)
            script = f.name
        for label, path in paths:
            status, size = fetch(base + path)  # also warms the cache
            result = run_wrk(base + path, args.duration, args.threads, args.connections, script)
            _s, cold, warm = counts[path]
            rows.append(
                {
                    "label": label,
                    "path": path,
                    "status": status,
                    "bytes": size,
                    "cold": cold,
                    "warm": warm,
                    **result,
                }
            )
            print(
                f"{label:22} {result['rps']:8.0f} req/s  p50 {ms(result['p50'])} ms"
                f"  p95 {ms(result['p95'])} ms  p99 {ms(result['p99'])} ms",
                flush=True,
            )
        os.unlink(script)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
    settings_line = (
        f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s per target on loopback;"
        f" gunicorn {args.workers} sync workers; config.settings.production, DEBUG off,"
        " PostgreSQL, Redis cache"
    )
    write_results(args, rows, sizes, settings_line)


if __name__ == "__main__":
    main()
