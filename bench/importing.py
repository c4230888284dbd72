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


def release_paragraphs(pages: int = 20, seed: int = 1) -> list[str]:
    """About a page of a release per six paragraphs; every figure printed with its % sign."""
    rng = random.Random(seed)
    paragraphs = [
        "Public opinion monitor: what citizens think, wave 12",
        "The Institute conducted a survey from 3 to 15 March 2024. A total of 1,200 adults were "
        "interviewed by telephone in 17 regions. The margin of error does not exceed 2.8% at a "
        "95% confidence level. The response rate was 41%.",
    ]
    while len(paragraphs) < pages * 6:
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
