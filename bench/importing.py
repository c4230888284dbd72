"""Documents written on the fly for the import tests and `make bench-import`: a release as a
PDF with a text layer (reportlab), as a scanned PDF with none, and as a Word document."""

from __future__ import annotations

import io
import random

PARAGRAPH_TEMPLATES = [
    "Asked about {topic}, {a}% of respondents said they fully agree and {b}% said they rather "
    "agree. In total {c}% disagree, including {d}% who strongly disagree and {e}% who rather "
    "disagree.",
    "Opinions on {topic} are divided: {a}% support the proposal, while {b}% oppose it. "
    "{c}% found it difficult to answer.",
    "Respondents could choose several answers about {topic}. Television was named by {a}%, "
    "social networks by {b}% and newspapers by {c}%; less than 2% named other sources.",
]
TOPICS = [
    "trust in courts", "the pension reform", "local elections", "the price of bread",
    "internet access", "the new school curriculum", "public transport", "labour migration",
]  # fmt: skip


# Releases explain as much as they count: the seed release has 57 figures in about three
# pages; with this share of prose paragraphs a page carries about as many (20 to 25).
PROSE_SHARE = 0.55
PROSE = [
    "The study touched upon the most controversial decisions of the authorities, as well as "
    "the perceptions and forecasts of citizens. Experts note that the results should be read "
    "together with the previous waves of the monitoring.",
    "Methodological note: the questionnaire was tested in a pilot in two regions; interviewers "
    "were trained by the Institute's field department, and ten per cent of interviews were "
    "checked by call-backs.",
    "Public debate on these questions has intensified since the spring, when the government "
    "published its draft programme and invited comments from civil society organizations.",
]


def release_paragraphs(pages: int = 20, seed: int = 1) -> list[str]:
    """About a page of a release per fifteen paragraphs; every figure printed with its % sign."""
    rng = random.Random(seed)
    paragraphs = [
        "Public opinion monitor: what citizens think, wave 12",
        "The Institute conducted a survey from 3 to 15 March 2024. A total of 1,200 adults were "
        "interviewed by telephone in 17 regions. The margin of error does not exceed 2.8% at a "
        "95% confidence level. The response rate was 41%.",
    ]
    while len(paragraphs) < pages * 15:
        if rng.random() < PROSE_SHARE:
            paragraphs.append(rng.choice(PROSE))
            continue
        template = rng.choice(PARAGRAPH_TEMPLATES)
        figures = {k: f"{rng.uniform(2, 60):.1f}" for k in "abcde"}
        paragraphs.append(template.format(topic=rng.choice(TOPICS), **figures))
    return paragraphs


def pdf_bytes(paragraphs: list[str], *, title: str = "") -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    out = io.BytesIO()
    styles = getSampleStyleSheet()
    story = []
    for i, text in enumerate(paragraphs):
        story.append(Paragraph(text, styles["Heading1" if i == 0 else "BodyText"]))
        story.append(Spacer(1, 10))
    SimpleDocTemplate(out, pagesize=A4, title=title).build(story)
    return out.getvalue()


def scanned_pdf_bytes(pages: int = 2) -> bytes:
    """Pages with shapes and no text at all, as a scanner's PDF has before OCR."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    drawing = canvas.Canvas(out, pagesize=A4)
    for _ in range(pages):
        for row in range(40):
            drawing.rect(50, 780 - row * 18, 400 + (row % 5) * 20, 8, fill=1)
        drawing.showPage()
    drawing.save()
    return out.getvalue()


def docx_bytes(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(paragraphs[0], level=1)
    for text in paragraphs[1:]:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                grid.cell(r, c).text = cell
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def time_preview(data: bytes, *, filename: str = "release.pdf", runs: int = 5) -> dict:
    """Seconds to read the file, find everything and render the admin preview page.

    The preview is rendered by the admin's own view, as a staff member's upload would be.
    """
    import statistics
    import time

    from django.contrib import admin
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import RequestFactory

    from kb.models import SourceDocument

    model_admin = admin.site._registry[SourceDocument]
    user = User(username="bench", is_staff=True, is_superuser=True, is_active=True)
    timings, cpu, size = [], [], 0
    for _ in range(runs):
        upload = SimpleUploadedFile(filename, data)
        request = RequestFactory().post("/admin/kb/sourcedocument/import/", {"file": upload})
        request.user = user
        started, started_cpu = time.perf_counter(), time.process_time()
        response = model_admin.import_view(request)
        response.render()
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        size = len(response.content)
        if response.status_code != 200 or b"import_form" not in response.content:
            raise RuntimeError("the preview did not render")
    return {
        "first": timings[0],
        "median": statistics.median(timings),
        "max": max(timings),
        "cpu_median": statistics.median(cpu),
        "figures": response.content.count(b'class="import-figure"'),
        "page_bytes": size,
    }
