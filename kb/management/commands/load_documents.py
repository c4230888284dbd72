from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kb.services import FixtureError, documents_load


class Command(BaseCommand):
    help = (
        "Load the source documents' fixtures (fixtures/*.json and fixtures/documents/*.txt). "
        "All or nothing; records that already exist are kept as they are unless --update."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", type=Path, help="Fixture files (default: all).")
        parser.add_argument("--directory", type=Path, help="Fixture folder (default: fixtures/).")
        parser.add_argument(
            "--update",
            action="store_true",
            help="Overwrite records that already exist with the fixtures' version.",
        )

    def handle(self, *args, files, directory, update, **options):
        try:
            report = documents_load(directory=directory, files=files or None, update=update)
        except FixtureError as exc:
            raise CommandError(f"Nothing was loaded: {exc}") from exc
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"Loaded {report}."))
