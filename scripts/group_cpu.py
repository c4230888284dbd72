#!/usr/bin/env python3
"""CPU per request of the load test's URL groups, in one process, with the page cache off.

    .venv/bin/python scripts/group_cpu.py [--workdir var/loadtest] [--rounds 2]

Reads the database and index that `scripts/loadtest.py` prepared (run it once first), picks the
same URLs (its PICK), and requests each group's URLs through Django's test client with
production settings (DEBUG off), timing the process's own CPU (time.process_time): on a shared
machine whose wall clock swings, a figure to compare the groups by (search beside detail).
"""

import argparse
import contextlib
import io
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, default=ROOT / "var" / "loadtest")
    parser.add_argument("--rounds", type=int, default=2, help="times each group is timed")
    args = parser.parse_args()
    work = args.workdir.resolve()
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="group-cpu-" + "x" * 50,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,testserver",
        DJANGO_LOG_LEVEL="ERROR",
        KENES_VAR_DIR=str(work),
        KENES_INDEX_DIR=str(work / "whoosh"),
        DJANGO_STATIC_ROOT=str(work / "static"),
        DATABASE_URL=f"sqlite:///{work / 'kenes.sqlite3'}",
        KENES_PAGE_CACHE_SECONDS="0",
    )
    sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]
    import django

    django.setup()
    import loadtest
    from django.test import Client

    picked = io.StringIO()
    with contextlib.redirect_stdout(picked):
        exec(loadtest.PICK.replace("django.setup()", "None"), {})  # noqa: S102 (our own code)
    urls = json.loads(picked.getvalue())
    client = Client(HTTP_HOST="127.0.0.1")
    for _round in range(args.rounds):
        figures = []
        for group in ("detail", "search", "list", "home"):
            for url in urls[group]:  # a warm-up that must answer 200
                status = client.get(url).status_code
                if status != 200:
                    sys.exit(f"group_cpu: {url} answered {status}")
            repeat = max(1, 300 // len(urls[group]))
            started = time.process_time()
            for _ in range(repeat):
                for url in urls[group]:
                    client.get(url)
            per = (time.process_time() - started) / (repeat * len(urls[group])) * 1000
            figures.append(f"{group} {per:.1f}")
        print("CPU ms per request: " + ", ".join(figures), flush=True)


if __name__ == "__main__":
    main()
