"""Our codec: Whoosh 3's, with bigger posting blocks pickled faster, and our two parts
(weight classes and page entries, see parts.py) written beside every segment.

Every writer uses it (the rebuild, the indexing queue's commits, Whoosh's merges), so each
segment's parts always describe its own postings and documents. These subclasses are the one
place that touches Whoosh's writers' private state (internals.py holds the readers').
"""

from __future__ import annotations

import itertools
import pickle
import zlib
from array import array

from whoosh.codec import whoosh3
from whoosh.util.numeric import length_to_byte

from . import parts
from .bitmaps import bits_from_ids


class PostingsWriter(whoosh3.W3PostingsWriter):
    """Whoosh 3's posting blocks, pickled with protocol 4 instead of 2.

    Under protocol 2 every bytes value (a posting's positions) is pickled as a call to
    codecs.encode, which made reading a block of a positional field several times slower and
    the block four times larger. Whoosh's reader unpickles any protocol, so indexes written
    either way read the same. The block layout, its statistics and everything else are
    Whoosh's own (_write_block is Whoosh's with the protocol changed).
    """

    def start_postings(self, format_, terminfo):
        super().start_postings(format_, terminfo)
        # The term's postings as written, for the weight classes: (documents, weights, field
        # lengths), or None for a vector's postings (never classed).
        self.term_postings = None if self._byteids else (array("I"), array("f"), array("I"))

    def add_posting(self, id_, weight, vbytes, length=None):
        super().add_posting(id_, weight, vbytes, length)  # may write the full block first
        self._lengths.append(length or 0)

    def add_term_postings(self, ids, weights, values, field_lengths) -> None:
        """All of a term's postings at once (the rebuild), filling each block as add_posting
        fills it (same ids, weights, values and length statistics), a block at a time.
        field_lengths: each document's length in the field, or None when it keeps none."""
        size = self._blocklimit
        for start in range(0, len(ids), size):
            if start:
                self._write_block()  # as add_posting does when a block is full
            block_ids = ids[start : start + size]
            block_weights = weights[start : start + size]
            self._ids = block_ids
            self._weights = array("f", block_weights)
            self._values = [v for v in values[start : start + size] if v]
            heaviest = max(block_weights)
            self._maxweight = heaviest if heaviest > 0 else 0
            if field_lengths is not None:
                self._lengths = array("I", map(field_lengths.__getitem__, block_ids))
                kept = [n for n in self._lengths if n]
            else:
                self._lengths = array("I", bytes(4 * len(block_ids)))
                kept = None
            self._minlength = min(kept) if kept else None
            self._maxlength = max(kept) if kept else 0

    def _new_block(self):
        super()._new_block()
        self._lengths = array("I")  # each posting's field length, as _minlength is kept

    def _write_block(self, last=False):
        if self.term_postings is not None:
            ids, weights, lengths = self.term_postings
            ids.extend(self._ids)
            weights.extend(self._weights)
            lengths.extend(self._lengths)
        if not self._blockcount:
            self._postfile.write(whoosh3.WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        data = (self._mini_ids(), self._mini_weights(), self._mini_values())
        databytes = pickle.dumps(data, 4)
        comp = self._compression
        if comp:
            databytes = zlib.compress(databytes, comp)
        ids = self._ids
        infobytes = pickle.dumps(
            (
                len(ids),
                ids[-1],
                self._maxweight,
                comp,
                length_to_byte(self._minlength),
                length_to_byte(self._maxlength),
            ),
            2,
        )
        postfile = self._postfile
        blocklength = len(infobytes) + len(databytes)
        if last:
            blocklength *= -1
        postfile.write_int(blocklength)
        postfile.write(infobytes)
        postfile.write(databytes)
        self._blockcount += 1
        self._new_block()


class Codec(whoosh3.W3Codec):
    """Whoosh's default codec with our writers, 512 postings to a block instead of 128: a
    search reads every block of its terms, and each block costs a seek, a header and a
    decompression on top of its postings."""

    def __init__(self, blocklimit=512, compression=3, inlinelimit=1):
        super().__init__(blocklimit=blocklimit, compression=compression, inlinelimit=inlinelimit)

    def postings_writer(self, dbfile, byteids=False):
        return PostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )

    def field_writer(self, storage, segment):
        return ClassWritingFieldWriter(self, storage, segment)

    def per_document_writer(self, storage, segment):
        return PageWritingPerDocWriter(self, storage, segment)

    def per_document_reader(self, storage, segment):
        return PagesPerDocReader(storage, segment)

    def terms_reader(self, storage, segment):
        """Whoosh's terms reader, carrying the segment's weight classes (None for a segment
        written before they were: its terms are then read from their blocks)."""
        reader = super().terms_reader(storage, segment)
        reader.weight_classes = parts.open_part(
            storage, segment, parts.CLASSES_EXT, parts.WeightClassReader
        ) or parts.open_part(storage, segment, parts.OLD_CLASSES_EXT, parts.WeightClassReader)
        return reader


class ClassWritingFieldWriter(whoosh3.W3FieldWriter):
    """Whoosh's field writer, also writing each long posting list's weight classes.

    A term's BM25F score in a document depends only on the term's weight there (how often it
    occurs, times the field's boost) and the document's field length. Its documents grouped by
    weight, each group a bitmap with its shortest field length and its count, let a search find
    the best documents by bitmap operations, bounding each group's score, instead of scoring
    every posting (ranking.py), and take a term's documents without decoding its blocks.
    Deletions are applied at search time, as for the blocks.
    """

    def __init__(self, codec, storage, segment):
        super().__init__(codec, storage, segment)
        self._classfile = self._create_file(parts.CLASSES_EXT)
        self._classes: dict[tuple[str, bytes], tuple[int, int]] = {}

    @property
    def postings_writer(self) -> PostingsWriter:
        return self._postwriter

    def finish_term(self):
        postwriter = self._postwriter
        super().finish_term()
        if postwriter.term_postings is None:
            return
        ids, weights, lengths = postwriter.term_postings
        postwriter.term_postings = None
        if len(ids) < parts.CLASS_MIN_POSTINGS:
            return
        classes = []
        distinct = set(weights)
        for weight in sorted(distinct, reverse=True):
            if len(distinct) == 1:
                docs, their_lengths = ids, lengths
            else:
                chosen = list(map(weight.__eq__, weights))
                docs = array("I", itertools.compress(ids, chosen))
                their_lengths = array("I", itertools.compress(lengths, chosen))
            # A bitmap when it is at most four times the size of the document numbers; a sparser
            # one compressed (a search reads it with a decompression and one from_bytes instead
            # of setting a bit per document).
            stored = bits_from_ids(docs).to_bytes((docs[-1] >> 3) + 1, "little")
            kind = parts.STORED_AS_BITMAP
            if docs[-1] + 1 > 128 * len(docs):
                stored, kind = zlib.compress(stored, 1), parts.STORED_AS_PACKED_BITMAP
            classes.append((weight, min(their_lengths), kind, stored, len(docs)))
        offset = self._classfile.tell()
        self._classfile.write(pickle.dumps(classes, 4))
        self._classes[(self._fieldname, self._btext)] = (offset, self._classfile.tell() - offset)

    def close(self):
        parts.end_part(self._classfile, pickle.dumps(self._classes, 4))
        super().close()


class PageWritingPerDocWriter(whoosh3.W3PerDocWriter):
    """Whoosh's per-document writer, also writing each document's page entry.

    Whoosh keeps a document's stored fields as a zlib-compressed pickle of a dict, read through
    several layers of readers; a page entry is a marshalled tuple read straight from the
    mapping, with the body's word layout so its snippet needs no regular expression. A segment
    written without them is read through Whoosh as before.
    """

    def __init__(self, codec, storage, segment):
        super().__init__(codec, storage, segment)
        self._pagefile = self._create_file(parts.PAGES_EXT)
        self._pageends = array("Q", [0])

    def finish_doc(self):
        if self._indoc:  # (Whoosh's close() calls finish_doc() once more, outside a document)
            entry = parts.page_entry(self._storedfields)
            self._pagefile.write(parts.encode_page_entry(entry))
            self._pageends.append(self._pagefile.tell())
        super().finish_doc()

    def close(self):
        super().close()
        parts.end_part(self._pagefile, self._pageends.tobytes())


class PagesPerDocReader(whoosh3.W3PerDocReader):
    """Whoosh's per-document reader, with the segment's page entries (None when the segment
    was written without them)."""

    _pages: parts.PageEntryReader | bool | None = False  # False: not opened yet

    def pages(self) -> parts.PageEntryReader | None:
        if self._pages is False:
            self._pages = parts.open_part(
                self._storage, self._segment, parts.PAGES_EXT, parts.PageEntryReader
            )
        return self._pages

    def close(self):
        if self._pages:
            self._pages.close()
        super().close()
