"""Two app servers behind nginx, measured through nginx with wrk (issue 7: stateless app servers).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kaiku_bench \\
        .venv/bin/python -m bench.cluster [--duration 10] [--connections 8] [--workers 2]

The topology of tests/cluster/ (bench/topology.py) on the bench database: gunicorn instances with
production settings and the shared Redis cache, media in moto's S3 server (the local MEDIA_ROOT
copied into it), nginx round-robin in front. wrk loads the home page and a static file through
nginx for `--duration` seconds each. `main()` prints one line per target, as bench/run.py does,
and returns the figures as a dict.
"""

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from bench import topology

TARGETS = [("home", "/fi/"), ("static file (floor)", topology.STATIC_PROBE)]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per target")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per instance")
    parser.add_argument("--instances", type=int, default=2)
    # Known options only: bench/run.py may call main() while its own arguments are in sys.argv.
    args, _unknown = parser.parse_known_args(argv)
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")
    # bench.run's defaults, wrk runner and summary script (imported here: bench.run may import us).
    from bench.run import DEFAULT_DATABASE_URL, DEFAULT_REDIS_URL, LUA, fetch, ms, run_wrk

    database_url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    redis_url = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL)
    media_root = Path(os.environ.get("MEDIA_ROOT", topology.ROOT / "var" / "media"))
    results = {
        "instances": args.instances,
        "workers_per_instance": args.workers,
        "load": f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s through nginx",
        "targets": [],
    }
    with tempfile.TemporaryDirectory(prefix="kaiku-bench-cluster-") as workdir:
        script = Path(workdir) / "summary.lua"
        script.write_text(LUA)
        with topology.Cluster(
            database_url,
            redis_url,
            Path(workdir) / "cluster",
            instances=args.instances,
            workers=args.workers,
            media_root=media_root,
            access_log=False,
        ) as cluster:
            for label, path in TARGETS:
                url = cluster.nginx_url + path
                status, size = fetch(url)  # also warms the caches
                result = run_wrk(url, args.duration, args.threads, args.connections, str(script))
                label = f"{label}, {args.instances} instances"
                results["targets"].append(
                    {"label": label, "path": path, "status": status, "bytes": size, **result}
                )
                print(
                    f"{label:34} {result['rps']:8.0f} req/s  p50 {ms(result['p50'])} ms"
                    f"  p95 {ms(result['p95'])} ms  p99 {ms(result['p99'])} ms",
                    flush=True,
                )
    return results


if __name__ == "__main__":
    main()
