"""The document's text cut into plain and highlighted pieces, for the admin preview."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Piece:
    text: str
    anchor: str = ""  # "p-<start>" when the piece is a passage something came from


def passage_anchor(start: int | None) -> str:
    return f"p-{start}" if start is not None else ""


def highlighted(text: str, spans: list[tuple[int, int]]) -> list[Piece]:
    """The text in order; each passage a piece of its own (overlaps merged into the first)."""
    pieces, cursor = [], 0
    for start, end in sorted(set(spans)):
        if start < cursor or end <= start or end > len(text):
            continue
        if start > cursor:
            pieces.append(Piece(text[cursor:start]))
        pieces.append(Piece(text[start:end], passage_anchor(start)))
        cursor = end
    if cursor < len(text):
        pieces.append(Piece(text[cursor:]))
    return pieces


@dataclass(frozen=True)
class Quote:
    """A row's sentence, with its figure (if any) picked out, and the link to it in the text."""

    before: str = ""
    figure: str = ""
    after: str = ""
    anchor: str = ""


def quote(text: str, start, end, figure_start=None, figure_end=None) -> Quote:
    start, end = _int(start), _int(end)
    if start is None or end is None or not 0 <= start <= end <= len(text):
        return Quote()
    fs, fe = _int(figure_start), _int(figure_end)
    if fs is None or fe is None or not start <= fs <= fe <= end:
        return Quote(text[start:end], anchor=passage_anchor(start))
    return Quote(text[start:fs], text[fs:fe], text[fe:end], passage_anchor(start))


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
