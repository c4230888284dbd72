"""Every read of a Whoosh reader's private state, in one place (the writers' is in codec.py).

The package is pinned to one Whoosh release (version.py), so these names hold; if another
release moves them, this is what to change.
"""

from __future__ import annotations

import itertools

from whoosh.reading import SegmentReader

from .codec import PagesPerDocReader
from .parts import PageEntryReader, WeightClassReader
from .storage import MappedWindow


def deleted_docs(reader) -> frozenset[int]:
    # An index with no segment yet opens as an EmptyReader, which has no deletion set.
    return getattr(reader, "deleted_docs_set", frozenset())


def is_one_segment(reader) -> bool:
    return isinstance(reader, SegmentReader)


def segment_terms(reader):
    """A segment reader's terms reader (Whoosh's, or ours with weight classes), or None."""
    return getattr(reader, "_terms", None)


def weight_classes(reader) -> WeightClassReader | None:
    """The segment's weight classes, None when it was written without them."""
    return getattr(segment_terms(reader), "weight_classes", None)


def page_entries(reader) -> PageEntryReader | None:
    """The segment's page entries, None when it was written without them."""
    perdoc = getattr(reader, "_perdoc", None)
    return perdoc.pages() if isinstance(perdoc, PagesPerDocReader) else None


def mapped_postings(terms) -> MappedWindow | None:
    """The terms reader's postings file when it is a window on a mapping (MappedStorage)."""
    postfile = getattr(terms, "_postfile", None)
    return postfile if isinstance(postfile, MappedWindow) else None


def matcher_blocks(matcher) -> list[tuple] | None:
    """A block matcher's blocks as (document numbers, raw weights, values), decoded a block at
    a time; None for a matcher that is not read in blocks."""
    if not hasattr(matcher, "_read_ids"):
        return None
    blocks = []
    accumulate = itertools.accumulate
    while matcher.is_active():
        matcher._read_data()
        data = matcher._data
        # The block stores gaps between document numbers (Whoosh's delta_decode, in C).
        blocks.append((tuple(accumulate(data[0])), data[1], data[2]))
        matcher._next_block()
    return blocks
