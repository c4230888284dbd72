"""CPU per query of bench_search's mix on the PostgreSQL backend: this process's and its database
server process's (/proc/<pid>/schedstat), the figure another engineer's load disturbs least.

    DATABASE_URL=postgres://... DJANGO_DEBUG=1 .venv/bin/python scripts/postgres_search_cpu.py \
        --build 100000 --rounds 5

--build N replaces the index in that database with bench_search's corpus of N records (kept,
unlike bench_search's rolled-back run), so later runs measure the same rows without building
again. docs/benchmarks.md ("Several servers") has the figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()


from bench import search as bench  # noqa: E402
from kb.search.backends.base import SearchRequest  # noqa: E402
from kb.search.backends.postgres import PostgresBackend  # noqa: E402
from kb.search.query import parse  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", type=int, default=0, help="replace the index: N records")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    backend = PostgresBackend()
    if args.build:
        docs = bench.corpus(args.build)
        started = time.perf_counter()
        backend.rebuild(iter(docs))
        print(f"built {args.build / (time.perf_counter() - started):,.0f} records/s")
    server_clock = bench.server_cpu()
    if server_clock is None:
        sys.exit("needs a PostgreSQL server on this machine (DATABASE_URL)")

    def server_ms() -> float:
        return server_clock() * 1000

    def run(q: str) -> None:
        backend.search(SearchRequest(parse(q), per_page=20))

    for _kind, q in bench.QUERY_MIX:  # warm, as a running server is
        run(q)
    per_query: dict[str, list[tuple[float, float]]] = {q: [] for _kind, q in bench.QUERY_MIX}
    for _ in range(args.rounds):
        for _kind, q in bench.QUERY_MIX:
            server, client = server_ms(), time.process_time()
            run(q)
            per_query[q].append((server_ms() - server, (time.process_time() - client) * 1000))
    print("| query | server CPU (ms) | client CPU (ms) |")
    print("| --- | ---: | ---: |")
    for q, times in per_query.items():
        server = statistics.median(s for s, _ in times)
        client = statistics.median(c for _, c in times)
        print(f"| `{q}` | {server:.1f} | {client:.1f} |")
    median, p95 = bench.median_p95(s + c for times in per_query.values() for s, c in times)
    print(f"\nCPU (server + client) median {median:.1f} ms, p95 {p95:.1f} ms")
    print(os.popen("uptime").read().strip())  # noqa: S605, S607 (the load, for the record)


if __name__ == "__main__":
    main()
