"""Percentages as printed: "71.1%", "71,1%", "71.1 percent", "71,1 процента", "less than 2%".

A figure needs its percent sign or word: a year, a page number, a phone number or a sample size
never carries one, so none is taken for a share. Table cells are the exception: a column whose
header says "%" holds bare numbers that are percentages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext

from kb.enums import FigureQualifier

from .sentences import Paragraph, Sentence, paragraphs, sentence_at

_NUMBER = r"\d{1,3}(?:[.,]\d{1,2})?"
_PERCENT = (
    r"(?P<unit>\s?(?:%|％)"
    r"|\s?(?:per\s?cent|pct)\b"
    r"|\s(?P<pp>percentage\s+points?|п\.\s?п\.|процентн\w*\s+пункт\w*)"
    r"|\s(?:percent|процент(?:а|ов)?|проц\.|пайыз\w*)(?![\w]))"
)
_FIGURE = re.compile(
    rf"(?<![\d.,\w])(?P<low>{_NUMBER})(?:\s?(?:[-–—]|to|до)\s?(?P<high>{_NUMBER}))?{_PERCENT}",
    re.IGNORECASE,
)
# Words just before a figure that make it a bound rather than a share.
_QUALIFIERS = [
    (
        FigureQualifier.AT_MOST,
        r"up to|at most|no more than|not more than|не более(?: чем)?|не выше",
    ),
    (FigureQualifier.LESS_THAN, r"less than|fewer than|under|below|менее|меньше(?: чем)?|ниже"),
    (FigureQualifier.MORE_THAN, r"more than|over|above|более(?: чем)?|больше(?: чем)?|свыше"),
    (
        FigureQualifier.ABOUT,
        r"about|around|approximately|approx\.|roughly|nearly|almost|some|около|примерно|почти"
        r"|порядка|приблизительно",
    ),
]
_QUALIFIER_BEFORE = [
    (qualifier, re.compile(rf"(?:^|[\s(])(?P<words>{words})\s*$", re.IGNORECASE))
    for qualifier, words in _QUALIFIERS
]
_EXCEEDS_BEFORE = re.compile(r"(?:does not|do not|doesn't|не)\s+(?:exceed|превышает)\s*$", re.I)


@dataclass
class Figure:
    """One printed percentage, with the sentence it stands in."""

    value: Decimal
    text: str
    start: int
    end: int
    sentence: Sentence
    qualifier: str = FigureQualifier.EXACT
    high: Decimal | None = None
    percentage_points: bool = False
    in_table: bool = False
    decide: list[str] = field(default_factory=list)

    @property
    def paragraph(self) -> int:
        return self.sentence.paragraph

    def as_json(self) -> dict:
        data = {
            "value": float(self.value),
            "text": self.text,
            "sentence": self.sentence.text,
            "start": self.start,
            "end": self.end,
            "sentence_start": self.sentence.start,
            "sentence_end": self.sentence.end,
            "qualifier": str(self.qualifier),
        }
        if self.high is not None:
            data["high"] = float(self.high)
        if self.percentage_points:
            data["percentage_points"] = True
        if self.decide:
            data["decide"] = list(self.decide)
        return data


def number(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def find_figures(text: str, sentences: list[Sentence]) -> list[Figure]:
    figures = []
    for match in _FIGURE.finditer(text):
        sentence = sentence_at(sentences, match.start())
        if sentence is None:
            continue
        figure = _figure(text, match, sentence)
        if figure is not None:
            figures.append(figure)
    figures.extend(_table_figures(text, sentences, {f.start for f in figures}))
    figures.sort(key=lambda f: f.start)
    return figures


def _figure(text: str, match: re.Match, sentence: Sentence) -> Figure | None:
    low = number(match.group("low"))
    high = number(match.group("high")) if match.group("high") else None
    start, end = match.start(), match.end()
    qualifier = FigureQualifier.EXACT
    before = text[max(sentence.start, start - 40) : start]
    for candidate, pattern in _QUALIFIER_BEFORE:
        found = pattern.search(before)
        if found:
            qualifier = candidate
            start -= len(before) - found.start("words")
            break
    if qualifier == FigureQualifier.EXACT and _EXCEEDS_BEFORE.search(before):
        qualifier = FigureQualifier.AT_MOST
    figure = Figure(
        value=low,
        text=text[start:end],
        start=start,
        end=end,
        sentence=sentence,
        qualifier=qualifier,
        high=high,
        percentage_points=bool(match.group("pp")),
    )
    if high is not None:
        figure.decide.append(
            gettext("A range (%(low)s–%(high)s%%): choose the figure to keep.")
            % {"low": low, "high": high}
        )
    if low > 100 or (high is not None and high > 100):
        figure.decide.append(
            gettext("Above 100%: a change or a ratio, not a share of respondents.")
        )
    return figure


def _table_figures(text: str, sentences: list[Sentence], taken: set[int]) -> list[Figure]:
    """Bare numbers in the columns of a table whose header cell mentions percent."""
    figures = []
    for paragraph in paragraphs(text):
        if not paragraph.is_table:
            continue
        rows = _rows(paragraph)
        if not rows:
            continue
        header = rows[0]
        percent_columns = {
            i
            for i, (_, _, cell) in enumerate(header)
            if re.search(r"%|percent|процент", cell, re.I)
        }
        for row in rows[1:]:
            for i, (start, _end, cell) in enumerate(row):
                if i not in percent_columns or start in taken:
                    continue
                match = re.fullmatch(rf"\s*({_NUMBER})\s*", cell)
                if not match:
                    continue
                s, e = start + match.start(1), start + match.end(1)
                sentence = sentence_at(sentences, s)
                if sentence is not None:
                    figures.append(
                        Figure(number(match.group(1)), text[s:e], s, e, sentence, in_table=True)
                    )
    return figures


def _rows(paragraph: Paragraph) -> list[list[tuple[int, int, str]]]:
    rows = []
    offset = paragraph.start
    for line in paragraph.text.split("\n"):
        cells, cursor = [], 0
        for part in line.split(" | "):
            cells.append((offset + cursor, offset + cursor + len(part), part))
            cursor += len(part) + 3
        if " | " in line:
            rows.append(cells)
        offset += len(line) + 1
    return rows
