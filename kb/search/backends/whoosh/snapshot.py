"""An open searcher on one state of the index, and what is computed once per state.

A web process keeps one open between searches (opening costs more than a simple search), and
reopens it when a commit or a rebuild changes the folder. Sets of documents are bitmaps
(bitmaps.py) numbered across segments as the searcher numbers them.
"""

from __future__ import annotations

import bisect
from array import array
from typing import NamedTuple

from . import internals
from .bitmaps import bits_from_ids
from .parts import PageEntry, PageEntryReader, page_entry

BANDS = 32  # a field's lengths are grouped into at most this many bands


class LengthBand(NamedTuple):
    """Documents of a segment whose length norm for a field is at least `norm`."""

    norm: float  # the smallest norm in the band (the best score)
    exact: bool  # whether every document of the band has that norm
    bits: int


class IndexSnapshot:
    """The searcher kept open between searches, and its per-state caches."""

    def __init__(self, searcher, signature):
        self.searcher = searcher
        self.reader = searcher.reader()
        self.signature = signature
        self.size = self.reader.doc_count_all()
        self._live: int | None = None
        # "name\x1fvalue" -> the documents holding a facet value (facets.py)
        self.facet_sets: dict[str, int | array] | None = None
        self.facet_plan: list | None = None  # (facets.py)
        self.facet_rare: tuple | None = None  # (facets.py)
        # (segment reader id, field) -> K1 * ((1 - B) + B * length / average length) per doc
        self._norms: dict[tuple[int, str], array] = {}
        self._bands: dict[tuple[int, str], list[LengthBand]] = {}
        self._words: dict[str, list[str]] = {}
        # (first document, page entries or None) per segment, in order
        self.segment_pages: list[tuple[int, PageEntryReader | None]] | None = None

    def close(self):
        self.searcher.close()

    def leaves(self) -> list[tuple[object, int]]:
        """(segment reader, its first document number) per segment."""
        return list(self.reader.leaf_readers())

    def live(self) -> int:
        """The bitmap of the documents not deleted."""
        if self._live is None:
            size = self.size
            buf = bytearray(b"\xff" * (size >> 3) + bytes([(1 << (size & 7)) - 1]))
            for sub, base in self.reader.leaf_readers():
                for doc in internals.deleted_docs(sub):
                    doc += base
                    buf[doc >> 3] &= ~(1 << (doc & 7))
            self._live = int.from_bytes(buf, "little")
        return self._live

    def sorted_words(self, fieldname) -> list[str]:
        """A field's words, sorted (fuzzy matching walks them)."""
        words = self._words.get(fieldname)
        if words is None:
            words = self._words[fieldname] = sorted(
                word.decode("utf-8") for word in self.reader.lexicon(fieldname)
            )
        return words

    def norms(self, reader, fieldname, scorer) -> array:
        """K1 * ((1 - B) + B * fl / avgfl) per document of a segment: the part of BM25 that
        depends only on the document, with the same operations in the same order as Whoosh's
        bm25(), so scores come out identical."""
        key = (id(reader), fieldname)
        norms = self._norms.get(key)
        if norms is None:
            k1, b_, avgfl = scorer.K1, scorer.B, scorer.avgfl
            one_b = 1 - b_
            dfl = reader.doc_field_length
            norms = array(
                "d",
                (k1 * (one_b + b_ * (dfl(d, fieldname, 1) or 0) / avgfl)
                 for d in range(reader.doc_count_all())),
            )  # fmt: skip
            self._norms[key] = norms
        return norms

    def bands(self, reader, base, fieldname, norms) -> list[LengthBand]:
        """A segment's documents by their norm for a field, smallest norm (best score) first,
        in at most BANDS bands, as bitmaps counted from the first segment."""
        key = (id(reader), fieldname)
        bands = self._bands.get(key)
        if bands is None:
            groups: dict[float, list[int]] = {}
            for doc, norm in enumerate(norms):
                groups.setdefault(norm, []).append(doc)
            ordered = sorted(groups.items())
            share = -(-len(norms) // BANDS) if len(ordered) > BANDS else 0
            bands = []
            while ordered:
                norm, docs = ordered.pop(0)
                exact = True
                while share and ordered and len(docs) < share:
                    docs = docs + ordered.pop(0)[1]
                    exact = False
                bands.append(LengthBand(norm, exact, bits_from_ids(sorted(docs)) << base))
            self._bands[key] = bands
        return bands

    def page_entries(self, docs: list[int]) -> list[PageEntry]:
        """What the page shows of each document: its segment's page entry, or for a segment
        written without them, its stored fields through Whoosh."""
        if self.segment_pages is None:
            self.segment_pages = [
                (base, internals.page_entries(reader)) for reader, base in self.leaves()
            ]
        bases = [base for base, _pages in self.segment_pages]
        out = []
        for doc in docs:
            base, pages = self.segment_pages[bisect.bisect_right(bases, doc) - 1]
            entry = pages.get(doc - base) if pages is not None else None
            if entry is None:
                entry = page_entry(self.searcher.stored_fields(doc))
            out.append(entry)
        return out
