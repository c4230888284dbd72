"""Gathers the code's translatable strings into each language's .po (kb/catalogues.py)."""

from django.core.management.base import BaseCommand

from kb import catalogues


class Command(BaseCommand):
    help = "Adds the code's and templates' new strings to locale/*/LC_MESSAGES/*.po."

    def handle(self, *args, **options):
        for domain in catalogues.DOMAINS:
            template = catalogues.extract(domain)
            for language in catalogues.LANGUAGES:
                catalog = catalogues.update(language, template)
                missing = [m for m in catalog if m.id and (not m.string or m.fuzzy)]
                self.stdout.write(
                    f"{language}: {len(template)} strings, {len(missing)} to translate "
                    f"({catalogues.po_path(language, domain)})"
                )
