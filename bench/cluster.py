"""Two app servers behind Varnish, measured with wrk against nginx serving the same bytes
(issue 18: whole pages cached by Varnish).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kaiku_bench \\
        .venv/bin/python -m bench.cluster [--duration 5] [--rounds 3] [--write bench/RESULTS.md]

The topology of tests/cluster/ (bench/topology.py) on the bench database: gunicorn instances with
production settings and the shared Redis cache, media in moto's S3 server, varnishd with
deploy/varnish/default.vcl in front. Each anonymous public page is fetched through Varnish, its
bytes written to a file that nginx serves (the floor: the same bytes as a static file), and both
are loaded with wrk at -c1 and -c8, every round one after another; each figure is the median
over the rounds. Then a news page is published by an app instance's own code (`manage.py shell`
with the instances' environment, so it purges Varnish as they do) and fetched once through
Varnish: "publish fresh on next request" says whether that first answer had the new title, and
how long after the publish it came. `main()` prints every line and returns the figures;
`--write FILE` replaces this benchmark's section of a RESULTS file (and nothing else in it).
"""

import argparse
import datetime
import json
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench import topology

PAGES = [("home", "/fi/"), ("region home", "/fi/alueet/kainuu/"), ("finder", "/fi/kohteet/")]
CONCURRENCY = (1, 8)
HEADING = "## Varnish in front of two app instances (bench/cluster.py)"
LIMIT = 1.5  # issue 18: p50 through Varnish at most 1.5× nginx serving the same bytes

# Run by `manage.py shell` with the instances' environment: a live Finnish news page (path,
# title, host), and with a new title, publishing it as the admin's publish does.
NEWS_PAGE = """
import json
from wagtail.models import Site
from home.models import NewsPage
site = Site.objects.get(is_default_site=True)
page = NewsPage.objects.live().filter(locale__language_code="fi").order_by("path").first()
root = site.root_page.url_path
info = {"id": page.pk, "path": "/fi/" + page.url_path[len(root):], "title": page.title,
        "host": site.hostname}
if TITLE:
    page.title = TITLE
    page.save_revision().publish()
print("NEWS " + json.dumps(info))
"""


def get(url, host):
    request = urllib.request.Request(url, headers={"Host": host, "Accept-Encoding": "identity"})
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (loopback)
        return response.status, response.headers.get("X-Cache"), response.read()


def news_page(env, title=""):
    """The news page's {id, path, title, host}; published with `title` when given."""
    out = subprocess.run(  # noqa: S603
        [
            str(topology.BIN / "python"),
            "manage.py",
            "shell",
            "-c",
            f"TITLE = {title!r}\n" + NEWS_PAGE,
        ],
        cwd=topology.ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    line = next(line for line in out.stdout.splitlines() if line.startswith("NEWS "))
    return json.loads(line[len("NEWS ") :])


def publish_fresh(cluster):
    """Publish a new title of a news page; is the next anonymous GET through Varnish fresh?"""
    page = news_page(cluster.env)
    url = cluster.proxy_url + page["path"]
    get(url, page["host"])
    _status, mark, _body = get(url, page["host"])
    title = f"{page['title']} {secrets.token_hex(3)}"
    news_page(cluster.env, title)
    published = time.monotonic()
    _status, after, body = get(url, page["host"])
    delay = time.monotonic() - published
    fresh = title in body.decode(errors="replace")
    return {"page": page["path"], "before": mark, "after": after, "fresh": fresh, "delay": delay}


def measure(url, args, connections, script, host):
    from bench.run import run_wrk

    return run_wrk(url, args.duration, 1, connections, script, (f"Host: {host}",))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds of wrk per target")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per instance")
    parser.add_argument("--instances", type=int, default=2)
    parser.add_argument("--write", type=Path, help="a RESULTS file whose section to replace")
    # Known options only: bench/run.py may call main() while its own arguments are in sys.argv.
    args, _unknown = parser.parse_known_args(argv)
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: `make bench` installs it")
    from bench.run import DEFAULT_DATABASE_URL, DEFAULT_REDIS_URL, LUA

    database_url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    redis_url = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL)
    media_root = Path(os.environ.get("MEDIA_ROOT", topology.ROOT / "var" / "media"))
    results = {
        "run": f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, database"
        f" `{database_url.rsplit('/', 1)[-1]}`, load {os.getloadavg()[0]:.1f} at start",
        "instances": args.instances,
        "workers_per_instance": args.workers,
        "load": f"{args.rounds} rounds of wrk -t1 -c1 and -c8 -d{args.duration}s",
        "targets": [],
    }
    topology.flush_redis(redis_url)  # no fragment of another run's data
    with tempfile.TemporaryDirectory(prefix="kaiku-bench-cluster-") as workdir:
        work = Path(workdir)
        script = work / "summary.lua"
        script.write_text(LUA)
        floor_root = work / "floor"
        floor_root.mkdir()
        with topology.Cluster(
            database_url,
            redis_url,
            work / "cluster",
            instances=args.instances,
            workers=args.workers,
            media_root=media_root,
        ) as cluster:
            host = news_page(cluster.env)["host"]
            nginx_port = topology.free_port()
            nginx_url = f"http://127.0.0.1:{nginx_port}"
            targets = []
            for i, (label, path) in enumerate(PAGES):
                url = cluster.proxy_url + path
                status, _mark, body = get(url, host)
                _status, mark, again = get(url, host)
                (floor_root / f"{i}.html").write_bytes(again)
                targets.append((label, path, url, f"{nginx_url}/{i}.html", status, mark, again))
            nginx = topology.start_nginx(work, floor_root, nginx_port)
            try:
                topology.wait_http(f"{nginx_url}/0.html", nginx, name="nginx", success=True)
                rounds = []
                for round_ in range(args.rounds):
                    rows = {}
                    for label, _path, url, floor_url, *_rest in targets:
                        for c in CONCURRENCY:
                            rows[label, c, "varnish"] = measure(url, args, c, str(script), host)
                            rows[label, c, "nginx"] = measure(floor_url, args, c, str(script), host)
                    rounds.append(rows)
                    print(f"round {round_ + 1} of {args.rounds} done", flush=True)
            finally:
                topology.stop(nginx)
            for label, path, _url, _floor, status, mark, body in targets:
                for c in CONCURRENCY:
                    varnish = statistics.median(r[label, c, "varnish"]["p50"] for r in rounds)
                    floor = statistics.median(r[label, c, "nginx"]["p50"] for r in rounds)
                    rps = statistics.median(r[label, c, "varnish"]["rps"] for r in rounds)
                    # Non-2xx answers and socket errors of both servers over every round.
                    errors = sum(
                        r[label, c, server][kind]
                        for r in rounds
                        for server in ("varnish", "nginx")
                        for kind in ("status_errors", "socket_errors")
                    )
                    row = {
                        "label": label,
                        "path": path,
                        "status": status,
                        "x_cache": mark,
                        "bytes": len(body),
                        "connections": c,
                        "rps": rps,
                        "p50": varnish,
                        "floor_p50": floor,
                        "ratio": varnish / (floor or 1),
                        "errors": errors,
                    }
                    results["targets"].append(row)
                    print(
                        f"{label:12} -c{c}  Varnish p50 {ms(varnish)} ms ({mark}),"
                        f" nginx static p50 {ms(floor)} ms: {row['ratio']:.2f}×;"
                        f" {len(body):,} bytes, {errors} errors",
                        flush=True,
                    )
            results["publish"] = publish_fresh(cluster)
            p = results["publish"]
            print(
                f"publish fresh on next request: {'yes' if p['fresh'] else 'no'}, {p['delay']:.3f} s"
            )
    if args.write:
        args.write.with_name(f"{args.write.stem}-cluster.json").write_text(
            json.dumps(results, indent=1)
        )
        write_section(args.write, results)
    return results


def ms(us):
    """Microseconds as milliseconds to the microsecond (cached answers take tens of them)."""
    return f"{us / 1000:.3f}"


def section(results):
    """This benchmark's section of RESULTS.md, as lines."""
    rows = results["targets"]
    worst = max(rows, key=lambda r: r["ratio"]) if rows else None
    publish = results.get("publish") or {}
    lines = [
        HEADING,
        "",
        f"{results.get('run', '')}: {results['instances']} instances ×"
        f" {results['workers_per_instance']} gunicorn workers,"
        f" Varnish (deploy/varnish/default.vcl) in front; {results['load']} per target, median"
        " of the rounds. Floor: nginx serving the bytes Varnish answered, as a static file.",
        "",
        "| page | path | X-Cache | bytes | -c | req/s | p50 ms Varnish | p50 ms nginx static |"
        " ratio | errors |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r['label']} | `{r['path']}` | {r['x_cache']} | {r['bytes']:,} | {r['connections']} |"
        f" {r['rps']:.0f} | {ms(r['p50'])} | {ms(r['floor_p50'])} | {r['ratio']:.2f}× |"
        f" {r['errors']} |"
        for r in rows
    ]
    if worst:
        met = "yes" if worst["ratio"] <= LIMIT else "**no**"
        lines += [
            "",
            f"- anonymous pages through Varnish ≤ {LIMIT}× nginx static at p50 (-c1 and -c8):"
            f" worst {worst['label']} -c{worst['connections']} {worst['ratio']:.2f}×; met: {met}",
        ]
    if publish:
        lines.append(
            f"- publish fresh on next request: {'yes' if publish['fresh'] else '**no**'}"
            f" (`{publish['page']}` {publish['before']} before the publish, {publish['after']}"
            f" on the next request, {publish['delay'] * 1000:.0f} ms after the publish returned)"
        )
    return lines


def write_section(path, results):
    """Replace this benchmark's section of `path` (up to the next `## ` heading), or append it."""
    text = path.read_text() if path.exists() else ""
    new = "\n".join(section(results)) + "\n"
    pattern = re.compile(
        r"^## (?:Varnish in front|Two app instances behind nginx)[^\n]*\n.*?(?=^## |\Z)",
        re.S | re.M,
    )
    if pattern.search(text):
        text = pattern.sub(lambda _m: new + "\n", text, count=1).rstrip("\n") + "\n"
    else:
        text = text.rstrip("\n") + "\n\n" + new
    path.write_text(text)
    print(f"{path}: section '{HEADING[3:]}' written")


if __name__ == "__main__":
    main()
