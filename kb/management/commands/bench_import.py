"""Time "Import a document" on a 20-page PDF release: reading, finding, the preview page."""

from django.core.management.base import BaseCommand, CommandError

from bench.importing import pdf_bytes, release_paragraphs, time_preview


class Command(BaseCommand):
    help = "Build a PDF release of N pages and time its admin preview (median of --runs)."

    def add_arguments(self, parser):
        parser.add_argument("--pages", type=int, default=20)
        parser.add_argument("--runs", type=int, default=5)

    def handle(self, *args, pages, runs, **options):
        try:
            data = pdf_bytes(release_paragraphs(pages), title="Benchmark release")
        except ImportError as exc:
            raise CommandError(
                f"reportlab is needed to build the PDF (make deps-dev): {exc}"
            ) from exc
        import io

        from pypdf import PdfReader

        actual = len(PdfReader(io.BytesIO(data)).pages)
        result = time_preview(data, runs=runs)
        self.stdout.write(
            f"{actual}-page PDF ({len(data) / 1024:.0f} KB, {result['figures']} percentages): "
            f"preview median {result['median']:.2f} s (CPU {result['cpu_median']:.2f} s), first "
            f"{result['first']:.2f} s, slowest {result['max']:.2f} s over {runs} runs; page "
            f"{result['page_bytes'] / 1024:.0f} KB"
        )
