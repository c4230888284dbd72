"""The query tree (kb.search.query) to one tsquery, which the GIN index answers in one scan.

Typos and other spellings become ordinary lexemes before the search: each name word is looked up
in the vocabulary of folded keys (kb_search_searchkey) and the words within one
or two edits join the query as alternatives, as Whoosh's fuzzy terms do. So no row is compared
by similarity at search time. Words are stemmed by PostgreSQL itself (`to_tsquery`), asked for
every text of the query in one statement.

Every tsquery text is built here from word characters only (or from PostgreSQL's own output), so
no input can break its syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...query import MAX_WORD, Clause, ParsedQuery
from ...reading import optional_groups
from ...text import (
    fold,
    fold_word,
    is_english,
    spelt,
    text_fold,
    text_key,
    typo_edits,
    words,
)
from . import prepared

NAME_PREFIX = "namx"  # the record's own folded names: apart from the stems ('diner' of dinner)
ORG_PREFIX = "orgx"  # organization words in the vector, apart from the text's own words
PEOPLE_PREFIX = "pplx"  # the names of the people a record is about
TEXT_PREFIX = "txtx"  # other spellings of the names in its texts, parts of joined words
TEXT_FUZZY_MIN = 8  # a word in running text matches one letter off from this length (Whoosh's)
MAX_EXPANSION = 50  # vocabulary words a misspelt name may stand for (Whoosh's cap)
MAX_YEARS = 200
_SAFE = re.compile(r"^[\w.]+$")
_PHRASE_OPERATOR = re.compile(r"<(?:-|\d+)>")
_WEIGHTS = re.compile(r"':(\*?)[ABCD]+")
_FACET = re.compile(r"^[\w.:-]+$")
# Vocabulary fields: the record's own name keys, its people's, its organizations', its texts'.
NAMES, PEOPLE, ORGS, TEXT = "n", "p", "o", "t"
NOTHING = "'~none'"  # a lexeme no record holds
# The keys of these fields the vocabulary holds every one of (store.Vocabulary): a key of such
# a length it lacks is in no record, and is left out of the query.
COMPLETE_FIELDS = (NAMES, PEOPLE)
KEY_LENGTHS = range(2, 61)
_NOT_IN_HEAD = (f"'{TEXT_PREFIX}", f"'{ORG_PREFIX}")


def facet_lexeme(facet: str, value: str) -> str:
    """A facet value as it is stored in the vector and in `facets`."""
    return f"~{facet}:{value}"


def facet_values(doc) -> list[str]:
    values = [facet_lexeme("type", doc.type)]
    values += [facet_lexeme("year", str(y)) for y in doc.years]
    values += [facet_lexeme("topic", s[:120]) for s in doc.topic_slugs]
    values += [facet_lexeme("org", s[:120]) for s in doc.org_slugs]
    values += [facet_lexeme("role", r[:120]) for r in doc.roles]
    return list(dict.fromkeys(values))


def tagged(prefix: str, text: str) -> str:
    return " ".join(f"{prefix}{key}" for key in fold(text).split())


def max_edits(key: str) -> int:
    """Whoosh's rule: two edits from eight letters, one from four, none below or above 40."""
    if len(key) > 40:
        return 0
    return 2 if len(key) >= 8 else 1 if len(key) >= 4 else 0


def _quote(word: str, suffix: str = "") -> str | None:
    """One quoted tsquery operand; None for anything that is not a plain word."""
    word = word.lower()
    if not word or len(word) > MAX_WORD or not _SAFE.match(word):
        return None
    return f"'{word}'{suffix}"


def _or(parts) -> str | None:
    parts = list(dict.fromkeys(p for p in parts if p))
    if len(parts) > 1 and NOTHING in parts:
        parts.remove(NOTHING)  # x | nothing is x
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else "(" + " | ".join(parts) + ")"


def _and(parts) -> str | None:
    parts = [p for p in parts if p]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else "(" + " & ".join(parts) + ")"


def loosen(tsquery: str) -> str:
    """The query without phrase order or field weights: what the GIN index answers exactly,
    without reading the rows' vectors (a superset of the exact query's matches)."""
    tsquery = _PHRASE_OPERATOR.sub("&", tsquery)
    return _WEIGHTS.sub(lambda m: "':*" if m[1] else "'", tsquery)


@dataclass
class Query:
    exact: str  # what must match (filters included)
    index: str  # loosen(exact), less what cannot be loosened safely (an excluded phrase)


@dataclass
class Compiled:
    query: Query | None  # None when nothing is required
    rank: str  # those a record's head (title, names, people, topics) can hold; "" for none
    # A loose reading's optional groups: a record holding more of them ranks first.
    coverage: list[str] = field(default_factory=list)
    # The index's generation the stems and expansions were read at (None: none were needed).
    generation: str | None = None


class Compiler:
    """Compiles the tree twice: first noting what PostgreSQL must stem and the vocabulary must
    expand, then, with both answers, writing the tsquery."""

    def __init__(self):
        self.texts: dict[tuple[str, str], str | None] = {}
        self.fuzzy_wanted: dict[tuple[str, str], int] = {}
        self.expanded: dict[tuple[str, str], list[str]] = {}
        self.asked: dict[tuple[str, str], None] = {}  # keys whose presence is looked up
        self.present: frozenset[tuple[str, str]] | None = None  # None: not looked up yet
        self.ranked: list[str] = []
        self.optional: list[str] = []
        self.pinned = False  # several words asked for (kb.search.text.typo_edits)

    def compile(self, parsed: ParsedQuery, filters: dict[str, str]) -> Compiled:
        self._tree(parsed, filters)  # first pass: collect
        self._figure(parsed)
        pairs = list(self.texts)
        wanted = [(f, k, d) for (f, k), d in self.fuzzy_wanted.items()]
        answer = prepared.prepare(pairs, wanted, MAX_EXPANSION, list(self.asked))
        self.expanded = answer.expanded
        self.present = answer.present
        self.texts = dict(zip(pairs, answer.stems, strict=True))
        self.ranked = []
        query = self._tree(parsed, filters)
        coverage = self.optional if len(self.optional) > 1 else []
        if figure := self._figure(parsed):
            coverage = [*coverage, figure]
        # The words of bodies and organizations never occur in the head that ranks a hit: each
        # left out is one lookup less in every match's head (the order is the same: ts_rank
        # divides by the number of words alike for every record).
        in_head = [o for o in self.ranked if not o.startswith(_NOT_IN_HEAD)]
        return Compiled(query, _or(in_head) or "", coverage, answer.generation)

    def _figure(self, parsed: ParsedQuery) -> str | None:
        """The figure beside its answer's words ("31.7% did not know"), as Whoosh ranks it
        first: held side by side, a record's coverage counts one more."""
        operands = [_quote(w) for w in words(parsed.figure_phrase())]
        if len(operands) < 2 or not all(operands):
            return None
        return self._norm("english", " <-> ".join(operands), rank=False)

    # --- the two lookups ------------------------------------------------------------------------

    def _norm(self, config: str, text: str | None, *, rank: bool = True) -> str | None:
        if not text:
            return None
        if (config, text) not in self.texts:
            self.texts[(config, text)] = None
            return None
        normalized = self.texts[(config, text)]
        if not normalized:
            return None  # only stop words: nothing to require, as in Whoosh
        result = f"({normalized})"
        if rank:
            self.ranked.append(result)
        return result

    def _keys(self, field: str, key: str, prefix: str = "", edits: int | None = None) -> str | None:
        """The folded key itself and its vocabulary neighbours, as lexemes of one field; a key
        no record holds is left out (NOTHING when nothing is left), as every lexeme of a query
        is one more lookup in the index and in every match's head when ranking."""
        operand = _quote(prefix + key) if key else None
        if operand is None:
            return None
        if not self._held(field, [key]):
            operand = None
        edits = max_edits(key) if edits is None else edits
        found = []
        if edits:
            self.fuzzy_wanted[(field, key)] = edits
            found = [_quote(prefix + w) for w in self.expanded.get((field, key), []) if w != key]
        self.ranked.extend(o for o in (operand, *found) if o)
        return _or([operand, *found]) or NOTHING

    def _held(self, field: str, keys: list[str]) -> bool:
        """Whether a phrase of these keys of a field may be in some record: False once the
        vocabulary is known to lack one of them."""
        checked = [k for k in keys if field in COMPLETE_FIELDS and len(k) in KEY_LENGTHS]
        self.asked.update(dict.fromkeys((field, k) for k in checked))
        return self.present is None or all((field, k) in self.present for k in checked)

    # --- the tree -------------------------------------------------------------------------------

    def _tree(self, parsed: ParsedQuery, filters: dict[str, str]) -> Query | None:
        musts, nots = [], []
        loose = optional_groups(parsed)
        self.optional = []
        self.pinned = parsed.several_words and not loose
        for group in parsed.groups:
            ranked = len(self.ranked)
            part = _or(self._clause(c) for c in group)
            if group[0].negated:
                del self.ranked[ranked:]  # an excluded word ranks nothing
            if not part:
                continue
            if group[0].negated:
                nots.append(part)
            elif any(group is g for g in loose):
                self.optional.append(part)
            else:
                musts.append(part)
        if self.optional:
            musts.append(_or(self.optional))
        if not musts:
            nots = []  # as Whoosh: a query of exclusions only requires nothing
        for name, value in filters.items():
            if _FACET.match(value):
                musts.append(f"'{facet_lexeme(name, value)}'")
        if not musts:
            return None
        exact = _and([*musts, *(f"!{n}" for n in nots)])
        # "not this phrase" loosened would be "not these words": too strict, so it is left to
        # the exact check.
        index = _and([*map(loosen, musts), *(f"!{n}" for n in nots if loosen(n) == n)])
        return Query(exact, index)

    def _clause(self, clause: Clause) -> str | None:
        kind, value = clause.kind, clause.value
        if kind == "word":
            key, own = fold_word(value), text_key(value)
            english = _quote(value)
            stop = self.texts.get(("english", english), None) == ""
            if stop and value.islower() and is_english(value):
                return None  # a stop word typed in lower case (Whoosh's rule): nothing required
            options = [self._norm("english", english)]
            edits = 0 if clause.exact else typo_edits(value, key, self.pinned)
            if len(key) >= 3 or edits:
                # A title's ordinary English word is kept as spelt (kb.search.text), never fuzzy.
                if own != key:
                    options.append(self._keys(NAMES, own, NAME_PREFIX, edits=0))
                else:
                    options.append(self._keys(NAMES, key, NAME_PREFIX, edits=edits))
                options.append(self._keys(PEOPLE, key, PEOPLE_PREFIX, edits=edits))
                long_word = len(key) >= TEXT_FUZZY_MIN and key.isalpha() and edits
                options.append(self._keys(TEXT, own, TEXT_PREFIX, edits=1 if long_word else 0))
                # A misspelt English word of a title or text, kept there as spelt (comission).
                if edits and (plain := spelt(value, key)):
                    near = typo_edits(plain, plain)
                    if near:
                        options.append(self._keys(NAMES, plain, NAME_PREFIX, edits=near))
                    if long_word:
                        options.append(self._keys(TEXT, plain, TEXT_PREFIX, edits=1))
            return _or(options)
        if kind == "phrase":
            stems = [_quote(w) for w in words(value)]
            # A title's and a text's ordinary English words as spelt (kb.search.text).
            folded, plain = fold(value).split(), text_fold(value).split()
            keys = [_quote(NAME_PREFIX + k) for k in folded]
            people = [_quote(PEOPLE_PREFIX + k) for k in folded]
            titles = [_quote(NAME_PREFIX + k) for k in plain]
            texts = [_quote(TEXT_PREFIX + k) for k in plain]
            options = []
            if stems and all(stems):
                options.append(self._norm("english", " <-> ".join(stems)))
            if len(keys) > 1 and all(keys) and all(people):
                if self._held(NAMES, folded):
                    options.append(self._norm("simple", " <-> ".join(keys)))
                if self._held(PEOPLE, folded):
                    options.append(self._norm("simple", " <-> ".join(people)))
                if titles != keys and all(titles) and self._held(NAMES, plain):
                    options.append(self._norm("simple", " <-> ".join(titles)))
                if all(texts):
                    options.append(self._norm("simple", " <-> ".join(texts), rank=False))
            return _or(options)
        if kind == "prefix":
            options = [self._norm("simple", _quote(value, ":*"))]
            for key in dict.fromkeys([fold_word(value), text_key(value)]):
                if key:
                    options.append(self._norm("simple", _quote(NAME_PREFIX + key, ":*")))
                    text = _quote(TEXT_PREFIX + key, ":*")
                    options.append(self._norm("simple", text, rank=False))
            return _or(options) or NOTHING
        if kind in ("person", "org"):
            field, prefix = (PEOPLE, PEOPLE_PREFIX) if kind == "person" else (ORGS, ORG_PREFIX)
            keys = fold(value).split()
            if kind == "person":
                # The person's own record (the key among its names) ranks before their events.
                own = [_quote(NAME_PREFIX + k) for k in keys if self._held(NAMES, [k])]
                self.ranked.extend(o for o in own if o)
            return _and(self._keys(field, key, prefix) for key in keys)
        if kind == "topic":
            operands = [_quote(w, ":C") for w in words(value)]
            return self._norm("english", " & ".join(o for o in operands if o))
        if kind == "type":
            return f"'{facet_lexeme('type', value)}'" if _FACET.match(value) else None
        if kind == "year" and clause.years:
            low, high = clause.years
            years = range(low, min(high, low + MAX_YEARS) + 1)
            return _or(f"'{facet_lexeme('year', str(y))}'" for y in years)
        return None
