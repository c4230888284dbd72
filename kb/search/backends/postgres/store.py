"""SearchDocs to index rows and vocabulary, written in bulk (COPY)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ...documents import SearchDoc
from ...localized import pack
from ...text import fold, words
from ..base import digest
from . import sql
from .compiler import (
    KEY_LENGTHS,
    NAME_PREFIX,
    NAMES,
    ORG_PREFIX,
    ORGS,
    PEOPLE,
    PEOPLE_PREFIX,
    TEXT,
    TEXT_FUZZY_MIN,
    TEXT_PREFIX,
    facet_values,
    tagged,
)

BATCH = 1000


def _prefixed(prefix: str, keys: str) -> str:
    return " ".join(f"{prefix}{key}" for key in keys.split())


def facet_sets(values: list[str], ids: dict[str, int]) -> tuple[tuple[int, ...], ...]:
    """A record's facet values' numbers, one sorted set per column of sql.FACET_GROUPS."""
    kinds = [(v[1:].partition(":")[0], ids[v]) for v in values]
    return tuple(
        tuple(sorted(number for kind, number in kinds if kind in grouped))
        for _column, grouped in sql.FACET_GROUPS
    )


def row(doc: SearchDoc, values: list[str], set_numbers: list[int]) -> tuple:
    """The columns of sql.COLUMNS, in order, then its facet sets' numbers, its facet values."""
    return (
        doc.key,
        doc.type,
        doc.title,
        doc.url,
        doc.slug,
        doc.names,
        doc.body,
        _prefixed(NAME_PREFIX, doc.name_keys),
        tagged(PEOPLE_PREFIX, doc.people),
        # The body's extra keys beside the organizations' (both simple, weight D: sql.py).
        f"{tagged(ORG_PREFIX, doc.orgs)} {_prefixed(TEXT_PREFIX, doc.text_keys)}",
        doc.topics,
        doc.figures,
        pack(doc.languages),
        doc.datekey,
        digest(doc),
        *set_numbers,
        values,
    )


class Vocabulary:
    """The words a batch of documents adds: unstemmed words for "Did you mean", and each
    field's folded keys for typo expansion."""

    def __init__(self):
        self.terms: set[str] = set()
        self.keys: set[tuple[str, str]] = set()

    def add(self, doc: SearchDoc) -> None:
        self.terms.update(
            w.lower()
            for w in words(f"{doc.title} {doc.names} {doc.people} {doc.topics}")
            if 3 < len(w) <= 40 and not w.isdigit()
        )
        # Short names too: a short word of a longer query may be a letter off (typo_edits).
        for field, text in ((NAMES, doc.name_keys), (PEOPLE, doc.people_keys)):
            # Every one (compiler.KEY_LENGTHS): a key missing here is left out of queries.
            self.keys.update((field, k) for k in text.split() if len(k) in KEY_LENGTHS)
        self.keys.update((ORGS, k) for k in fold(doc.orgs).split() if 4 <= len(k) <= 60)
        # Only what a misspelt word of running text may be expanded to: long words.
        self.keys.update(
            (TEXT, k)
            for k in doc.text_keys.split()
            if TEXT_FUZZY_MIN - 1 <= len(k) <= 60 and k.isalpha()
        )

    def save(self) -> None:
        sql.store_vocabulary(self.terms, self.keys)
        self.terms, self.keys = set(), set()


def store(
    docs: Iterable[SearchDoc], *, replace: bool, progress: Callable[[int], None] | None = None
) -> int:
    """Write the documents (replacing their old rows when `replace`) and their vocabulary."""
    vocabulary = Vocabulary()
    batch: list[SearchDoc] = []
    count = 0

    def flush():
        if not batch:
            return
        if replace:
            sql.delete_keys([d.key for d in batch])
        values = [facet_values(d) for d in batch]
        ids = sql.facet_ids({v for vs in values for v in vs})
        sets = [facet_sets(vs, ids) for vs in values]
        set_ids = sql.facet_set_ids({s for groups in sets for s in groups})
        sql.store_rows(
            [
                row(d, vs, [set_ids[s] for s in groups])
                for d, vs, groups in zip(batch, values, sets, strict=True)
            ]
        )
        batch.clear()

    for doc in docs:
        batch.append(doc)
        vocabulary.add(doc)
        count += 1
        if len(batch) >= BATCH:
            flush()
            if progress:
                progress(count)
    flush()
    vocabulary.save()
    return count
