"""Instructions per request of public pages: a repeatable measure on a machine whose speed drifts.

    .venv/bin/python scripts/page_instructions.py /topics/right-to-life/ /events/ [--requests 3]

Runs under `valgrind --tool=callgrind` (Debian's valgrind), on the pages benchmark's scratch
database (var/bench/pages.sqlite3: run `make bench` once first), with DEBUG and the page cache
off as `manage.py bench_pages` has them. Each URL is warmed up uninstrumented; collection is
switched on (`callgrind_control -i on`) only around the timed requests. Counts are user-space
instructions (Python and SQLite; not the kernel's work), the same on every run, busy machine or not.
"""

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child(url: str, requests: int) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client, override_settings

    connection.settings_dict["NAME"] = str(ROOT / "var" / "bench" / "pages.sqlite3")
    with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"], KENES_PAGE_CACHE_SECONDS=0):
        client = Client()
        for _ in range(3):
            assert client.get(url).status_code == 200, url
        pid = str(os.getpid())
        subprocess.run(["callgrind_control", "-i", "on", pid], capture_output=True, check=True)  # noqa: S603, S607
        for _ in range(requests):
            client.get(url)
        subprocess.run(["callgrind_control", "-i", "off", pid], capture_output=True, check=True)  # noqa: S603, S607


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--requests", type=int, default=3)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.urls[0], args.requests)
        return
    for url in args.urls:
        # A developer tool: fixed commands, the URLs are the caller's own arguments.
        run = subprocess.run(  # noqa: S603
            ["valgrind", "--tool=callgrind", "--instr-atstart=no", "--callgrind-out-file=/dev/null",  # noqa: S607
             sys.executable, __file__, "--child", "--requests", str(args.requests), url],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        collected = int(re.search(r"Collected : (\d+)", run.stderr).group(1))
        print(f"{collected / args.requests / 1e6:8.1f} M instructions per request  {url}")


if __name__ == "__main__":
    main()
