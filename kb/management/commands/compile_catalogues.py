"""Writes the .mo files Django reads from the .po files (kb/catalogues.py), without GNU gettext."""

from django.core.management.base import BaseCommand

from kb import catalogues


class Command(BaseCommand):
    help = "Compiles locale/*/LC_MESSAGES/*.po into .mo files (pure Python, Babel)."

    def handle(self, *args, **options):
        for path in catalogues.compile_all():
            self.stdout.write(f"Wrote {path}")
