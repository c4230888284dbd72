"""Where a figure stands in its document: passages located in the text, anchored, and linked.

A document page gives each passage a figure was read from (its `SourcePassage` rows) an anchor,
`#passage-<n>` where n is the offset of its first character in the stored text: it stays the same
as long as the text does, whoever reloads the fixtures or reimports. Passages that overlap share
one anchor (an element cannot half-contain another). Figures link to their passage's anchor and
CSS `:target` highlights it: no script.
"""

import re
from dataclasses import dataclass, field

from kb.models import SourcePassage


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def anchor(start: int) -> str:
    return f"passage-{start}"


def fold(text: str) -> str:
    return " ".join(text.split())


def locate(text: str, quote: str) -> Span | None:
    """Where `quote` stands in `text`, white space folded (a quote keeps one space where the
    document may break a line); None when it does not."""
    words = quote.split()
    if not words:
        return None
    found = re.search(r"\s+".join(re.escape(word) for word in words), text)
    return Span(found.start(), found.end()) if found else None


def grouped(spans) -> dict[Span, Span]:
    """Each span → the span of its group: overlapping spans make one group, the union."""
    groups: dict[Span, Span] = {}
    members: list[Span] = []
    start = end = -1
    for span in sorted(set(spans), key=lambda s: (s.start, s.end)):
        if span.start < end:
            end = max(end, span.end)
        else:
            _close(groups, members, start, end)
            members, start, end = [], span.start, span.end
        members.append(span)
    _close(groups, members, start, end)
    return groups


def _close(groups, members, start, end):
    for member in members:
        groups[member] = Span(start, end)


class PassageLinks:
    """A figure's quote → the address of its passage on the document page, for the documents a
    page shows (one query for all of them)."""

    def __init__(self, rows=()):
        by_document: dict[int, list[tuple[Span, str]]] = {}
        for document_id, start, end, quote in rows:
            by_document.setdefault(document_id, []).append((Span(start, end), quote))
        self._anchors: dict[tuple[int, str], str] = {}
        for document_id, passages in by_document.items():
            groups = grouped(span for span, _ in passages)
            for span, quote in passages:
                key = (document_id, fold(quote))
                self._anchors.setdefault(key, anchor(groups[span].start))

    @classmethod
    def for_documents(cls, documents) -> "PassageLinks":
        ids = {document.pk for document in documents if document is not None}
        if not ids:
            return cls()
        return cls(
            SourcePassage.objects.filter(document_id__in=ids)
            .order_by("document", "start", "pk")
            .values_list("document_id", "start", "end", "quote")
        )

    def url(self, document, quote: str) -> str:
        """The passage's address, or "" when the document (None if the reader may not see it)
        has no passage with this quote."""
        if document is None or not quote:
            return ""
        found = self._anchors.get((document.pk, fold(quote)))
        return f"{document.get_absolute_url()}#{found}" if found else ""

    def url_in(self, documents, quote: str) -> str:
        """The passage's address in the first of `documents` that has it (a survey's sample
        shares name no document of their own), or ""."""
        return next(filter(None, (self.url(document, quote) for document in documents)), "")


@dataclass
class Piece:
    """A run of a paragraph: plain text, or (with an anchor) a passage figures link to."""

    text: str
    anchor: str = ""


@dataclass
class Paragraph:
    pieces: list[Piece] = field(default_factory=list)


def paragraphs(text: str, spans) -> list[Paragraph]:
    """The document's paragraphs (split as Django's `linebreaks` does, offsets as stored), cut
    into pieces at its passages. A passage over a paragraph break has its anchor on its first
    part."""
    groups = sorted(set(grouped(spans).values()), key=lambda s: s.start)
    result, offset = [], 0
    for index, part in enumerate(re.split(r"((?:\r\n|\r|\n){2,})", text)):
        start_of_part, end = offset, offset + len(part)
        offset = end
        if index % 2:  # the break between two paragraphs
            continue
        paragraph, position = Paragraph(), start_of_part
        for group in groups:
            if group.end <= position or group.start >= end:
                continue
            start, stop = max(group.start, position), min(group.end, end)
            if start > position:
                paragraph.pieces.append(Piece(text[position:start]))
            first = group.start >= start_of_part
            paragraph.pieces.append(Piece(text[start:stop], anchor(group.start) if first else ""))
            position = stop
        if position < end:
            paragraph.pieces.append(Piece(text[position:end]))
        result.append(paragraph)
    return result
