"""Paragraphs and sentences with their offsets in the document's text.

A rule set rather than a general splitter: pysbd splits Russian after "т.е." and between
initials ("А.Б. считает"), and release prose is regular enough for a few rules. A sentence ends
at . ! ? or … followed by a space and a capital letter, digit, quote or dash; not after a known
abbreviation (Mr., Dr., Jan., т.е., проф.), an initial, or "г." naming a city. A line break ends
a sentence when the line ends with punctuation, when the next line is a list item or a table
row, or when the line is short (a heading); a table row is a sentence of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof st no nos vs e.g i.e approx dept univ jr sr jan feb mar apr jun jul aug
    sep sept oct nov dec fig p pp vol ed eds a.m p.m u.s u.k u.n ph.d cf al resp incl
    т.е т.д т.п т.к им проф д-р ул пр тыс млн млрд чел стр рис см напр акад доц канд обл
    р-н г-н г-жа ср гос""".split()  # noqa: SIM905
)
_END = re.compile(r"[.!?…]+[”»\"')\]]*(?=\s)")
_NEXT_STARTS = re.compile(r"\s+(?=[\"“«(\[–—-]?[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ0-9])")
_TOKEN_BEFORE = re.compile(r"([\w.\-]+)\.$")
LIST_MARKER = re.compile(r"^\s*(?:[-–—•*·▪]\s|\d{1,2}[.)]\s)")
# A line shorter than this that does not end in a comma is a heading, not a wrapped line.
HEADING_LENGTH = 60


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    paragraph: int
    text: str
    table_row: bool = False


@dataclass(frozen=True)
class Paragraph:
    index: int
    start: int
    end: int
    text: str

    @cached_property
    def is_table(self) -> bool:
        return " | " in self.text


def paragraphs(text: str) -> list[Paragraph]:
    """Runs of non-blank lines."""
    found = []
    for match in re.finditer(r"[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*", text):
        found.append(Paragraph(len(found), match.start(), match.end(), match.group()))
    return found


def split_sentences(text: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    for paragraph in paragraphs(text):
        for start, end, row in _paragraph_pieces(paragraph):
            for s, e in [(start, end)] if row else _split_piece(text, start, end):
                s, e = _trim(text, s, e)
                if e > s:
                    sentences.append(
                        Sentence(len(sentences), s, e, paragraph.index, text[s:e], table_row=row)
                    )
    return sentences


def _paragraph_pieces(paragraph: Paragraph):
    """Spans of a paragraph that no sentence crosses (lines broken for good reasons)."""
    lines = []
    offset = paragraph.start
    for line in paragraph.text.split("\n"):
        lines.append((offset, offset + len(line), line))
        offset += len(line) + 1
    piece_start = lines[0][0]
    for i, (start, end, line) in enumerate(lines):
        row = " | " in line
        following = lines[i + 1][2] if i + 1 < len(lines) else None
        if row:
            if start > piece_start:
                yield piece_start, start - 1, False
            yield start, end, True
            piece_start = end + 1
        elif following is None or _breaks(line, following):
            yield piece_start, end, False
            piece_start = end + 1


def _breaks(line: str, following: str) -> bool:
    stripped = line.rstrip()
    if " | " in following or LIST_MARKER.match(following):
        return True
    if stripped.endswith((".", "!", "?", "…", ":", ";", "”", "»", '"')):
        return True
    return len(stripped) < HEADING_LENGTH and not stripped.endswith(",")


def _split_piece(text: str, start: int, end: int):
    piece = text[start:end]
    cursor = 0
    for match in _END.finditer(piece):
        stop = match.end()
        if not _NEXT_STARTS.match(piece, stop):
            continue
        if match.group().startswith(".") and _abbreviation_before(piece, match.start()):
            continue
        if stop - cursor < 3:
            continue
        yield start + cursor, start + stop
        cursor = stop
    if cursor < len(piece):
        yield start + cursor, end


def _abbreviation_before(piece: str, dot: int) -> bool:
    token = _TOKEN_BEFORE.search(piece[: dot + 1])
    if not token:
        return False
    word = token.group(1)
    bare = word.lower().strip("(")
    if bare in ABBREVIATIONS or (bare.rsplit(".", 1)[-1] in ABBREVIATIONS and "." in bare):
        return True
    if len(bare) == 1 and word.isalpha() and word.isupper():
        return True  # an initial: J. Smith, А. Б. Иванов
    if bare in ("г", "гг"):
        before = piece[: token.start()].rstrip()
        return not before[-1:].isdigit()  # "г. Алматы" is a city; "2024 г." ends a date
    return False


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentence_at(sentences: list[Sentence], offset: int) -> Sentence | None:
    """The sentence holding a character offset (binary search: sentences are in order)."""
    lo, hi = 0, len(sentences)
    while lo < hi:
        mid = (lo + hi) // 2
        if sentences[mid].end <= offset:
            lo = mid + 1
        else:
            hi = mid
    if lo < len(sentences) and sentences[lo].start <= offset:
        return sentences[lo]
    return None
