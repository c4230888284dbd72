from django.core.management.base import BaseCommand

from kb.search.indexing import drain
from kb.search.models import PendingChange


class Command(BaseCommand):
    help = (
        "Apply the queued search index changes now. Every save applies its own after it commits; "
        "run this from a timer on one machine to pick up what a killed process left queued. "
        "Safe to run anywhere at any time: one process drains at a time (the index lock)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--timeout", type=float, default=10.0, help="Seconds to wait for the index lock."
        )

    def handle(self, *args, timeout, **options):
        applied = drain(timeout=timeout)
        left = PendingChange.objects.count()
        self.stdout.write(f"Applied {applied} queued change(s); {left} left in the queue.")
