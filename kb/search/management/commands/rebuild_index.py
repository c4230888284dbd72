import time

from django.core.management.base import BaseCommand, CommandError

from kb.search.backends import SearchUnavailable, get_backend
from kb.search.maintenance import index_rebuild


class Command(BaseCommand):
    help = "Rebuild the whole search index from the database (published records only)."

    def handle(self, *args, **options):
        backend = get_backend()
        verbose = options["verbosity"] > 0
        started = time.monotonic()

        def progress(count):
            if verbose:
                self.stdout.write(f"  {count} records indexed …")

        if verbose:
            self.stdout.write(f"Rebuilding the {backend.name} search index …")
        try:
            counts = index_rebuild(backend=backend, progress=progress)
        except SearchUnavailable as exc:
            raise CommandError(f"The index was not rebuilt: {exc}") from exc
        elapsed = time.monotonic() - started
        if verbose:
            detail = ", ".join(f"{n} {kind}" for kind, n in counts.items())
            total = sum(counts.values())
            self.stdout.write(
                self.style.SUCCESS(
                    f"Indexed {total} records in {elapsed:.1f}s ({detail or 'nothing to index'})."
                )
            )
