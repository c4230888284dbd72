from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kb.backups import BackupError, kb_export


class Command(BaseCommand):
    help = (
        "Export everything staff made (events, people, organizations, topics, surveys, documents, "
        "staff accounts, the admin's history) to one JSON file with natural keys. "
        "A name ending in .gz, .bz2 or .xz is compressed."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The file to write, e.g. kenes-backup.json.gz")

    def handle(self, *args, path, **options):
        try:
            count = kb_export(path=path)
        except BackupError as exc:
            raise CommandError(f"Nothing was exported: {exc}") from exc
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"Exported {count} records to {path}."))
