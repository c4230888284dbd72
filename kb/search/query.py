"""The query language, parsed once into a small tree that both backends compile.

    plain words (all must match)   "a phrase"   person:zhovtis   org:paperlab   topic:torture
    type:question   year:2023   year:2022..2023   trust*   -word   word OR other

Parsing never fails: whatever cannot be read is read as words or dropped with a note, and the
tree is bounded (length, clause count, prefix length) so no query can make a backend slow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext

from .languages import stems
from .synonyms import MAX_PHRASE, paraphrase, synonyms
from .text import clean, words

MAX_QUERY_CHARS = 300
MAX_CLAUSES = 12
MIN_PREFIX = 2
MAX_WORD = 60  # longer is not a word; Whoosh's fuzzy matching would crawl
YEAR_MIN, YEAR_MAX = 1900, 2100
_FIGURE = re.compile(r"\d+(?:[.,]\d+)?")
# A figure with a decimal comma, as Russian and Kazakh pages write it ("71,6%"): the records
# hold it with a point. One or two digits after the comma: "1,000" is a thousand.
_DECIMAL_COMMA = re.compile(r"(?<![\d,.])(\d+),(\d{1,2})(?![\d,])")

# type: values as a researcher may type them -> the indexed type.
TYPES = {
    "event": "event",
    "events": "event",
    "person": "person",
    "people": "person",
    "persons": "person",
    "speaker": "person",
    "speakers": "person",
    "organization": "organization",
    "organizations": "organization",
    "organisation": "organization",
    "org": "organization",
    "orgs": "organization",
    "topic": "topic",
    "topics": "topic",
    "survey": "survey",
    "surveys": "survey",
    "question": "question",
    "questions": "question",
    "series": "series",
    "trend": "series",
    "trends": "series",
    "document": "document",
    "documents": "document",
    "doc": "document",
    "source": "document",
    "transcript": "transcript",
    "transcripts": "transcript",
    "said": "transcript",
}
FIELDS = {"person", "org", "topic", "type", "year"}
FIELD_ALIASES = {
    "people": "person",
    "speaker": "person",
    "organization": "org",
    "organisation": "org",
    "topics": "topic",
    "types": "type",
    "years": "year",
}

_TOKEN = re.compile(
    r"""
    (?P<neg>-)?
    (?:(?P<field>[A-Za-z]+):)?
    (?:"(?P<quoted>[^"]*)"?|(?P<bare>[^\s"()]+))
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Clause:
    """One condition. kind: word | phrase | prefix | person | org | topic | type | year."""

    kind: str
    value: str = ""
    years: tuple[int, int] | None = None
    negated: bool = False
    exact: bool = False  # a word matched as spelt and folded, without typo neighbours
    # Searched beside the word typed, neither shown nor marked: a Russian or Kazakh word's stem
    # (kb.search.languages), a synonym (kb.search.synonyms).
    implied: bool = False

    def display(self) -> str:
        sign = "-" if self.negated else ""
        if self.kind == "phrase":
            return f'{sign}"{self.value}"'
        if self.kind == "prefix":
            return f"{sign}{self.value}*"
        if self.kind == "year" and self.years:
            low, high = self.years
            return f"{sign}year:{low}" if low == high else f"{sign}year:{low}..{high}"
        if self.kind in FIELDS:
            value = f'"{self.value}"' if " " in self.value else self.value
            return f"{sign}{self.kind}:{value}"
        return f"{sign}{self.value}"


@dataclass
class ParsedQuery:
    """AND of groups; each group is an OR of clauses (most groups hold one clause). `loose`: the
    groups of words need not all match, records holding more of them rank first (see
    kb/search/reading.py); field clauses stay required."""

    groups: list[list[Clause]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    loose: bool = False

    @property
    def is_empty(self) -> bool:
        return not any(not c.negated for g in self.groups for c in g)

    @property
    def several_words(self) -> bool:
        """Whether two or more words are asked for: a short name word may then be a letter
        off (Aldiyar Tsy for Aldiyar Tsoy), the other words pinning the record."""
        kinds = {"word", "phrase", "prefix"}
        return sum(not g[0].negated and g[0].kind in kinds for g in self.groups) >= 2

    def figure_phrase(self) -> str:
        """The query's words in order when one is a figure and another a word ("31.7% did not
        know"): a record holding them side by side, the figure with its answer, ranks first.
        Empty otherwise."""
        typed = [
            g[0].value
            for g in self.groups
            if not g[0].negated and g[0].kind == "word" and all(c.implied for c in g[1:])
        ]
        figures = [w for w in typed if _FIGURE.fullmatch(w)]
        if not figures or len(typed) < 2 or len(typed) != len(self.groups):
            return ""
        return " ".join(typed)

    def clauses(self):
        return [c for g in self.groups for c in g]

    def text_words(self) -> list[str]:
        """The words to highlight and to spell-check."""
        out = []
        for clause in self.clauses():
            if clause.implied:
                continue
            if not clause.negated and clause.kind in {"word", "phrase", "prefix", "person"}:
                out.extend(words(clause.value))
        return out

    def display(self) -> str:
        return " ".join(" OR ".join(c.display() for c in g if not c.implied) for g in self.groups)


def parse(raw: str) -> ParsedQuery:
    query = ParsedQuery()
    text = clean(raw)
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        query.notes.append(
            gettext("Only the first %(count)s characters of the query were used.")
            % {"count": MAX_QUERY_CHARS}
        )
    pending_or = False
    for match in _TOKEN.finditer(text):
        if sum(len(g) for g in query.groups) >= MAX_CLAUSES:
            query.notes.append(
                gettext("Only the first %(count)s terms of the query were used.")
                % {"count": MAX_CLAUSES}
            )
            break
        negated = bool(match["neg"])
        name = (match["field"] or "").lower()
        quoted = match["quoted"]
        value = quoted if quoted is not None else match["bare"]
        if not name and not negated and quoted is None and value == "OR":
            pending_or = bool(query.groups)
            continue
        clauses = _clauses(name, value, quoted is not None, negated, query.notes)
        for clause in clauses:
            alternatives = [clause, *_implied_clauses(clause)]
            if pending_or and not clause.negated and not query.groups[-1][0].negated:
                query.groups[-1].extend(alternatives)
            else:
                query.groups.append(alternatives)
            pending_or = False
    query.groups = _paraphrased(query.groups)
    return query


def _paraphrased(groups: list[list[Clause]]) -> list[list[Clause]]:
    """Words typed one after the other that make a phrase of kb.search.synonyms ("happen
    again") read as that phrase or any word it stands for ("repeat"), in one group."""
    out, i = [], 0
    while i < len(groups):
        run = []
        for group in groups[i : i + MAX_PHRASE]:
            first = group[0]
            if first.kind != "word" or first.negated or not all(c.implied for c in group[1:]):
                break
            run.append(first.value)
        size, words_for = paraphrase(run)
        if size:
            phrase = Clause("phrase", " ".join(run[:size]))
            out.append([phrase, *(Clause("word", w, implied=True) for w in words_for)])
            i += size
        else:
            out.append(groups[i])
            i += 1
    return out


def _implied_clauses(clause: Clause) -> list[Clause]:
    """A Russian or Kazakh word also matches its stems ("пыток" finds "пытки"), a word its
    synonyms ("again" finds "repeat", "Astana" the phrase "Nur-Sultan"), a phrase of the
    synonyms' list the words it stands for ("Nur-Sultan" finds "Astana"); not a clause
    excluded, nor a word read as typed."""
    if clause.negated or clause.exact or clause.kind not in ("word", "phrase"):
        return []
    if clause.kind == "phrase":
        parts = clause.value.split()
        size, standing_for = paraphrase(parts)
        also = list(standing_for) if size == len(parts) else []
    else:
        also = [*stems(clause.value), *synonyms(clause.value)]
    return [
        Clause("phrase", word.replace("-", " "), implied=True)
        if "-" in word
        else Clause("word", word, implied=True)
        for word in dict.fromkeys(also)
    ]


def _clauses(name, value, quoted, negated, notes) -> list[Clause]:
    name = FIELD_ALIASES.get(name, name)
    if name and name not in FIELDS:
        notes.append(
            gettext('"%(name)s:" is not a field; searched for the words instead.') % {"name": name}
        )
        return _word_clauses(f"{name} {value}", quoted, negated)
    if name == "type":
        kind = TYPES.get(value.strip().lower())
        if kind is None:
            notes.append(
                gettext('"%(value)s" is not a type; types: %(types)s.')
                % {"value": value, "types": ", ".join(sorted(set(TYPES.values())))}
            )
            return [Clause("type", "none", negated=negated)]
        return [Clause("type", kind, negated=negated)]
    if name == "year":
        years = _years(value)
        if years is None:
            notes.append(
                gettext('"%(value)s" is not a year or a range such as 2022..2023.')
                % {"value": value}
            )
            return []
        return [Clause("year", years=years, negated=negated)]
    if name:
        value = " ".join(words(value))
        return [Clause(name, value, negated=negated)] if value else []
    return _word_clauses(value, quoted, negated)


def _word_clauses(value, quoted, negated) -> list[Clause]:
    value = _DECIMAL_COMMA.sub(r"\1.\2", value)
    if quoted:
        parts = words(value)
        if len(parts) > 1:
            return [Clause("phrase", " ".join(parts[:MAX_CLAUSES]), negated=negated)]
        return [Clause("word", p, negated=negated) for p in parts]
    # A trailing * is a prefix search; wildcards anywhere else are read as word breaks.
    is_prefix = value.endswith("*")
    parts = [p for p in words(value) if len(p) <= MAX_WORD]
    if len(parts) > 1 and not is_prefix and re.fullmatch(r"[\w'’-]+", value):
        # "covid-19", "o'brien": one word to the writer, a phrase to the index.
        return [Clause("phrase", " ".join(parts), negated=negated)]
    out = [Clause("word", p, negated=negated) for p in parts]
    if is_prefix and out:
        last = out[-1].value
        if len(last) >= MIN_PREFIX:
            out[-1] = Clause("prefix", last.lower(), negated=negated)
    return out


def _years(value: str) -> tuple[int, int] | None:
    match = re.fullmatch(r"\s*(\d{4})\s*(?:(?:\.\.|-)\s*(\d{4})\s*)?", value)
    if not match:
        return None
    low = int(match[1])
    high = int(match[2] or low)
    low, high = sorted((low, high))
    if high < YEAR_MIN or low > YEAR_MAX:
        return None
    return max(low, YEAR_MIN), min(high, YEAR_MAX)
