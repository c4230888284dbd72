"""Render every public page type many times on a large synthetic corpus; print median and p95.

The corpus lives in a scratch database made the way Django makes test databases: a SQLite file
under var/bench/ by default, or a `kenes_bench_pages` database on DATABASE_URL's PostgreSQL
server. It is kept between runs (filled once, reused) unless --fresh is given.
"""

import random
import statistics
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client, override_settings

from bench.synthetic import build_corpus
from kb.models import Event, Organization, Person, SourceDocument, Survey, Topic


class Command(BaseCommand):
    help = "Benchmark the public pages on a synthetic corpus (scratch database)."

    def add_arguments(self, parser):
        parser.add_argument("--events", type=int, default=10_000)
        parser.add_argument("--people", type=int, default=30_000)
        parser.add_argument("--organizations", type=int, default=2_000)
        parser.add_argument("--surveys", type=int, default=500)
        parser.add_argument("--questions", type=int, default=20, help="Questions per survey.")
        parser.add_argument("--runs", type=int, default=40, help="Timed requests per page type.")
        parser.add_argument("--fresh", action="store_true", help="Rebuild the scratch database.")
        parser.add_argument(
            "--db-name",
            default="",
            help="Scratch database: a file path for SQLite, a database name for PostgreSQL.",
        )
        parser.add_argument(
            "--languages",
            default="en",
            help="Interface languages to time, interleaved, e.g. en,ru (README, Languages).",
        )

    def handle(self, *args, **options):
        self._use_scratch_database(options["db_name"], fresh=options["fresh"])
        existing = Event.objects.filter(slug__startswith="syn-").count()
        if existing and existing != options["events"]:
            raise CommandError(
                f"The scratch database holds {existing} synthetic events, not "
                f"{options['events']}: run again with --fresh."
            )
        if not existing:
            started = time.perf_counter()
            report = build_corpus(
                events=options["events"],
                people=options["people"],
                organizations=options["organizations"],
                surveys=options["surveys"],
                questions_per_survey=options["questions"],
            )
            call_command("load_documents", verbosity=0)
            with connection.cursor() as cursor:
                # Fresh statistics, as a database that has lived a while has them.
                cursor.execute("ANALYZE")
            self.stdout.write(f"Built {report} in {time.perf_counter() - started:.1f} s")
        else:
            self.stdout.write("Reusing the synthetic corpus already in the scratch database.")
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

        pages = self._pages()
        languages = [code.strip() for code in options["languages"].split(",") if code.strip()]
        if languages != ["en"]:
            pages = [
                (f"{name} ({code})", [url if code == "en" else f"/{code}{url}" for url in urls])
                for name, urls in pages
                for code in languages
            ]
        client = Client()
        self.stdout.write(
            f"{connection.vendor} · {options['runs']} requests per page type · times in ms\n"
        )
        self.stdout.write(f"{'page':<22} {'median':>8} {'p95':>8} {'max':>8} {'cpu med':>8}")
        worst = 0.0
        timings = {name: [] for name, _urls in pages}
        cpu = {name: [] for name, _urls in pages}
        # The page cache (kb/pagecache.py) is off: this measures rendering, not a cache hit.
        with override_settings(
            DEBUG=False, ALLOWED_HOSTS=["testserver"], KENES_PAGE_CACHE_SECONDS=0
        ):
            for _name, urls in pages:
                for url in urls[:3]:  # warm caches (templates, connection)
                    self._get(client, url)
            # Rounds over every page type, rather than all runs of one type in a row: this
            # machine's speed drifts from minute to minute, and interleaving spreads the drift
            # over all page types instead of favouring whichever ran in a quiet minute.
            for i in range(options["runs"]):
                for name, urls in pages:
                    url = urls[i % len(urls)]
                    started, cpu_started = time.perf_counter(), time.process_time()
                    self._get(client, url)
                    timings[name].append((time.perf_counter() - started) * 1000)
                    cpu[name].append((time.process_time() - cpu_started) * 1000)
        for name, _urls in pages:
            times = timings[name]
            median = statistics.median(times)
            p95 = (
                statistics.quantiles(times, n=20, method="inclusive")[-1]
                if len(times) > 1
                else times[0]
            )
            worst = max(worst, median)
            self.stdout.write(
                f"{name:<22} {median:8.1f} {p95:8.1f} {max(times):8.1f} "
                f"{statistics.median(cpu[name]):8.1f}"
            )
        self.stdout.write(
            f"\nSlowest median: {worst:.1f} ms (target: under 30 ms). Wall-clock times; "
            "'cpu med' is this process's CPU time (excludes waiting for a busy machine and, on "
            "PostgreSQL, the server's work)."
        )

    def _use_scratch_database(self, name, *, fresh):
        """Point the default connection at a scratch database, as the test runner does."""
        test_settings = connection.settings_dict.setdefault("TEST", {})
        if connection.vendor == "sqlite":
            path = Path(name) if name else Path(settings.VAR_DIR) / "bench" / "pages.sqlite3"
            path.parent.mkdir(parents=True, exist_ok=True)
            if fresh and path.exists():
                path.unlink()
            test_settings["NAME"] = str(path)
        else:
            test_settings["NAME"] = name or "kenes_bench_pages"
        connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False, keepdb=not fresh
        )

    def _get(self, client, url):
        response = client.get(url)
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}")

    def _pages(self):
        """Page types with a few URLs each (details rotate through several objects)."""
        rng = random.Random(7)

        def sample(queryset, count=10):
            slugs = list(queryset.values_list("slug", flat=True)[:200])
            return rng.sample(slugs, min(count, len(slugs)))

        busiest = (
            Organization.objects.published()
            .filter(slug__startswith="syn-")
            .order_by("pk")
            .values_list("slug", flat=True)[:5]
        )
        topic = Topic.objects.published().order_by("pk").first()
        year = Event.objects.published().order_by("-date").first().date.year
        return [
            ("home", ["/"]),
            ("event list", ["/events/", "/events/?page=3", "/events/?ordering=title"]),
            (
                "event list filtered",
                [f"/events/?topic={topic.slug}&year={year}", "/events/?format=online&page=2"],
            ),
            ("event detail", [f"/events/{s}/" for s in sample(Event.objects.published())]),
            ("person list", ["/people/", "/people/?page=5", "/people/?role=moderator"]),
            ("person detail", [f"/people/{s}/" for s in sample(Person.objects.public())]),
            ("organization list", ["/organizations/", "/organizations/?kind=university"]),
            ("organization detail", [f"/organizations/{s}/" for s in busiest]),
            ("topic list", ["/topics/"]),
            ("topic detail", [f"/topics/{s}/" for s in sample(Topic.objects.published())]),
            ("survey list", ["/surveys/", "/surveys/?page=2", f"/surveys/?year={year - 1}"]),
            ("survey detail", [f"/surveys/{s}/" for s in sample(Survey.objects.published())]),
            (
                "document detail",
                [f"/documents/{s}/" for s in sample(SourceDocument.objects.published())],
            ),
        ]
