from pathlib import Path

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError

from kb.backups import BackupError, kb_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by export_kb into an empty (migrated) database, all or nothing, "
        "then rebuild the search index. --replace deletes the content already there first."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="A file written by export_kb.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete the content already in the database, then restore (one transaction).",
        )

    def handle(self, *args, path, replace, **options):
        try:
            count = kb_restore(path=path, replace=replace)
        except BackupError as exc:
            raise CommandError(f"Nothing was restored: {exc}") from exc
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"Restored {count} records from {path}."))
        if "rebuild_index" in get_commands():
            call_command("rebuild_index", verbosity=options["verbosity"])
