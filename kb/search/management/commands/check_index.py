from django.core.management.base import BaseCommand, CommandError

from kb.search.backends import SearchUnavailable, get_backend
from kb.search.maintenance import index_check


class Command(BaseCommand):
    help = (
        "Compare the search index with the database: list records missing from it, stale in it "
        "or that should not be in it. Exits non-zero when they differ."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=50, help="Keys listed per kind of drift.")

    def handle(self, *args, limit, **options):
        try:
            status = index_check(backend=get_backend())
        except SearchUnavailable as exc:
            raise CommandError(
                f"The index cannot be read: {exc}. Run manage.py rebuild_index."
            ) from exc
        for title, keys in (
            ("missing from the index", status.missing),
            ("stale in the index", status.stale),
            ("in the index but not public", status.extra),
        ):
            if keys:
                self.stdout.write(f"{len(keys)} record(s) {title}:")
                for key in keys[:limit]:
                    self.stdout.write(f"  {key}")
        if status.pending:
            self.stdout.write(f"{status.pending} change(s) queued, not yet applied.")
        if not status.ok:
            raise CommandError(
                "The search index differs from the database; run manage.py rebuild_index."
            )
        self.stdout.write(self.style.SUCCESS("The search index matches the database."))
