"""Our query tree (kb.search.query) compiled to Whoosh query objects.

Never Whoosh's parser (it recurses on long input); prefix and fuzzy terms are expanded here
against the lexicon with a cap, not left unbounded.
"""

from __future__ import annotations

from collections.abc import Callable

from whoosh import query as wq

from ...query import Clause, ParsedQuery
from ...reading import optional_groups
from ...text import fold, fold_word, is_english, spelt, text_fold, text_key, typo_edits
from .fuzzy import terms_within
from .schema import FACET_FIELDS, STEM

MAX_EXPANSION = 50  # terms a prefix or a fuzzy word may expand to
MAX_YEARS = 200
TEXT_FUZZY_MIN = 8  # a word in running text matches one letter off from this length


def stems(text: str) -> list[str]:
    return [t.text for t in STEM(text)]


def facet_filter(filters: dict[str, str]) -> wq.Query | None:
    """The selected facet values as a query: every one must hold."""
    terms = [
        wq.Term(FACET_FIELDS[name], str(value))
        for name, value in filters.items()
        if name in FACET_FIELDS
    ]
    return wq.And(terms) if terms else None


class QueryCompiler:
    """Compiles against one reader; sorted_words(field) gives the field's words sorted (kept
    per index snapshot) for fuzzy matching."""

    def __init__(self, reader, sorted_words: Callable[[str], list[str] | None]):
        self.reader = reader
        self.sorted_words = sorted_words
        # In a loose reading, each optional group compiled: a record's coverage is how many
        # of them it matches.
        self.optional: list[wq.Query] = []
        self.pinned = False  # several words asked for (kb.search.text.typo_edits)

    def compile(self, parsed: ParsedQuery) -> wq.Query | None:
        """None when nothing is required (no clause, or only stop words)."""
        must, must_not = [], []
        loose = optional_groups(parsed)
        self.optional = []
        self.pinned = parsed.several_words and not loose
        for group in parsed.groups:
            negated = group[0].negated
            compiled = [part for part in map(self.clause, group) if part is not None]
            if not compiled:
                continue  # only stop words: nothing to require
            node = compiled[0] if len(compiled) == 1 else wq.Or(compiled)
            if negated:
                must_not.append(node)
            elif any(group is g for g in loose):
                self.optional.append(node)
            else:
                must.append(node)
        if self.optional:
            optional = self.optional
            must.append(optional[0] if len(optional) == 1 else wq.Or(optional))
        if not must:
            return None
        q = must[0] if len(must) == 1 else wq.And(must)
        figure = parsed.figure_phrase()
        if figure and len(figure_stems := stems(figure)) > 1:
            # The figure beside its answer's words ranks first (stop words between: slop).
            q = wq.AndMaybe(q, wq.Phrase("body", figure_stems, slop=2, boost=4.0))
        if must_not:
            q = wq.AndNot(q, wq.Or(must_not))
        return q

    def fuzzy(self, fieldname, key, boost=0.6, maxdist=None) -> list[wq.Term]:
        """Terms within one or two edits of key (bounded), as plain terms."""
        if maxdist is None:
            maxdist = 2 if len(key) >= 8 else 1 if len(key) >= 4 else 0
        if not maxdist or len(key) > 40:
            return []
        found = []
        words = self.sorted_words(fieldname)
        for term in terms_within(self.reader, fieldname, key, maxdist, words):
            if term != key:
                found.append(wq.Term(fieldname, term, boost=boost))
            if len(found) >= MAX_EXPANSION:
                break
        return found

    def prefix(self, fieldname, prefix, boost=1.0) -> list[wq.Term]:
        found = []
        for term in self.reader.expand_prefix(fieldname, prefix):
            found.append(
                wq.Term(
                    fieldname,
                    term.decode("utf-8") if isinstance(term, bytes) else term,
                    boost=boost,
                )
            )
            if len(found) >= MAX_EXPANSION:
                break
        return found

    def clause(self, clause: Clause) -> wq.Query | None:
        kind = clause.kind
        if kind == "word":
            key, own = fold_word(clause.value), text_key(clause.value)
            options = []
            stemmed = stems(clause.value)
            if not stemmed and clause.value.islower() and is_english(clause.value):
                # A stop word typed in lower case ("not"; "May" may be the month): not a name
                # either, so nothing is required.
                return None
            for stem in stemmed:
                options += [wq.Term("title", stem), wq.Term("body", stem), wq.Term("topics", stem)]
            edits = 0 if clause.exact else typo_edits(clause.value, key, self.pinned)
            # With typos allowed: the word as typed, when folding changed it (comission).
            plain = spelt(clause.value, key) if edits else ""
            if len(key) >= 3 or edits:
                # Names in any script and with typos: the record's own (and its title's words,
                # an ordinary English word as spelt), and the people linked to it.
                options += [wq.Term("name_keys", own), wq.Term("people", key, boost=0.5)]
                if edits:
                    options += self.fuzzy("name_keys", key, maxdist=edits)
                    options += self.fuzzy("people", key, boost=0.3, maxdist=edits)
                    # A misspelt English word of a title, kept there as spelt (comission).
                    if plain and (near := typo_edits(plain, plain)):
                        options += self.fuzzy("name_keys", plain, maxdist=near)
                # The same spellings in running text; typos there only in long words, by one
                # letter, so ordinary words do not meet unrelated ones.
                options.append(wq.Term("text_keys", own))
                if len(key) >= TEXT_FUZZY_MIN and key.isalpha() and edits:
                    options += self.fuzzy("text_keys", key, boost=0.3, maxdist=1)
                    if plain:
                        options += self.fuzzy("text_keys", plain, boost=0.3, maxdist=1)
            return wq.Or(options) if options else None
        if kind == "phrase":
            stemmed = stems(clause.value)
            keys, own = fold(clause.value).split(), text_fold(clause.value).split()
            options = []
            if len(stemmed) > 1:
                options += [wq.Phrase("title", stemmed), wq.Phrase("body", stemmed)]
            elif stemmed:
                options += [wq.Term("title", stemmed[0]), wq.Term("body", stemmed[0])]
            if len(keys) > 1:
                # A person's names are folded; a title's and a text's English words are not.
                options += [wq.Phrase("name_keys", keys), wq.Phrase("people", keys, boost=0.5)]
                if own != keys:
                    options.append(wq.Phrase("name_keys", own))
                options.append(wq.Phrase("text_keys", own, boost=0.5))
            return wq.Or(options) if options else None
        if kind == "prefix":
            options = []
            for fieldname in ("title", "body", "topics"):
                options += self.prefix(fieldname, clause.value)
            for key in dict.fromkeys([fold_word(clause.value), text_key(clause.value)]):
                if key:
                    options += self.prefix("name_keys", key)
                    options += self.prefix("text_keys", key)
            return wq.Or(options) if options else wq.NullQuery
        if kind in ("person", "org"):
            fieldname = "people" if kind == "person" else "orgs"
            each = []
            for key in fold(clause.value).split():
                options = [wq.Term(fieldname, key), *self.fuzzy(fieldname, key)]
                each.append(wq.Or(options))
            return wq.And(each) if each else None
        if kind == "topic":
            stemmed = stems(clause.value)
            return wq.And([wq.Term("topics", s) for s in stemmed]) if stemmed else None
        if kind == "type":
            return wq.Term("type", clause.value)
        if kind == "year" and clause.years:
            low, high = clause.years
            years = range(low, min(high, low + MAX_YEARS) + 1)
            return wq.Or([wq.Term("years", str(y)) for y in years])
        return None
