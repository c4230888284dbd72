import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench import search as bench
from bench import transcripts as bench_transcripts


class Command(BaseCommand):
    help = (
        "Benchmark search on a synthetic corpus: Whoosh, PostgreSQL full-text search (when the "
        "database is PostgreSQL), an icontains scan and SQLite FTS5. Prints a Markdown table. "
        "Leaves the real index and tables as they were."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--sizes",
            default="1000,10000",
            help="Corpus sizes, comma-separated (e.g. 1000,10000,100000).",
        )
        parser.add_argument(
            "--engines",
            default="whoosh,postgres,icontains,fts5",
            help="Which to run, comma-separated.",
        )
        parser.add_argument("--rounds", type=int, default=5, help="Times the query mix is run.")
        parser.add_argument(
            "--quality",
            action="store_true",
            help="Instead of timing: success@3 and MRR of the judged query set (bench/judged.toml) "
            "on each backend (--engines whoosh,postgres), and the queries that fail.",
        )
        parser.add_argument(
            "--transcript-segments",
            type=int,
            default=0,
            help="Add this many transcript passages (one per segment) to each corpus.",
        )

    def handle(self, *args, sizes, engines, rounds, quality, transcript_segments=0, **options):
        if quality:
            return self._quality({e.strip() for e in engines.split(",")})
        try:
            size_list = [int(s) for s in sizes.split(",") if s.strip()]
        except ValueError as exc:
            raise CommandError(f"--sizes: {exc}") from exc
        chosen = {e.strip() for e in engines.split(",")}
        rows = []
        self.stdout.write(
            f"Query mix: {len(bench.QUERY_MIX)} queries "
            f"({', '.join(sorted({k for k, _ in bench.QUERY_MIX}))}), {rounds} rounds."
        )
        for size in size_list:
            started = time.perf_counter()
            docs = bench.corpus(size)
            if transcript_segments:
                docs += bench_transcripts.passages(docs, transcript_segments)
                self.stdout.write(f"  and {transcript_segments} transcript passages")
            self.stdout.write(f"{size} records generated in {time.perf_counter() - started:.1f}s")
            if "whoosh" in chosen:
                with tempfile.TemporaryDirectory(prefix="kenes-bench-") as tmp:
                    row = bench.bench_whoosh(docs, size, Path(tmp) / "index", rounds)
                    row.note = f"web process RSS {self._serving_rss(Path(tmp) / 'index')} MB"
                    if row.cpu:
                        row.note += f"; CPU median {row.cpu[0]:.1f}, p95 {row.cpu[1]:.1f} ms"
                    rows.append(self._report(row))
            if "postgres" in chosen:
                if connection.vendor == "postgresql":
                    rows.append(self._report(bench.bench_postgres(docs, size, rounds)))
                else:
                    self.stdout.write("  PostgreSQL: skipped (the database is not PostgreSQL)")
            if "icontains" in chosen:
                rows.append(self._report(bench.bench_icontains(docs, size, rounds)))
            if "fts5" in chosen:
                rows.append(self._report(bench.bench_fts5(docs, size, rounds)))
        self.stdout.write("")
        self.stdout.write(
            "| engine | records | build (records/s) | median (ms) | p95 (ms) | note |"
        )
        self.stdout.write("| --- | ---: | ---: | ---: | ---: | --- |")
        for row in rows:
            build = f"{row.build_per_s:,.0f}" if row.build_per_s else "–"
            self.stdout.write(
                f"| {row.engine} | {row.size:,} | {build} | {row.median_ms:.1f} | "
                f"{row.p95_ms:.1f} | {row.note} |"
            )
        self.stdout.write(f"\n(peak RSS of this benchmark process: {_rss_mb()} MB)")

    def _quality(self, engines: set[str]):
        from bench import quality as judged

        scores = judged.measure(engines)
        if not scores:
            raise CommandError("no backend to measure: --engines whoosh and/or postgres")
        count = len(scores[0].outcomes)
        self.stdout.write(f"Judged query set: {count} queries ({judged.JUDGED.name}).")
        for score in scores:
            failures = score.failures()
            self.stdout.write(f"\n{score.backend}: {len(failures)} of {count} not in the top 3")
            for outcome in failures:
                j = outcome.judged
                rank = outcome.rank or f">{judged.DEPTH}"
                self.stdout.write(
                    f"  [{j.kind}, {j.corpus}] {j.q!r}: wanted {' or '.join(j.expect)} "
                    f"(rank {rank}); got {', '.join(outcome.found[:3]) or 'nothing'}"
                )
        self.stdout.write("\n| backend | queries | success@3 | MRR |")
        self.stdout.write("| --- | ---: | ---: | ---: |")
        for score in scores:
            self.stdout.write(
                f"| {score.backend} | {count} | {score.success_at_3:.3f} | {score.mrr:.3f} |"
            )

    def _report(self, row):
        if row.index_mb is not None:
            row.note = "; ".join(filter(None, [row.note, f"index {row.index_mb:,.0f} MB"]))
        build = f"{row.build_per_s:,.0f} rec/s, " if row.build_per_s else ""
        self.stdout.write(
            f"  {row.engine}: {build}median {row.median_ms:.1f} ms, p95 {row.p95_ms:.1f} ms"
        )
        return row

    def _serving_rss(self, index_dir: Path) -> str:
        """Peak memory of a fresh Django process that serves the query mix from this index."""
        code = (
            "from bench import search as bench; "
            "from kb.search.backends import get_backend; "
            "from kb.search.backends.base import SearchRequest; from kb.search.query import parse\n"
            "b = get_backend('whoosh')\n"
            "for _ in range(3):\n"
            "    for _k, q in bench.QUERY_MIX: b.search(SearchRequest(parse(q)))\n"
            # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across exec.
            "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0]\n"
            "print('RSS', int(hwm.split()[1]) // 1024)"
        )
        env = {"KENES_INDEX_DIR": str(index_dir), "KENES_SEARCH_BACKEND": "whoosh"}
        result = subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
            [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "shell", "-c", code],
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        for line in result.stdout.splitlines():
            if line.startswith("RSS "):
                return line.split()[1]
        return "?"


def _rss_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
