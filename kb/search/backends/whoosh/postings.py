"""A term's postings in a segment: as decoded blocks, and as documents grouped by weight.

Also what one search has read so far (SearchReads), shared by matching and ranking so that no
term's postings are read twice in a search.
"""

from __future__ import annotations

import bisect
import io
import itertools
import pickle
import zlib
from dataclasses import dataclass, field
from typing import NamedTuple

from whoosh.codec import whoosh3

from . import internals
from .bitmaps import bits_from_ids
from .parts import WeightClass


class PostingBlock(NamedTuple):
    """One posting block of a term, deletions included."""

    ids: tuple[int, ...]  # document numbers in the segment
    # As the block stores them: None (all 1.0), one float for the whole block, or a tuple.
    weights: object
    values: object  # the encoded positions (a tuple), or None when the format keeps none


@dataclass(slots=True)
class SearchReads:
    """What one search has read, kept for the rest of it; keys are (segment number, field,
    term bytes) unless said otherwise."""

    classes: dict = field(default_factory=dict)  # -> [WeightClass], document numbers global
    blocks: dict = field(default_factory=dict)  # -> [PostingBlock]
    phrases: dict = field(default_factory=dict)  # id(phrase) -> {document: score}, or None
    facet_terms: dict = field(default_factory=dict)  # (field, term bytes) -> bitmap


def term_blocks(reader, fieldname, btext, within: list[int] | None = None) -> list[PostingBlock]:
    """A term's postings in one segment, a block at a time: Whoosh's own all_ids() walks the
    postings one document per Python call. With `within` (sorted document numbers), blocks
    holding none of them may be left out (unread)."""
    if (fieldname, btext) not in reader:
        return []
    terms = internals.segment_terms(reader)
    blocks = _mapped_blocks(terms, fieldname, btext, within)
    if blocks is not None:
        return blocks
    matcher = terms.matcher(fieldname, btext, reader.schema[fieldname].format)
    found = internals.matcher_blocks(matcher)
    if found is None:
        ids = tuple(matcher.all_ids())
        return [PostingBlock(ids, None, None)] if ids else []
    return [PostingBlock(*block) for block in found]


def _mapped_blocks(terms, fieldname, btext, within=None) -> list[PostingBlock] | None:
    """term_blocks() straight from the mapped postings file: each block's length, header and
    data are sliced from the mapping (Whoosh's matcher reads the header a byte at a time). None
    when the postings are not laid out so (inlined, or a file that is not mapped): the caller
    reads them through Whoosh."""
    postfile = internals.mapped_postings(terms)
    if postfile is None:
        return None
    info = terms.term_info(fieldname, btext)
    if info.is_inlined():
        return None
    # (Whoosh reads the extent's length back as a tuple, and never uses it: like its matcher,
    # this stops at the block marked last.)
    offset, _length = info.extent()
    if postfile.get(offset, 4) != whoosh3.WHOOSH3_HEADER_MAGIC:
        return None
    at = offset + 4
    blocks = []
    accumulate = itertools.accumulate
    after = -1  # the previous block's last document: a block holds those after it
    while True:
        size = int.from_bytes(postfile.get(at, 4), "big", signed=True)  # Whoosh's write_int
        chunk = postfile.get(at + 4, abs(size))
        stream = io.BytesIO(chunk)
        # (count, last id, max weight, compression, min length, max length), then the data.
        header = pickle.Unpickler(stream).load()  # noqa: S301 (the index folder is ours)
        if within is not None:
            # A phrase checks only its candidates: a block holding none of them (most of a
            # common word's, when the other word is rare) is not decompressed or unpickled.
            first, after = after, header[1]
            at_or_after = bisect.bisect_right(within, first)
            if at_or_after == len(within) or within[at_or_after] > after:
                if size < 0:
                    return blocks
                at += 4 + size
                continue
        data = chunk[stream.tell() :]
        if header[3]:
            data = zlib.decompress(data)
        ids, weights, values = pickle.loads(data)  # noqa: S301
        # The block stores gaps between document numbers (Whoosh's delta_decode).
        blocks.append(PostingBlock(tuple(accumulate(ids)), weights, values))
        if size < 0:  # the last block
            return blocks
        at += 4 + size


def segment_term_blocks(reads: SearchReads, segment: int, reader, fieldname, btext):
    """term_blocks(), kept in `reads` for the rest of the search."""
    key = (segment, fieldname, btext)
    found = reads.blocks.get(key)
    if found is None:
        found = reads.blocks[key] = term_blocks(reader, fieldname, btext)
    return found


def term_classes(
    reads: SearchReads, segment: int, reader, base: int, fieldname, btext
) -> list[WeightClass]:
    """A term's documents in a segment grouped by weight, highest weight first, document
    numbers counted from the first segment (`base` is the segment's first). From the
    segment's stored weight classes when the term has them, otherwise from its blocks."""
    key = (segment, fieldname, btext)
    found = reads.classes.get(key)
    if found is not None:
        return found
    stored = internals.weight_classes(reader)
    found = stored.get(fieldname, btext) if stored is not None else None
    if found is None:
        groups: dict[float, list[int]] = {}
        for ids, weights, _values in segment_term_blocks(reads, segment, reader, fieldname, btext):
            if weights is None or isinstance(weights, float):
                weight = 1.0 if weights is None else weights
                groups.setdefault(weight, []).extend(ids)
            else:
                for doc, weight in zip(ids, weights, strict=False):
                    groups.setdefault(weight, []).append(doc)
        found = [
            WeightClass(weight, None, bits_from_ids(sorted(docs)), len(docs))
            for weight, docs in sorted(groups.items(), reverse=True)
        ]
    if base:
        found = [
            WeightClass(weight, shortest, bits << base, size)
            for weight, shortest, bits, size in found
        ]
    reads.classes[key] = found
    return found
