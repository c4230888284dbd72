"""A PDF's text layer, with its paragraphs found again.

pypdf gives the text line by line. A paragraph break shows only as a wider gap between lines
or a change of type size, so each line's height and size on the page are recorded: a new size,
or a gap well above the usual spacing of lines of that size, becomes a blank line; lines of one
paragraph are joined again, and a word hyphenated across lines is mended.
"""

from __future__ import annotations

import io
import re
import statistics
from dataclasses import dataclass
from itertools import pairwise

from django.utils.translation import gettext

from .errors import DocumentRejected, Reason

# A gap this many times the document's usual line spacing starts a new paragraph.
PARAGRAPH_GAP = 1.4
MIN_LETTERS_PER_PAGE = 20


@dataclass
class _Line:
    y: float
    size: float
    text: str


def pdf_text(data: bytes) -> tuple[str, str]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentRejected(
                Reason.UNREADABLE, gettext("The PDF is protected by a password.")
            )
        pages = [_page_lines(page) for page in reader.pages]
        title = (reader.metadata or {}).get("/Title") or ""
    except DocumentRejected:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise DocumentRejected(
            Reason.UNREADABLE, gettext("The PDF cannot be read: %(error)s") % {"error": exc}
        ) from exc
    letters = sum(ch.isalpha() for lines in pages for line in lines for ch in line.text)
    if not pages or letters < MIN_LETTERS_PER_PAGE * len(pages):
        raise DocumentRejected(
            Reason.NO_TEXT_LAYER,
            gettext(
                "The PDF has no text layer (scanned pages?): run it through OCR first, or paste "
                "the text."
            ),
        )
    gaps: dict[float, list[float]] = {}
    for lines in pages:
        for a, b in pairwise(lines):
            if a.y > b.y and a.size == b.size:
                gaps.setdefault(a.size, []).append(a.y - b.y)
    spacing = {size: statistics.median(found) for size, found in gaps.items()}
    paragraphs: list[str] = []
    for lines in pages:
        paragraphs.extend(_paragraphs(lines, spacing))
    return "\n\n".join(paragraphs), str(title)


def _page_lines(page) -> list[_Line]:
    lines: list[_Line] = []

    def visit(text, cm, tm, font_dict, font_size):
        y = cm[5] + tm[5] * cm[3]
        size = round(font_size * abs(tm[3] or 1) * abs(cm[3] or 1) * 2) / 2
        if not text:
            return
        for i, part in enumerate(text.split("\n")):
            if i == 0 and lines and abs(lines[-1].y - y) < 0.5:
                lines[-1].text += part
            elif part.strip() or i == 0:
                lines.append(_Line(y=y, size=size, text=part))

    page.extract_text(visitor_text=visit)
    return [line for line in lines if line.text.strip()]


def _paragraphs(lines: list[_Line], spacing: dict[float, float]) -> list[str]:
    paragraphs: list[list[str]] = []
    previous = None
    for line in lines:
        text = " ".join(line.text.split())
        new = (
            previous is None
            or previous.size != line.size
            or previous.y < line.y
            or previous.y - line.y > spacing.get(line.size, 0) * PARAGRAPH_GAP
        )
        if new:
            paragraphs.append([text])
        else:
            paragraphs[-1].append(text)
        previous = line
    return [_join(parts) for parts in paragraphs]


_HYPHENATED = re.compile(r"(\w)-$")


def _join(parts: list[str]) -> str:
    out = parts[0]
    for part in parts[1:]:
        mended = _HYPHENATED.search(out) and part[:1].islower()
        out = out[:-1] + part if mended else f"{out} {part}"
    return out
