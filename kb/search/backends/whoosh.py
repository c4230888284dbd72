"""The Whoosh backend: an index on disk (KENES_INDEX_DIR). The only module that imports whoosh.

Whoosh is frozen code; this module steps around its known traps:
- one writer at a time: a second gets LockError; we wait a bounded time and otherwise leave the
  change in the queue for the writer that holds the lock (never AsyncWriter, which loses writes);
- every searcher is closed by a `with` block, so file handles do not pile up;
- the query is ours (kb.search.query), never Whoosh's parser (RecursionError on long input), and
  prefix and fuzzy terms are expanded here against the lexicon with a cap, not left unbounded.
"""

from __future__ import annotations

import bisect
import functools
import heapq
import io
import itertools
import logging
import marshal
import math
import mmap
import os
import pickle
import re
import shutil
import threading
import zlib
from array import array
from collections import OrderedDict, deque
from contextlib import contextmanager
from pathlib import Path

from whoosh import analysis, columns, fields, formats, index, scoring, sorting, writing
from whoosh import query as wq
from whoosh.codec import whoosh3
from whoosh.codec.base import Automata
from whoosh.filedb.compound import SubFile
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile
from whoosh.index import LockError
from whoosh.reading import SegmentReader
from whoosh.system import pack_uint
from whoosh.util.numeric import length_to_byte

from ..documents import SearchDoc
from ..highlight import layout, snippets
from ..query import Clause
from ..text import fold, fold_word, words
from .base import (
    Hit,
    IndexWriter,
    SearchBackend,
    SearchPage,
    SearchRequest,
    SearchUnavailable,
    datekey_to_date,
    digest,
)

log = logging.getLogger(__name__)

MAX_EXPANSION = 50  # terms a prefix or a fuzzy word may expand to
MAX_YEARS = 200
FACET_FIELDS = {
    "type": "type",
    "topic": "topic_slugs",
    "org": "org_slugs",
    "year": "years",
    "role": "roles",
}
FACET_NAMES = {fieldname: name for name, fieldname in FACET_FIELDS.items()}

SIMPLE = analysis.RegexTokenizer(r"\w+") | analysis.LowercaseFilter()
STEM = analysis.StemmingAnalyzer(minsize=1)


def schema() -> fields.Schema:
    return fields.Schema(
        key=fields.ID(stored=True, unique=True),
        type=fields.ID(stored=True),
        title=fields.TEXT(analyzer=STEM, stored=True, field_boost=4.0),
        name_keys=fields.TEXT(analyzer=SIMPLE, field_boost=4.0),
        people=fields.TEXT(analyzer=SIMPLE, field_boost=2.0),
        orgs=fields.TEXT(analyzer=SIMPLE, phrase=False),
        topics=fields.TEXT(analyzer=STEM, field_boost=1.5, phrase=False),
        body=fields.TEXT(analyzer=STEM, stored=True),
        # Only its word list is read (for "Did you mean"): no positions, no frequencies.
        spell=fields.KEYWORD(scorable=False),
        url=fields.STORED(),
        figures=fields.STORED(),
        digest=fields.STORED(),
        day=fields.STORED(),
        # Sort keys as bare columns: a NUMERIC field would also index range terms, which
        # costs more than all the text (dates are only sorted on, never searched).
        date=fields.COLUMN(columns.NumericColumn("I")),
        # Undated records sort last both ways: "oldest first" reads this column.
        date_asc=fields.COLUMN(columns.NumericColumn("I")),
        years=fields.KEYWORD(commas=True),
        topic_slugs=fields.KEYWORD(commas=True),
        org_slugs=fields.KEYWORD(commas=True),
        roles=fields.KEYWORD(commas=True),
    )


class _PostingsWriter(whoosh3.W3PostingsWriter):
    """Whoosh 3's posting blocks, pickled with protocol 4 instead of 2.

    Under protocol 2 every bytes value (a posting's positions) is pickled as a call to
    codecs.encode, so reading a block of a positional field cost ~70 µs of unpickling; with
    protocol 4 the same block reads in ~10 µs and takes a quarter of the space. Whoosh's reader
    unpickles any protocol, so indexes written either way read the same. The block layout,
    its statistics and everything else are Whoosh's own (this is its _write_block with the
    protocol changed).
    """

    def start_postings(self, format_, terminfo):
        super().start_postings(format_, terminfo)
        # The term's postings as written, for _FieldWriter's weight classes: (documents,
        # weights, field lengths), or None for a vector's postings (never classed).
        self.term_postings = None if self._byteids else (array("I"), array("f"), array("I"))

    def add_posting(self, id_, weight, vbytes, length=None):
        super().add_posting(id_, weight, vbytes, length)  # may write the full block first
        self._lengths.append(length or 0)

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


class _Codec(whoosh3.W3Codec):
    """Whoosh's default codec, writing posting blocks with _PostingsWriter, 512 postings to a
    block instead of 128: a search reads every block of its terms, and each block costs a
    seek, a header and a decompression on top of its postings (a quarter as many blocks
    halves the reading of a common word's postings)."""

    def __init__(self, blocklimit=512, compression=3, inlinelimit=1):
        super().__init__(blocklimit=blocklimit, compression=compression, inlinelimit=inlinelimit)

    def postings_writer(self, dbfile, byteids=False):
        return _PostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )

    def field_writer(self, storage, segment):
        return _FieldWriter(self, storage, segment)

    def per_document_writer(self, storage, segment):
        return _PerDocWriter(self, storage, segment)

    def per_document_reader(self, storage, segment):
        return _PerDocReader(storage, segment)

    def terms_reader(self, storage, segment):
        """Whoosh's terms reader, carrying the segment's weight classes (None for a segment
        written before they were: its terms are then read from their blocks)."""
        reader = super().terms_reader(storage, segment)
        reader.weight_classes = _open_part(
            storage, segment, _CLASSES_EXT, _ClassReader
        ) or _open_part(storage, segment, _OLD_CLASSES_EXT, _ClassReader)
        return reader


def _open_part(storage, segment, ext, reader):
    """reader(file, length) over the segment's part `ext`, or None when it was written
    without it."""
    name = segment.make_filename(ext)
    if not storage.file_exists(name):
        return None
    return reader(storage.open_file(name), storage.file_length(name))


def _end_part(dbfile, index: bytes) -> None:
    """Close one of our parts: its index, then where the index starts (_part_index reads it)."""
    where = dbfile.tell()
    dbfile.write(index)
    dbfile.write(where.to_bytes(8, "little"))
    dbfile.close()


def _part_index(dbfile, length) -> bytes:
    where = int.from_bytes(dbfile.get(length - 8, 8), "little")
    return dbfile.get(where, length - 8 - where)


# A term with at least this many postings in a segment also gets its weight classes written
# (_FieldWriter); a shorter one is read from its posting blocks, which costs little.
CLASS_MIN_POSTINGS = 64
# In the segment's compound file, beside Whoosh's own parts. ".kbw" (read, no longer written)
# kept a sparse class as its document numbers and no counts.
_CLASSES_EXT, _OLD_CLASSES_EXT = ".kbc", ".kbw"
_BITMAP, _PACKED = 1, 2  # a class stored as a bitmap, or as a zlib-compressed bitmap


def _bits_from_ids(ids) -> int:
    """Sorted document numbers as a bitmap of one bit per document (bit n = document n)."""
    if not ids:
        return 0
    if len(ids) * 32 < ids[-1]:  # sparse: a Python step per document
        buf = bytearray((ids[-1] >> 3) + 1)
        for doc in ids:
            buf[doc >> 3] |= 1 << (doc & 7)
        return int.from_bytes(buf, "little")
    # Dense: a byte per document, set in C; then bit k of each output byte is every eighth
    # byte from k on (values 0 or 1, shifted by k: no carries between bytes).
    buf = bytearray(ids[-1] + 8)
    deque(map(buf.__setitem__, ids, itertools.repeat(1)), maxlen=0)
    bits = 0
    for k in range(8):
        bits |= int.from_bytes(buf[k::8], "little") << k
    return bits


class _FieldWriter(whoosh3.W3FieldWriter):
    """Whoosh's field writer, also writing each long posting list's weight classes.

    A term's BM25F score in a document depends only on the term's weight there (how often it
    occurs, times the field's boost) and the document's field length. Its documents grouped by
    weight, each group a bitmap with its shortest field length and its count, let a search find
    the best documents by bitmap operations, bounding each group's score, instead of scoring
    every posting (_rank), and take a term's documents without decoding its blocks (_docset).

    They are written with the postings, by every writer that uses _Codec (the rebuild, the
    indexing queue's commits, Whoosh's merges), so each segment's classes always describe its
    own postings; deletions are applied at search time, as for the blocks.
    """

    def __init__(self, codec, storage, segment):
        super().__init__(codec, storage, segment)
        self._classfile = self._create_file(_CLASSES_EXT)
        self._classes: dict[tuple[str, bytes], tuple[int, int]] = {}

    def finish_term(self):
        postwriter = self._postwriter
        super().finish_term()
        if postwriter.term_postings is None:
            return
        ids, weights, lengths = postwriter.term_postings
        postwriter.term_postings = None
        if len(ids) < CLASS_MIN_POSTINGS:
            return
        classes = []
        distinct = set(weights)
        for weight in sorted(distinct, reverse=True):
            if len(distinct) == 1:
                docs, held = ids, lengths
            else:
                chosen = list(map(weight.__eq__, weights))
                docs = array("I", itertools.compress(ids, chosen))
                held = array("I", itertools.compress(lengths, chosen))
            # A bitmap when it is at most four times the size of the document numbers; a sparser
            # one compressed (a search reads it with a decompression and one from_bytes, where
            # setting a bit per document cost ~1,400 instructions a document).
            stored = _bits_from_ids(docs).to_bytes((docs[-1] >> 3) + 1, "little")
            kind = _BITMAP
            if docs[-1] + 1 > 128 * len(docs):
                stored, kind = zlib.compress(stored, 1), _PACKED
            classes.append((weight, min(held), kind, stored, len(docs)))
        offset = self._classfile.tell()
        self._classfile.write(pickle.dumps(classes, 4))
        self._classes[(self._fieldname, self._btext)] = (offset, self._classfile.tell() - offset)

    def close(self):
        _end_part(self._classfile, pickle.dumps(self._classes, 4))
        super().close()


class _ClassReader:
    """A segment's weight classes (see _FieldWriter), read from its compound file."""

    def __init__(self, dbfile, length):
        self._file = dbfile
        # The index folder is written by this module only (as Whoosh unpickles its blocks).
        self._index = pickle.loads(_part_index(dbfile, length))  # noqa: S301

    def get(self, fieldname, btext) -> list[tuple[float, int, int, int | None]] | None:
        """The term's classes as (weight, shortest field length, bitmap of its documents, how
        many when that is known without counting), highest weight first; None when the term
        has too few postings to have them."""
        found = self._index.get((fieldname, btext))
        if found is None:
            return None
        out = []
        for weight, shortest, kind, stored, *count in pickle.loads(self._file.get(*found)):  # noqa: S301
            size = count[0] if count else None
            if kind == _PACKED:
                bits = int.from_bytes(zlib.decompress(stored), "little")
            elif kind:
                bits = int.from_bytes(stored, "little")
            else:  # (.kbw) the document numbers
                docs = array("I")
                docs.frombytes(stored)
                bits, size = _bits_from_ids(docs), len(docs)
            out.append((weight, shortest, bits, size))
        return out


_PAGES_EXT = ".kbp"  # each document's page entry (_PerDocWriter), beside Whoosh's parts
# A page entry: these stored fields (missing ones as the page reads them), then the body's
# layout() for its snippet.
_PAGE_FIELDS = (("key", None), ("type", None), ("title", None), ("url", None), ("body", ""),
                ("figures", ""), ("day", 0))  # fmt: skip


def _page_entry(stored: dict) -> tuple:
    """A page entry from a document's stored fields, with no body layout (None)."""
    return (*(stored.get(name, default) for name, default in _PAGE_FIELDS), None)


class _PerDocWriter(whoosh3.W3PerDocWriter):
    """Whoosh's per-document writer, also writing what a result page shows of each document.

    Whoosh keeps a document's stored fields as a zlib-compressed pickle of a dict: reading
    the 20 of a page cost ~1.7 M instructions, of which the decompressions were 0.7 M and
    Whoosh's layers of readers 0.7 M. The page entry is a marshalled tuple, read straight from
    the mapping, with the body's word layout so its snippet needs no regular expression.
    Written by every writer that uses _Codec (rebuild, the queue's commits, merges, which pass
    each document's stored fields through here), so it always describes its own segment; a
    segment written before has none and is read through Whoosh as before.
    """

    def __init__(self, codec, storage, segment):
        super().__init__(codec, storage, segment)
        self._pagefile = self._create_file(_PAGES_EXT)
        self._pageends = array("Q", [0])

    def finish_doc(self):
        if self._indoc:  # (Whoosh's close() calls finish_doc() once more, outside a document)
            entry = _page_entry(self._storedfields)
            try:
                data = marshal.dumps((*entry[:-1], layout(entry[4] or "")), 4)
            except (TypeError, ValueError):
                data = marshal.dumps(None)  # not plain values: read through Whoosh
            self._pagefile.write(data)
            self._pageends.append(self._pagefile.tell())
        super().finish_doc()

    def close(self):
        super().close()
        _end_part(self._pagefile, self._pageends.tobytes())


class _PerDocReader(whoosh3.W3PerDocReader):
    """Whoosh's per-document reader, with the segment's page entries (None when the segment
    was written without them)."""

    _pages: _PageReader | bool | None = False  # False: not opened yet

    def pages(self) -> _PageReader | None:
        if self._pages is False:
            self._pages = _open_part(self._storage, self._segment, _PAGES_EXT, _PageReader)
        return self._pages

    def close(self):
        if self._pages:
            self._pages.close()
        super().close()


class _PageReader:
    """A segment's page entries (see _PerDocWriter)."""

    def __init__(self, dbfile, length):
        self._file = dbfile
        self._ends = array("Q")
        self._ends.frombytes(_part_index(dbfile, length))

    def get(self, doc) -> tuple | None:
        """(key, type, title, url, body, figures, day, body layout), or None."""
        start = self._ends[doc]
        # The index folder is written by this module only (as Whoosh unpickles its blocks).
        return marshal.loads(self._file.get(start, self._ends[doc + 1] - start))  # noqa: S302

    def close(self):
        self._file.close()


def _fast_indexer(field):
    """For a TEXT field analysed by a plain chain (regex words, lowercase, and optionally stop
    words and a stemmer), a function giving what field.index() gives -- (term bytes,
    frequency, weight, encoded value) per distinct word -- without a Token object per word
    and a generator per filter. None for any other field (Whoosh's own path is used)."""
    fmt = field.format
    if type(fmt) not in (formats.Positions, formats.Frequency):
        return None
    chain = getattr(field.analyzer, "items", None)
    if not chain or len(chain) not in (2, 4):
        return None
    tokenizer, lower, *rest = chain
    if (
        type(tokenizer) is not analysis.RegexTokenizer
        or tokenizer.gaps
        or type(lower) is not analysis.LowercaseFilter
    ):
        return None
    stops, stem = frozenset(), None
    if rest:
        stop, stemmer = rest
        if (
            type(stop) is not analysis.StopFilter
            or not stop.renumber
            or stop.max is not None
            or type(stemmer) is not analysis.StemFilter
            or stemmer.ignore
        ):
            return None
        stops, minsize = stop.stops, stop.min
        # The stemmer's own function behind the C lru_cache: Whoosh wraps it in its Python
        # LFU cache, which cost ~2 µs a word, a tenth of the analysis.
        stem = functools.lru_cache(maxsize=50000)(stemmer.stemfn)
    finditer = tokenizer.expression.finditer
    boost = fmt.field_boost
    positions = type(fmt) is formats.Positions
    encode = functools.lru_cache(maxsize=4096)(lambda poses: fmt.encode(list(poses)))

    def index(value):
        found: dict[str, list[int]] = {}
        pos = None
        for n, match in enumerate(finditer(value)):
            word = match.group(0).lower()
            if stem is not None:
                if len(word) < minsize or word in stops:
                    continue
                # StopFilter renumbers: the first word kept keeps its place, the rest follow.
                pos = n if pos is None else pos + 1
                word = stem(word)
            else:
                pos = n
            poses = found.get(word)
            if poses is None:
                found[word] = [pos]
            else:
                poses.append(pos)
        if positions:
            return [
                (word.encode("utf-8"), len(p), float(len(p)) * boost, encode(tuple(p)))
                for word, p in found.items()
            ]
        return [
            (word.encode("utf-8"), len(p), float(len(p)) * boost, pack_uint(len(p)))
            for word, p in found.items()
        ]

    return index


class _TermPool:
    """A full rebuild's postings, gathered per field and term in memory.

    Whoosh's PostingPool keeps every posting as a tuple, sorts runs of them to temporary files
    and merges the runs at commit (at 100,000 records: ~7 million postings, most of the
    build's time). Documents arrive in order, so each term's postings are already sorted: only
    the terms need sorting. Positions lists repeat (a word at position 3), so equal values are
    shared, keeping the pool to ~20 bytes a posting.
    """

    def __init__(self):
        self.fields: dict[str, dict[bytes, tuple[array, array, list]]] = {}
        self._values: dict[bytes, bytes] = {}

    def add(self, item):
        fieldname, btext, docnum, weight, value = item
        terms = self.fields.get(fieldname)
        if terms is None:
            terms = self.fields[fieldname] = {}
        entry = terms.get(btext)
        if entry is None:
            entry = terms[btext] = (array("I"), array("d"), [])
        entry[0].append(docnum)
        entry[1].append(weight)
        entry[2].append(self._values.setdefault(value, value) if value else value)

    def cleanup(self):
        self.fields = {}
        self._values = {}


class _RebuildWriter(writing.SegmentWriter):
    """A SegmentWriter for a full rebuild into one new segment (commit with mergetype=CLEAR).

    What reaches the segment is what Whoosh's writer writes, block for block: the postings
    come from _TermPool, and each block is filled as W3PostingsWriter.add_posting fills it
    (same ids, weights, values and length statistics), a block at a time instead of one
    posting per call, with each document's field length read once per field instead of once
    per posting (Whoosh looks the length column up, and stats its file, for every posting).
    """

    def __init__(self, ix, **kwargs):
        super().__init__(ix, **kwargs)
        self.pool = _TermPool()
        self._fast = {name: _fast_indexer(field) for name, field in self.schema.items()}

    def add_document(self, **fields):
        """SegmentWriter.add_document for the fields _fields() gives (no boosts, no stored
        overrides, no vectors), with the fast indexers and the pool's dictionaries inline."""
        self._check_state()
        perdocwriter = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        pool = self.pool.fields
        shared = self.pool._values
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields.get(fieldname)
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    fast = self._fast.get(fieldname)
                    items = fast(value) if fast is not None else field.index(value)
                    scorable = field.scorable
                    terms = pool.get(fieldname)
                    if terms is None:
                        terms = pool[fieldname] = {}
                    for tbytes, freq, weight, vbytes in items:
                        if scorable:
                            length += freq
                        entry = terms.get(tbytes)
                        if entry is None:
                            entry = terms[tbytes] = (array("I"), array("d"), [])
                        entry[0].append(docnum)
                        entry[1].append(weight)
                        entry[2].append(shared.setdefault(vbytes, vbytes) if vbytes else vbytes)
                if field.separate_spelling() or field.vector:
                    raise ValueError(f"{fieldname}: spelling or vector fields are not supported")
                perdocwriter.add_field(fieldname, field, value if field.stored else None, length)
                column = field.column_type
                if column:
                    perdocwriter.add_column_value(fieldname, column, field.to_column_value(value))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self):
        self.perdocwriter.close()
        lengths = self.per_document_reader()
        try:
            self._write_postings(lengths)
        finally:
            lengths.close()
        self.fieldwriter.close()

    def _write_postings(self, lengths):
        fw = self.fieldwriter
        count = self.docnum
        for fieldname in sorted(self.pool.fields):
            fieldobj = self.schema[fieldname]
            terms = self.pool.fields.pop(fieldname)
            if fieldobj.scorable:
                field_lengths = [
                    lengths.doc_field_length(doc, fieldname, 0) or 0 for doc in range(count)
                ]
            else:
                field_lengths = None  # no length column: Whoosh passes 0, which is not kept
            fw.start_field(fieldname, fieldobj)
            for btext in sorted(terms):
                ids, weights, values = terms[btext]
                fw.start_term(btext)
                pw = fw._postwriter
                size = pw._blocklimit
                for start in range(0, len(ids), size):
                    if start:
                        pw._write_block()  # as add_posting does when a block is full
                    block_ids = ids[start : start + size]
                    block_weights = weights[start : start + size]
                    pw._ids = block_ids
                    pw._weights = array("f", block_weights)
                    pw._values = [v for v in values[start : start + size] if v]
                    top = max(block_weights)
                    pw._maxweight = top if top > 0 else 0
                    if field_lengths is not None:
                        pw._lengths = array("I", map(field_lengths.__getitem__, block_ids))
                        kept = [n for n in pw._lengths if n]
                    else:
                        pw._lengths = array("I", bytes(4 * len(block_ids)))
                        kept = None
                    pw._minlength = min(kept) if kept else None
                    pw._maxlength = max(kept) if kept else 0
                fw.finish_term()
            fw.finish_field()


def _fields(doc: SearchDoc) -> dict:
    return {
        "key": doc.key,
        "type": doc.type,
        "title": doc.title,
        "name_keys": doc.name_keys,
        "people": doc.people_keys,
        "orgs": fold(doc.orgs),
        "topics": doc.topics,
        "body": doc.body,
        # Unstemmed words for "Did you mean": a suggestion must read as a real word. Names and
        # titles only: the body's words would cost a third of the indexing time.
        "spell": " ".join(
            {w.lower() for w in words(f"{doc.title} {doc.names} {doc.people} {doc.topics}")}
        ),
        "url": doc.url,
        "figures": doc.figures,
        "digest": digest(doc),
        "day": doc.datekey,
        "date": doc.datekey,
        "date_asc": doc.datekey or 99991231,
        "years": ",".join(map(str, doc.years)),
        "topic_slugs": ",".join(doc.topic_slugs),
        "org_slugs": ",".join(doc.org_slugs),
        "roles": ",".join(doc.roles),
    }


def _positive_terms(q, out: list) -> bool:
    """Collect the terms and phrases whose scores add up to a document's score; False for
    anything else."""
    if isinstance(q, wq.Term) and type(q) is wq.Term:
        out.append(q)
        return True
    if type(q) is wq.Phrase and q.slop == 1 and not q.char_ranges:
        out.append(q)
        return True
    if isinstance(q, (wq.And, wq.Or)) and type(q) in (wq.And, wq.Or):
        if q.boost != 1.0 or getattr(q, "minmatch", 0) or getattr(q, "scale", None):
            return False
        return all(_positive_terms(child, out) for child in q.subqueries)
    if isinstance(q, wq.AndNot) and q.boost == 1.0:
        return _positive_terms(q.a, out)
    return False


class _Automaton:
    """Whoosh's Levenshtein DFA for a word, with its states numbered and each state's moves,
    default move, sorted labels and finality in lists: find_matches() and next_valid_string()
    are Whoosh's (Automata.find_matches over a _WordList, DFA.next_valid_string), step for step,
    without hashing a frozenset of NFA states per step or slicing the string at every
    character. The same words, in the same order."""

    def __init__(self, dfa):
        number: dict = {dfa.initial: 0}
        found = set(dfa.transitions) | set(dfa.defaults) | set(dfa.final_states)
        for targets in dfa.transitions.values():
            found.update(targets.values())
        found.update(dfa.defaults.values())
        for s in sorted(found - {dfa.initial}, key=repr):  # numbered in a fixed order
            number[s] = len(number)
        self.moves: list[dict[str, int]] = [{} for _ in number]
        self.default: list[int | None] = [None] * len(number)
        self.final = [s in dfa.final_states for s in number]
        for s, targets in dfa.transitions.items():
            self.moves[number[s]] = {label: number[t] for label, t in targets.items()}
        for s, t in dfa.defaults.items():
            self.default[number[s]] = number[t]
        self.labels = [sorted(moves) for moves in self.moves]

    def next_valid_string(self, string: str) -> str | None:
        """The smallest string at or after `string` that the DFA accepts (Whoosh's)."""
        moves, default, final = self.moves, self.default, self.final
        state: int | None = 0
        # (path, state, label); a path taken from the string is kept as its length
        stack: list[tuple[str | int, int, str | None]] = []
        i = 0
        for i, label in enumerate(string):
            stack.append((i, state, label))
            state = moves[state].get(label, default[state])
            if state is None:
                break
        else:
            stack.append((i + 1, state, None))
        if state is not None and final[state]:
            return string
        while stack:
            path, state, label = stack.pop()
            label = self._next_edge(state, label)
            if label:
                path = (string[:path] if isinstance(path, int) else path) + label
                state = moves[state].get(label, default[state])
                if final[state]:
                    return path
                stack.append((path, state, None))
        return None

    def _next_edge(self, state: int, label: str | None) -> str | None:
        label = "\0" if label is None else chr(ord(label) + 1)
        if label in self.moves[state] or self.default[state] is not None:
            return label
        labels = self.labels[state]
        at = bisect.bisect_left(labels, label)
        return labels[at] if at < len(labels) else None

    def matches(self, words: list[str]):
        """Automata.find_matches(dfa, _WordList(words))."""
        at, count = 0, len(words)
        if not count:
            return
        match = self.next_valid_string(words[0])
        while match:
            at = bisect.bisect_left(words, match, at)
            if at >= count:
                return
            term = words[at]
            if match == term:
                yield match
                term += "\0"
            match = self.next_valid_string(term)


@functools.lru_cache(maxsize=1024)
def _levenshtein_dfa(key: str, maxdist: int):
    # Building the automaton costs more than walking the lexicon with it, and it depends only
    # on the word: kept per process, like compiled regexes.
    return Automata.levenshtein_dfa(key, maxdist, 1)


@functools.lru_cache(maxsize=1024)
def _levenshtein_automaton(key: str, maxdist: int) -> _Automaton:
    return _Automaton(_levenshtein_dfa(key, maxdist))


class _WordList:
    """A field's words, sorted, as the cursor Automata.find_matches() walks: one bisect per
    step instead of a binary search through the terms file (a dozen reads per step)."""

    def __init__(self, words: list[str]):
        self._words = words
        self._at = 0

    def text(self):
        return self._words[self._at] if self._at < len(self._words) else None

    def find(self, word):
        self._at = bisect.bisect_left(self._words, word, self._at)


def _terms_within(reader, fieldname, key, maxdist, words: list[str] | None = None):
    """reader.terms_within(fieldname, key, maxdist, prefix=1), with the automaton cached, over
    the field's word list when given (kept per index state)."""
    if words is not None:
        return _levenshtein_automaton(key, maxdist).matches(words)
    if not isinstance(reader, SegmentReader):
        # Several segments: Whoosh compares every prefixed word instead; keep its answer.
        return reader.terms_within(fieldname, key, maxdist, prefix=1)
    spelling = reader.schema[fieldname].spelling_fieldname(fieldname)
    return Automata.find_matches(_levenshtein_dfa(key, maxdist), reader.cursor(spelling))


def _deleted(reader) -> frozenset[int]:
    # An index with no segment yet opens as an EmptyReader, which has no deletion set.
    return getattr(reader, "deleted_docs_set", frozenset())


def _term_blocks(reader, fieldname, btext) -> list[tuple[tuple[int, ...], object, object]]:
    """A term's postings in one segment as (document numbers, raw weights, values) per block.

    Read a block at a time (deletions included): Whoosh's own all_ids() walks the postings one
    document per Python call. The raw weights are as the block stores them: None (all 1.0), one
    float for the whole block, or a tuple (grouped by _term_classes, read by phrases). The
    values (positions, for phrases) are a tuple, or None when the format keeps none.
    """
    if (fieldname, btext) not in reader:
        return []
    blocks = _read_blocks(reader._terms, fieldname, btext)
    if blocks is not None:
        return blocks
    m = reader._terms.matcher(fieldname, btext, reader.schema[fieldname].format)
    if not hasattr(m, "_read_ids"):
        ids = tuple(m.all_ids())
        return [(ids, None, None)] if ids else []
    blocks = []
    accumulate = itertools.accumulate
    while m.is_active():
        m._read_data()
        data = m._data
        # The block stores gaps between document numbers (Whoosh's delta_decode, in C).
        blocks.append((tuple(accumulate(data[0])), data[1], data[2]))
        m._next_block()
    return blocks


def _read_blocks(terms, fieldname, btext) -> list[tuple] | None:
    """_term_blocks() straight from the mapped postings file: each block's length, header and
    data are sliced from the mapping (Whoosh's matcher reads the header a byte at a time, which
    cost half of a block's reading). None when the postings are not laid out so (inlined, or a
    file that is not mapped): the caller reads them through Whoosh."""
    postfile = getattr(terms, "_postfile", None)
    if not isinstance(postfile, _Window):
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
    while True:
        size = int.from_bytes(postfile.get(at, 4), "big", signed=True)  # Whoosh's write_int
        chunk = postfile.get(at + 4, abs(size))
        stream = io.BytesIO(chunk)
        # (count, last id, max weight, compression, min length, max length), then the data.
        header = pickle.Unpickler(stream).load()  # noqa: S301 (the index folder is ours)
        data = chunk[stream.tell() :]
        if header[3]:
            data = zlib.decompress(data)
        ids, weights, values = pickle.loads(data)  # noqa: S301
        # The block stores gaps between document numbers (Whoosh's delta_decode).
        blocks.append((tuple(accumulate(ids)), weights, values))
        if size < 0:  # the last block
            return blocks
        at += 4 + size


def _bm25(idf, k1_1, weight, k1, b_, length, avgfl) -> float:
    """Whoosh's bm25(), term by term in the same order."""
    return idf * ((weight * k1_1) / (weight + k1 * ((1 - b_) + b_ * length / avgfl)))


def _bound(best: float, boost: float) -> float:
    """A term's highest possible score, times its boost, rounded up; infinite when a score
    could be negative (no pruning is safe then)."""
    return best * boost * (1 + 1e-6) if best > 0 and boost > 0 else math.inf


def _bm25_score(idf, top, weight, norms, base, boost, doc) -> float:
    """One BM25F term score, with the operations in the order of Whoosh's bm25()."""
    value = idf * (top / (weight + norms[doc - base]))
    return value * boost if boost != 1.0 else value


def _bm25_bound(idf, top, weight, boost, norm) -> float:
    """The highest score of a BM25F term in documents whose norm is at least `norm`."""
    return _bound(idf * (top / (weight + norm)), boost)


def _weight_score(weight, boost, doc) -> float:
    return weight * boost if boost != 1.0 else weight


def _constant(value, doc) -> float:
    return value


_NONZERO = re.compile(b"[^\x00]")
_ONE = re.compile(b"\x01")
# Each byte value's set bits, lowest first.
_BITS = [tuple(bit for bit in range(8) if value >> bit & 1) for value in range(256)]


def _docs_of(bits: int, limit: int | None = None, few: bool = False) -> list[int]:
    """A bitmap's document numbers, in order (the first `limit` of them, if given). `few`:
    the caller knows it holds only a few (they are then taken from the top, one at a time:
    a bit_length and an XOR that shortens the int, where converting 100,000 bits to bytes
    and looking for the non-zero ones cost as much as ~100 of those)."""
    if few:
        out = []
        while bits:
            top = bits.bit_length() - 1
            out.append(top)
            bits ^= 1 << top
        out.reverse()
        return out if limit is None else out[:limit]
    size = (bits.bit_length() + 7) >> 3
    if limit is None and bits.bit_count() > 200:
        # Many: spread to a byte per document (bit k of every byte goes to every eighth byte
        # from k on, in C), then find the ones.
        ones = int.from_bytes(b"\x01" * size, "little")
        spread = bytearray(size * 8)
        for k in range(8):
            spread[k::8] = ((bits >> k) & ones).to_bytes(size, "little")
        return [hit.start() for hit in _ONE.finditer(spread)]
    raw = bits.to_bytes(size, "little")
    out: list[int] = []
    for hit in _NONZERO.finditer(raw):
        at = hit.start()
        start = at << 3
        out.extend([start + bit for bit in _BITS[raw[at]]])
        if limit is not None and len(out) >= limit:
            return out[:limit]
    return out


# A group of at most this many documents is scored as it is instead of being split further.
_SCORE_DIRECTLY = 64
_BANDS = 32  # field lengths are grouped into at most this many bands


def _top_documents(entries: list[list[tuple]], matched: int, limit: int, bands) -> list[int]:
    """The `limit` best of the matched documents, by the sum of their terms' scores in entry
    order, ties to the lower document number.

    Each entry (a term in a segment, a phrase, a facet term) is a list of options: (bound,
    bitmap, score function, whether the score is the same for every document, and for a BM25F
    term: its field's key for bands() and its bound for a given length norm; how many documents
    it holds, when known without counting). A document is in at most one option per entry (a
    term's documents split by weight).

    Branch and bound, best first: a group of documents is the options it holds of the entries
    looked at so far; its bound is the sum of those options' bounds and of the highest bounds
    of the entries still to look at. A group is split by the next entry's options (and those
    without it); once every entry has been looked at, a large group is split by the field
    lengths of its terms (bands(key): [(smallest norm, whether the band holds only that norm,
    bitmap)]), which bounds each part more closely. A small group, or one whose documents all
    score the same, is scored exactly. Once the best remaining bound is below the `limit`-th
    best score found, no document left can reach the page.
    """
    count = len(entries)
    rest = [0.0] * (count + 1)  # the highest score the entries from j on can add
    for j in range(count - 1, -1, -1):
        rest[j] = rest[j + 1] + max(option[0] for option in entries[j])
    unions: list[int | None] = [None] * count
    scores: dict[int, float] = {}
    page: list[float] = []  # the `limit` best scores so far (a min-heap)
    order = itertools.count()
    # (-bound, tie-break, next entry, documents, bound of the options held, options held as a
    # chain (earlier chain, entry, option), length bands chosen {field key: (norm, exact)},
    # at most how many documents when known without counting: a group from a sparse class)
    queue = [(-rest[0], next(order), 0, matched, 0.0, (), {}, None)]
    while queue:
        negative_bound, _n, j, bits, held_bound, held, split, most = heapq.heappop(queue)
        floor = page[0] if len(page) >= limit else -math.inf
        if -negative_bound < floor:
            break
        # Whether the group is small: counting 100,000 bits costs as much as scoring a few
        # documents, so a known bound is used first.
        small = most is not None and most <= _SCORE_DIRECTLY
        size = None
        if j < count and not small:
            size = bits.bit_count()
            small = size <= _SCORE_DIRECTLY
        if j < count and not small:
            after = rest[j + 1]
            for number, option in enumerate(entries[j]):
                part = bits & option[1]
                bound = held_bound + option[0]
                if part and bound + after >= floor:
                    item = (
                        -(bound + after),
                        next(order),
                        j + 1,
                        part,
                        bound,
                        (held, j, number),
                        split,
                        size if option[5] is None else min(size, option[5]),
                    )
                    heapq.heappush(queue, item)
            union = unions[j]
            if union is None:
                union = 0
                for option in entries[j]:
                    union |= option[1]
                unions[j] = union
            part = bits ^ (bits & union)
            if part and held_bound + after >= floor:
                item = (
                    -(held_bound + after),
                    next(order),
                    j + 1,
                    part,
                    held_bound,
                    held,
                    split,
                    size,
                )
                heapq.heappush(queue, item)
            continue
        options = _held(entries, held)
        uniform = all(
            same or (band is not None and split.get(band[0], (0, False))[1])
            for _b, _bits, _score, same, band, _size in options
        )
        key = None
        if j == count and not uniform and not small:
            size = bits.bit_count()
            small = size <= _SCORE_DIRECTLY
            if not small:
                key = next(
                    (
                        band[0]
                        for *_o, band, _n in options
                        if band is not None and band[0] not in split
                    ),
                    None,
                )
        if key is None:
            # Small, or split as far as it goes: score it (only its first documents when all
            # score the same).
            same = limit if uniform and j == count else None
            for doc, score in _score_group(entries, bits, j, options, same, small):
                scores[doc] = score
                if len(page) < limit:
                    heapq.heappush(page, score)
                elif score > page[0]:
                    heapq.heapreplace(page, score)
            continue
        for norm, exact, band_bits in bands(key):
            part = bits & band_bits
            if not part:
                continue
            chosen = {**split, key: (norm, exact)}
            bound = 0.0
            for top, _bits, _score, _same, band, _size in options:
                if band is not None and band[0] in chosen:
                    top = band[1](chosen[band[0]][0])
                bound += top
            if bound >= floor:
                heapq.heappush(queue, (-bound, next(order), j, part, bound, held, chosen, size))
    return _top(scores, limit)


def _held(entries, held: tuple) -> list[tuple]:
    """The options of a chain (earlier chain, entry, option), in entry order."""
    options = []
    while held:
        held, entry, number = held
        options.append(entries[entry][number])
    options.reverse()
    return options


def _score_group(entries, bits: int, j: int, options: list, limit: int | None, few: bool):
    """(document, exact score) for each document of a group: the `options` it holds of the
    entries before j, and the entries from j on looked up document by document. A document in
    no entry is not scored (it is not ranked). With a limit (every document scores the same),
    only the first `limit` documents: ties go to lower numbers. `few`: the group is small."""
    docs = _docs_of(bits, limit, few)
    chosen = [option[2] for option in options]
    parts: dict[int, list] = {doc: list(chosen) for doc in docs}
    for entry in entries[j:]:
        for option in entry:
            inside = bits & option[1]
            if inside:
                for doc in _docs_of(inside, few=few):
                    parts[doc].append(option[2])
    for doc in docs:
        functions = parts[doc]
        if not functions:
            continue
        total = 0.0
        for score in functions:
            total = total + score(doc)
        yield doc, total


def _in_a_row(places: tuple[bytes, ...], fmt, decoded: dict) -> bool:
    """Whether, given each word's encoded positions in a document, the words stand next to
    each other in order somewhere (decoded positions kept in `decoded` for the search)."""
    starts = None
    for offset, value in enumerate(places):
        found = decoded.get(value)
        if found is None:
            found = decoded[value] = frozenset(fmt.decode_positions(value))
        if starts is None:
            starts = found
        else:
            starts = [p for p in starts if p + offset in found]
            if not starts:
                return False
    return bool(starts)


def _phrase_score(parts_of, combination: tuple, boost: float) -> float:
    """A phrase's score in a document, from each word's (weight, norm) there: the words'
    BM25F scores added as Whoosh's phrase matcher adds them, times the boost."""
    parts = []
    for n, (idf, k1_1) in enumerate(parts_of):
        weight, norm = combination[2 * n], combination[2 * n + 1]
        parts.append(idf * ((weight * k1_1) / (weight + norm)))
    if len(parts) == 2:
        score = parts[0] + parts[1]
    elif len(parts) == 3:
        score = parts[0] + (parts[1] + parts[2])
    else:
        score = _tree_sum(parts)
    return score * boost if boost != 1.0 else score


def _to_bytes(searcher, term) -> bytes:
    return searcher.schema[term.fieldname].to_bytes(term.text)


def _tree_sum(values: list[float]) -> float:
    """a + (b + c): how Whoosh's intersection matcher (a binary tree) adds its parts' scores."""
    if len(values) == 1:
        return values[0]
    half = len(values) // 2
    return _tree_sum(values[:half]) + _tree_sum(values[half:])


def _top(scores: dict[int, float], limit: int) -> list[int]:
    """The `limit` best-scored documents, ties to the lower document number (Whoosh's order)."""
    if len(scores) <= limit:
        return sorted(scores, key=lambda doc: (-scores[doc], doc))
    floor = heapq.nlargest(limit, scores.values())[-1]
    above = sorted(
        (doc for doc, score in scores.items() if score > floor), key=lambda doc: (-scores[doc], doc)
    )
    # Many documents can share the floor's score (same lengths, same words): lowest numbers first.
    tied = heapq.nsmallest(limit - len(above), (doc for doc, s in scores.items() if s == floor))
    return above + tied


def _values_per_document(live: int, bitmaps: list[int]) -> int:
    """n when every live document is in exactly n >= 1 of the bitmaps (each within `live`),
    else 0: the bitmaps are added up bit-sliced (planes[j]: bit j of each document's count)."""
    planes: list[int] = []
    for bits in bitmaps:
        if bits & ~live:
            return 0
        for j in range(len(planes)):
            planes[j], bits = planes[j] ^ bits, planes[j] & bits
            if not bits:
                break
        if bits:
            planes.append(bits)
    n = 0
    for j, plane in enumerate(planes):
        if plane == live:
            n |= 1 << j
        elif plane:
            return 0
    return n if live else 0


def _split_facets(counts: dict) -> dict[str, list[tuple[str, int]]]:
    facets: dict[str, list[tuple[str, int]]] = {name: [] for name in FACET_FIELDS}
    for key, count in counts.items():
        name, _, value = key.partition("\x1f")
        facets[name].append((value, count))
    for values in facets.values():
        values.sort(key=lambda item: (-item[1], item[0]))
    return facets


class _Writer(IndexWriter):
    def __init__(self, writer):
        self._writer = writer

    def update(self, docs):
        for doc in docs:
            self._writer.update_document(**_fields(doc))

    def remove(self, keys):
        for key in keys:
            self._writer.delete_by_term("key", key)


class _Open:
    """The searcher kept open between searches, and what is computed once per index state.

    Sets of documents are bitmaps of one bit per document (bit n = document n) held as Python
    ints: union, intersection and counting run in C over 12.5 kB for 100,000 records, with no
    Python object per document.
    """

    def __init__(self, searcher, signature):
        self.searcher = searcher
        self.signature = signature
        self.size = searcher.reader().doc_count_all()
        self.live: int | None = None  # bitmap of the documents not deleted
        # "name\x1fvalue" -> a bitmap of one bit per document (values held by at least one
        # record in 256) or the sorted document numbers (rarer ones)
        self.facets: dict[str, int | array] | None = None
        # per facet field: see _facet_plan
        self.facet_plan: list | None = None
        # (segment, field) -> K1 * ((1 - B) + B * length / average length) for each document
        self.norms: dict[tuple[int, str], array] = {}
        # the same key -> the documents by norm, in bands (_bands)
        self.bands: dict[tuple[int, str], list[tuple[float, bool, int]]] = {}
        self.words: dict[str, list[str]] = {}  # field -> its words, sorted (fuzzy matching)
        # (first document, page entries or None) per segment, in order (_entries)
        self.pages: list[tuple[int, _PageReader | None]] | None = None


class _Window(StructFile):
    """A part of a compound segment file: reads go to the mapping at the part's offset."""

    def __init__(self, mapped, offset, length, name=None):
        super().__init__(SubFile(mapped, offset, length, name=name), name=name)
        self._mapped, self._start, self._end = mapped, offset, offset + length

    def get(self, position, length):
        # Random access (term lookups, stored fields, posting blocks): one slice, no seek.
        start = self._start + position
        return self._mapped[start : min(start + length, self._end)]


class _MappedFile(StructFile):
    """A compound segment file read through one read-only mmap; its parts are windows on it."""

    def subset(self, position, length, name=None):
        return _Window(self.file, position, length, name=name)


class _Storage(FileStorage):
    """The index folder, with compound segment files mapped without copying.

    Whoosh's own mmap path wraps each part of a segment (postings, terms, stored fields) in a
    BytesIO, which copies it: every web process held the whole index twice (~170 MB at 100,000
    records). Here each part reads straight from the mapping, so only the pages a search
    touches are resident, shared with the page cache. Reading files normally instead (no mmap)
    costs a system call per read: a third slower searches.
    """

    def __init__(self, path):
        super().__init__(path, supports_mmap=False)  # so CompoundStorage asks for subset()

    def open_file(self, name, **kwargs):
        if name.endswith(".seg"):
            with open(self._fpath(name), "rb") as f:
                mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
            return _MappedFile(mapped, name=name)
        return super().open_file(name, **kwargs)


# Backends holding an open searcher, oldest first: capped so that many index folders (tests,
# benchmarks) cannot pile up open files.
_OPEN_BACKENDS: OrderedDict[int, WhooshBackend] = OrderedDict()
_OPEN_LIMIT = 8
_OPEN_LOCK = threading.Lock()


class WhooshBackend(SearchBackend):
    name = "whoosh"

    def __init__(self, path):
        self.path = Path(path)
        self._state: _Open | None = None
        # One search at a time per backend (get_backend gives each thread its own): a Whoosh
        # searcher is not safe to share between threads.
        self._lock = threading.RLock()

    # --- storage ---------------------------------------------------------------------------

    def _open(self):
        try:
            return _Storage(str(self.path)).open_index()
        except Exception as exc:  # missing, half-written or corrupt: all mean "rebuild"
            raise SearchUnavailable(
                f"the search index at {self.path} cannot be opened: {exc}"
            ) from exc

    def _open_or_create(self):
        try:
            ix = _Storage(str(self.path)).open_index()
            if sorted(ix.schema.names()) == sorted(schema().names()):
                return ix
            # An index written by an older version of Kenes: its fields no longer fit.
            log.warning("search index at %s has an old schema; creating a new one", self.path)
        except index.EmptyIndexError:
            pass  # none yet
        except Exception:
            log.warning("search index at %s is unreadable; creating a new one", self.path)
        return self._create()

    def _create(self):
        if self.path.exists():
            shutil.rmtree(self.path)
        self.path.mkdir(parents=True, exist_ok=True)
        return index.create_in(str(self.path), schema())

    def clear(self):
        self._create()

    @contextmanager
    def writer(self, *, timeout: float = 10.0):
        ix = self._open_or_create()
        try:
            raw = ix.writer(timeout=timeout, delay=0.05, codec=_Codec())
        except LockError:
            yield None
            return
        try:
            yield _Writer(raw)
        except BaseException:
            raw.cancel()
            raise
        raw.commit()

    def rebuild(self, docs, *, progress=None):
        ix = self._open_or_create()
        try:
            raw = _RebuildWriter(ix, timeout=60, delay=0.1, codec=_Codec())
        except LockError as exc:
            raise SearchUnavailable("another process holds the index lock") from exc
        count = 0
        try:
            for doc in docs:
                raw.add_document(**_fields(doc))
                count += 1
                if progress and count % 500 == 0:
                    progress(count)
        except BaseException:
            raw.cancel()
            raise
        raw.commit(mergetype=writing.CLEAR)
        return count

    def stored_digests(self):
        ix = self._open()
        with ix.searcher() as searcher:
            return {f["key"]: f["digest"] for f in searcher.all_stored_fields()}

    # --- search ----------------------------------------------------------------------------

    def _signature(self):
        """Changes whenever a commit, a rebuild or a new index replaces the table of contents,
        and when segment files vanish (an open searcher would go on reading deleted files)."""
        try:
            with os.scandir(self.path) as entries:
                tocs = [
                    (e.name, e.inode(), e.stat())
                    for e in entries
                    if e.name.endswith((".toc", ".seg"))
                ]
            return tuple(sorted((name, ino, st.st_mtime_ns, st.st_size) for name, ino, st in tocs))
        except OSError:
            return None

    @contextmanager
    def _searcher(self):
        """The open searcher (under the backend's lock), reopened only when the index changed.

        Opening costs more than a simple search (the table of contents, segment files, column
        readers), so a web process keeps one open; one per backend, and a bounded number
        overall.
        """
        with self._lock:
            signature = self._signature()
            state = self._state
            if state is None or not signature or state.signature != signature:
                self._drop()
                ix = self._open()
                try:
                    searcher = ix.searcher()
                except Exception as exc:
                    raise SearchUnavailable(f"the search index cannot be read: {exc}") from exc
                state = self._state = _Open(searcher, signature)
                self._register()
            yield state

    def _register(self):
        with _OPEN_LOCK:
            _OPEN_BACKENDS[id(self)] = self
            _OPEN_BACKENDS.move_to_end(id(self))
            old = []
            while len(_OPEN_BACKENDS) > _OPEN_LIMIT:
                old.append(_OPEN_BACKENDS.popitem(last=False)[1])
        for backend in old:
            if backend._lock.acquire(blocking=False):  # one in use closes at its next change
                try:
                    backend._drop()
                finally:
                    backend._lock.release()

    def _drop(self):
        state, self._state = self._state, None
        if state is not None:
            state.searcher.close()

    def search(self, request: SearchRequest) -> SearchPage:
        with self._searcher() as state:
            searcher = state.searcher
            reader = searcher.reader()
            q = self._compile(request.query, reader)
            if q is None:
                if not request.filters:
                    return SearchPage([], 0, request.page, request.per_page)
                q = wq.Every()
            # Facet filters go into the query itself: Whoosh's `filter=` treats a filter that
            # matches nothing as no filter at all (an unknown facet value would widen the search).
            flt = self._filters(request.filters)
            if flt is not None:
                q = flt if isinstance(q, wq.Every) else wq.And([q, flt])
            sortedby = None
            if request.sort == "newest":
                sortedby = sorting.FieldFacet("date", reverse=True)
            elif request.sort == "oldest":
                sortedby = sorting.FieldFacet("date_asc")
            # The total and the facet counts are exact over every match, but need no scores:
            # they come from bitmaps of document numbers. Only the page is ranked.
            offset = (request.page - 1) * request.per_page
            limit = offset + request.per_page
            classes: dict = {}  # each term's documents by weight, for the match and the ranking
            blocks: dict = {}  # decoded posting blocks, shared likewise
            phrases: dict = {}  # each phrase's documents and scores
            matched = self._docset(q, state, classes, blocks, phrases)
            total = matched.bit_count()
            facets = self._facet_counts(state, matched, total) if request.facets else {}
            docs: list[int] = []
            if offset < total:
                ranked = None
                if sortedby is None:
                    ranked = self._rank(q, state, matched, limit, classes, blocks, phrases)
                if ranked is not None:
                    docs = ranked[offset:]
                else:
                    results = searcher.search(q, limit=limit, sortedby=sortedby)
                    docs = [hit.docnum for hit in results[offset:limit]]
            hits = []
            if docs:
                entries = self._entries(state, docs)
                marks = request.query.text_words()
                passages = snippets([(entry[4], entry[7]) for entry in entries], marks)
                for (key, type_, title, url, _body, figures, day, _at), passage in zip(
                    entries, passages, strict=True
                ):
                    hits.append(
                        Hit(
                            key=key,
                            type=type_,
                            title=title,
                            url=url,
                            snippet=passage,
                            figures=figures,
                            date=datekey_to_date(day),
                        )
                    )
            return SearchPage(hits, total, request.page, request.per_page, facets)

    def _entries(self, state, docs: list[int]) -> list[tuple]:
        """What the page shows of each document: its segment's page entry (_PerDocWriter), or
        for a segment written without them, its stored fields through Whoosh."""
        if state.pages is None:
            state.pages = [
                (base, perdoc.pages() if isinstance(perdoc, _PerDocReader) else None)
                for reader, base in state.searcher.reader().leaf_readers()
                for perdoc in [getattr(reader, "_perdoc", None)]
            ]
        bases = [base for base, _pages in state.pages]
        out = []
        for doc in docs:
            base, pages = state.pages[bisect.bisect_right(bases, doc) - 1]
            entry = pages.get(doc - base) if pages is not None else None
            if entry is None:
                entry = _page_entry(state.searcher.stored_fields(doc))
            out.append(entry)
        return out

    def suggest(self, word):
        low = word.lower()
        if len(low) < 4 or len(low) > 40:
            return None
        try:
            with self._searcher() as state:
                searcher = state.searcher
                reader = searcher.reader()
                if reader.doc_frequency("spell", low) > 0:
                    return None
                # searcher.suggest("spell", low, limit=1, maxdist=2, prefix=1), walking the
                # kept word list: the word within two edits with the highest frequency (Whoosh
                # scores 0 - (maxdist + 0.5 / frequency)), the greater word on a tie.
                best = None
                words = self._words(reader, "spell")
                for candidate in _terms_within(reader, "spell", low, 2, words):
                    item = (0 - (2 + (1.0 / (reader.frequency("spell", candidate) or 1) * 0.5)),
                            candidate)  # fmt: skip
                    if best is None or item > best:
                        best = item
        except SearchUnavailable:
            return None
        return best[1] if best else None

    def _filters(self, filters):
        terms = [
            wq.Term(FACET_FIELDS[name], str(value))
            for name, value in filters.items()
            if name in FACET_FIELDS
        ]
        return wq.And(terms) if terms else None

    def _live(self, state) -> int:
        """The bitmap of the documents not deleted."""
        if state.live is None:
            buf = bytearray(b"\xff" * (state.size >> 3) + bytes([(1 << (state.size & 7)) - 1]))
            for sub, base in state.searcher.reader().leaf_readers():
                for doc in _deleted(sub):
                    doc += base
                    buf[doc >> 3] &= ~(1 << (doc & 7))
            state.live = int.from_bytes(buf, "little")
        return state.live

    def _facet_sets(self, state) -> dict[str, int | array]:
        """Per index state: each facet value's documents, as a bitmap when the value is common
        (counting is then one AND and a bit count) and as document numbers when it is rare
        (a bitmap costs one bit per record, however few hold the value)."""
        if state.facets is not None:
            return state.facets
        reader = state.searcher.reader()
        leaves = list(reader.leaf_readers())
        deleted = {base + doc for sub, base in leaves for doc in _deleted(sub)}
        values: dict[str, int | array] = {}
        for name, fieldname in FACET_FIELDS.items():
            for btext in reader.lexicon(fieldname):
                docs = array("I")
                for sub, base in leaves:
                    for ids, _w, _v in _term_blocks(sub, fieldname, btext):
                        docs.extend(map(base.__add__, ids) if base else ids)
                if deleted:
                    docs = array("I", (d for d in docs if d not in deleted))
                if not docs:
                    continue
                key = f"{name}\x1f{btext.decode('utf-8')}"
                values[key] = _bits_from_ids(docs) if len(docs) * 256 >= state.size else docs
        state.facets = values
        return values

    def _facet_plan(self, state) -> list[tuple[int, tuple, str | None, list]]:
        """Per index state and facet field: (n, cover, the value left out, the other values).
        n: every live document holds exactly n of the field's values (0: not so). cover: else,
        when no document holds two of them, the values of an earlier field held by exactly
        the documents holding one of them (years: the events, questions and surveys; roles:
        the people). The field's counts then add up to n * matches, or to the cover's counts,
        and the value left out (the one most documents hold) is that sum less the others'
        counts: one bit count fewer per such field."""
        if state.facet_plan is not None:
            return state.facet_plan
        live = self._live(state)
        fields: dict[str, list[tuple[str, int | array]]] = {name: [] for name in FACET_FIELDS}
        for key, docs in self._facet_sets(state).items():
            fields[key.partition("\x1f")[0]].append((key, docs))
        plan = []
        partitions: list[list[tuple[str, int]]] = []  # fields each live document holds once
        for values in fields.values():
            if not values:
                continue
            bitmaps = [
                docs if isinstance(docs, int) else _bits_from_ids(docs) for _k, docs in values
            ]
            per_doc = _values_per_document(live, bitmaps)
            cover: tuple = ()
            if per_doc == 1:
                partitions.append(
                    [(k, bits) for (k, _d), bits in zip(values, bitmaps, strict=True)]
                )
            elif not per_doc:
                union = 0
                for bits in bitmaps:
                    union |= bits
                if union.bit_count() == sum(bits.bit_count() for bits in bitmaps):
                    for partition in partitions:
                        held = [(k, bits) for k, bits in partition if bits & union]
                        covered = 0
                        for _k, bits in held:
                            covered |= bits
                        if covered == union:
                            cover = tuple(k for k, _bits in held)
                            break
            derived = None
            if per_doc or cover:
                derived = values[max(range(len(values)), key=lambda i: bitmaps[i].bit_count())][0]
            plan.append(
                (per_doc, cover, derived, [(k, docs) for k, docs in values if k != derived])
            )
        state.facet_plan = plan
        return plan

    def _norms(self, state, reader, fieldname, scorer) -> array:
        """K1 * ((1 - B) + B * fl / avgfl) per document of a segment: the part of BM25 that
        depends only on the document, computed once per index state with the same operations
        in the same order as Whoosh's bm25(), so scores come out identical."""
        key = (id(reader), fieldname)
        norms = state.norms.get(key)
        if norms is None:
            k1, b_, avgfl = scorer.K1, scorer.B, scorer.avgfl
            one_b = 1 - b_
            dfl = reader.doc_field_length
            norms = array(
                "d",
                (k1 * (one_b + b_ * (dfl(d, fieldname, 1) or 0) / avgfl)
                 for d in range(reader.doc_count_all())),
            )  # fmt: skip
            state.norms[key] = norms
        return norms

    def _bands(self, state, reader, base, fieldname, norms) -> list[tuple[float, bool, int]]:
        """A segment's documents by their norm for a field (its length), smallest norm (best
        score) first, in at most _BANDS bands: (smallest norm, whether it is the band's only
        norm, bitmap). Per index state, as the norms."""
        key = (id(reader), fieldname)
        bands = state.bands.get(key)
        if bands is None:
            groups: dict[float, list[int]] = {}
            for doc, norm in enumerate(norms):
                groups.setdefault(norm, []).append(doc)
            ordered = sorted(groups.items())
            share = -(-len(norms) // _BANDS) if len(ordered) > _BANDS else 0
            bands = []
            while ordered:
                norm, docs = ordered.pop(0)
                exact = True
                while share and ordered and len(docs) < share:
                    docs = docs + ordered.pop(0)[1]
                    exact = False
                bands.append((norm, exact, _bits_from_ids(sorted(docs)) << base))
            state.bands[key] = bands
        return bands

    def _phrase(self, node, state, classes: dict, blocks: dict) -> dict[int, float] | None:
        """The documents where the phrase's words stand next to each other, in order, with
        Whoosh's score for each (the sum of the words' BM25F scores in that field, times the
        phrase's boost). The candidates are the documents holding every word (an AND of the
        words' bitmaps); only their postings are taken from the blocks (ids, weights and
        positions), and each combination of the words' encoded positions is checked once per
        search (in a short field most documents hold the same few). None for what this does
        not handle (Whoosh matches it instead)."""
        searcher = state.searcher
        fieldname = node.fieldname
        field = searcher.schema[fieldname]
        fmt = field.format
        if not fmt.supports("positions"):
            return None
        decoded: dict[bytes, frozenset[int]] = {}
        out: dict[int, float] = {}
        for i, (sub, base) in enumerate(searcher.leaf_searchers()):
            reader = sub.reader()
            words = []
            inside = -1
            for word in node.words:
                btext = field.to_bytes(word)
                found = self._term_classes(classes, blocks, i, reader, base, fieldname, btext)
                if not found:
                    break
                scorer = sub.weighting.scorer(sub, fieldname, btext)
                if type(scorer) is not scoring.BM25FScorer:
                    return None
                bits = 0
                for _weight, _shortest, part, _size in found:
                    bits |= part
                inside &= bits
                words.append((btext, scorer))
            else:
                if not inside:
                    continue
                candidates = _docs_of(inside >> base)
                wanted = set(candidates)
                # Each word's positions and weight in the candidate documents, in their order
                # (dictionaries filled in C from the blocks holding a candidate).
                places, weights_of = [], []
                for btext, _scorer in words:
                    key = (i, fieldname, btext)
                    found = blocks.get(key)
                    if found is None:
                        found = blocks[key] = _term_blocks(reader, fieldname, btext)
                    where: dict[int, bytes] = {}
                    weight_of: dict[int, float] = {}
                    for ids, weights, values in found:
                        if values is None or len(values) != len(ids):
                            return None
                        if wanted.isdisjoint(ids):
                            continue
                        where.update(zip(ids, values, strict=True))
                        if weights is None or isinstance(weights, float):
                            weight = 1.0 if weights is None else weights
                            weight_of.update(zip(ids, itertools.repeat(weight)))
                        else:
                            weight_of.update(zip(ids, weights, strict=False))
                    places.append(list(map(where.__getitem__, candidates)))
                    weights_of.append(list(map(weight_of.__getitem__, candidates)))
                # Whether the words stand in a row, once per combination of encoded positions.
                adjacent = {
                    combination: _in_a_row(combination, fmt, decoded)
                    for combination in set(zip(*places, strict=True))
                }
                matches = list(
                    itertools.compress(
                        range(len(candidates)),
                        map(adjacent.__getitem__, zip(*places, strict=True)),
                    )
                )
                if not matches:
                    continue
                # The score, once per combination of the words' weights and norms.
                columns = []
                for (_btext, scorer), weights in zip(words, weights_of, strict=True):
                    norm = self._norms(state, reader, fieldname, scorer)
                    docs = map(candidates.__getitem__, matches)
                    columns.append(list(map(weights.__getitem__, matches)))
                    columns.append(list(map(norm.__getitem__, docs)))
                parts_of = [(scorer.idf, scorer.K1 + 1) for _btext, scorer in words]
                boost = node.boost
                scores: dict[tuple, float] = {}
                for n, combination in zip(matches, zip(*columns, strict=True), strict=True):
                    score = scores.get(combination)
                    if score is None:
                        score = scores[combination] = _phrase_score(parts_of, combination, boost)
                    out[base + candidates[n]] = score
        return out

    def _term_classes(
        self, classes: dict, blocks: dict, i: int, reader, base: int, fieldname, btext
    ):
        """A term's documents in segment i, grouped by weight: [(weight, shortest field length
        or None, bitmap)], highest weight first, document numbers counted from the first
        segment. Kept in `classes` for the rest of the search. From the segment's stored weight
        classes when the term has them, otherwise from its posting blocks (kept in `blocks`)."""
        key = (i, fieldname, btext)
        found = classes.get(key)
        if found is not None:
            return found
        stored = getattr(getattr(reader, "_terms", None), "weight_classes", None)
        found = stored.get(fieldname, btext) if stored is not None else None
        if found is None:
            decoded = blocks.get(key)
            if decoded is None:
                decoded = blocks[key] = _term_blocks(reader, fieldname, btext)
            groups: dict[float, list[int]] = {}
            for ids, weights, _values in decoded:
                if weights is None or isinstance(weights, float):
                    weight = 1.0 if weights is None else weights
                    groups.setdefault(weight, []).extend(ids)
                else:
                    for doc, weight in zip(ids, weights, strict=False):
                        groups.setdefault(weight, []).append(doc)
            found = [
                (weight, None, _bits_from_ids(sorted(docs)), len(docs))
                for weight, docs in sorted(groups.items(), reverse=True)
            ]
        if base:
            found = [
                (weight, shortest, bits << base, size) for weight, shortest, bits, size in found
            ]
        classes[key] = found
        return found

    def _docset(self, q, state, classes: dict, blocks: dict, phrases: dict) -> int:
        """The bitmap of the documents matching q (bit n = document n), from the terms' weight
        classes (no scoring, no matcher tree). Each term's classes are kept in `classes` for
        the ranking, decoded blocks in `blocks`, and each phrase's documents and scores in
        `phrases` (None where Whoosh had to match it)."""
        searcher = state.searcher
        leaves = list(searcher.reader().leaf_readers())

        def term(node):
            field = searcher.schema[node.fieldname]
            btext = field.to_bytes(node.text)
            name = FACET_NAMES.get(node.fieldname)
            if name is not None:
                # A facet value (type:, year:, a filter): its documents are kept per index
                # state, so its postings need not be read (type:question is a third of them).
                docs = self._facet_sets(state).get(f"{name}\x1f{btext.decode('utf-8')}")
                bitmap = docs if isinstance(docs, int) else _bits_from_ids(docs or ())
                blocks[(None, node.fieldname, btext)] = bitmap
                return bitmap
            out = 0
            for i, (sub, base) in enumerate(leaves):
                for _weight, _shortest, bits, _size in self._term_classes(
                    classes, blocks, i, sub, base, node.fieldname, btext
                ):
                    out |= bits
            return out

        def walk(node):
            if isinstance(node, wq.Term):
                return term(node)
            if isinstance(node, wq.Every):
                return self._live(state)
            if isinstance(node, wq.Or):
                out = 0
                for child in node.subqueries:
                    out |= walk(child)
                return out
            if isinstance(node, wq.And):
                out = -1
                for child in node.subqueries:
                    out &= walk(child)
                    if not out:
                        break
                return out
            if isinstance(node, wq.AndNot):
                return walk(node.a) & ~walk(node.b)
            if node is wq.NullQuery or isinstance(node, type(wq.NullQuery)):
                return 0
            found = self._phrase(node, state, classes, blocks) if type(node) is wq.Phrase else None
            if type(node) is wq.Phrase:
                phrases[id(node)] = found
            return _bits_from_ids(
                sorted(found if found is not None else searcher.docs_for_query(node))
            )

        return walk(q) & self._live(state)

    def _constant_score(self, searcher, term) -> float | None:
        """A facet term's score, the same in every document holding it: every weight is 1.0
        and the field keeps no lengths, so Whoosh scores it by its weight (BM25F does so for
        fields that are not scorable). Times the term's boost. None if the term is not so."""
        btext = _to_bytes(searcher, term)
        reader = searcher.reader()
        if (term.fieldname, btext) in reader:
            info = reader.term_info(term.fieldname, btext)
            if info.max_weight() != 1.0 or info.weight() != info.doc_frequency():
                return None
        scorer = searcher.weighting.scorer(searcher, term.fieldname, btext)
        if not isinstance(scorer, scoring.WeightScorer):
            return None
        return 1.0 * term.boost if term.boost != 1.0 else 1.0

    def _rank(
        self, q, state, matched: int, limit, classes: dict, blocks: dict, phrases: dict
    ) -> list[int] | None:
        """The top `limit` matches by relevance, exactly as Whoosh's collector ranks them.

        A document's score under And/Or/AndNot of terms is the sum, over the terms it contains
        on the positive side, of that term's BM25F score times its boost: Whoosh's own scorer
        parameters and arithmetic. Ties go to the lower document number, as in Whoosh's
        TopCollector. A phrase adds the score _phrase() gave. None when the query holds
        anything else: the caller lets Whoosh rank it.

        The terms are added in the order of their highest possible score (from the term's
        largest weight and shortest field length), as the earlier, pruned scoring did: adding in
        another order could change a sum in its last bit (Whoosh's own matcher tree adds in yet
        another order; documents holding the same terms get the same sum either way).

        Only the documents that can reach the page are scored: _top_documents() splits the
        matches by the weight class they hold of each term, best bound first, and scores a
        group only while its bound can still reach the page.
        """
        terms: list[wq.Term] = []
        if not _positive_terms(q, terms):
            return None
        searcher = state.searcher
        # One entry per (segment, term) with postings, per phrase and per facet term:
        # (order, [(bound, documents, score of a document)]).
        entries = []
        fields_seen = {}  # (segment, field) -> (reader, first document, norms)
        for term in terms:
            if type(term) is wq.Phrase:
                found = phrases.get(id(term))
                if found is None:
                    return None
                if found:
                    best = max(found.values()) * (1 + 1e-6)
                    bits = _bits_from_ids(sorted(found))
                    option = (best, bits, found.__getitem__, False, None, len(found))
                    entries.append((best, [option]))
            elif (None, term.fieldname, _to_bytes(searcher, term)) in blocks:
                value = self._constant_score(searcher, term)
                if value is None:
                    return None
                bits = blocks[(None, term.fieldname, _to_bytes(searcher, term))]
                best = value * (1 + 1e-6)
                option = (best, bits, functools.partial(_constant, value), True, None, None)
                entries.append((best, [option]))
        for i, (sub, base) in enumerate(searcher.leaf_searchers()):
            reader = sub.reader()
            for term in terms:
                if (
                    type(term) is wq.Phrase
                    or (None, term.fieldname, _to_bytes(sub, term)) in blocks
                ):
                    continue
                btext = sub.schema[term.fieldname].to_bytes(term.text)
                found = self._term_classes(classes, blocks, i, reader, base, term.fieldname, btext)
                if not found:
                    continue
                scorer = sub.weighting.scorer(sub, term.fieldname, btext)
                info = reader.term_info(term.fieldname, btext)
                boost = term.boost
                term_shortest = info.min_length() or 0
                if type(scorer) is scoring.BM25FScorer:
                    norms = self._norms(state, reader, term.fieldname, scorer)
                    idf, k1_1, k1, b_, avgfl = (
                        scorer.idf, scorer.K1 + 1, scorer.K1, scorer.B, scorer.avgfl
                    )  # fmt: skip

                    field_key = (i, term.fieldname)
                    fields_seen[field_key] = (reader, base, norms)
                    options = []
                    for weight, shortest, bits, size in found:
                        score = functools.partial(
                            _bm25_score, idf, weight * k1_1, weight, norms, base, boost
                        )
                        least = term_shortest if shortest is None else shortest
                        top = _bm25(idf, k1_1, weight, k1, b_, least, avgfl)
                        band = (
                            field_key,
                            functools.partial(_bm25_bound, idf, weight * k1_1, weight, boost),
                        )
                        options.append((_bound(top, boost), bits, score, False, band, size))
                    top = _bm25(idf, k1_1, info.max_weight(), k1, b_, term_shortest, avgfl)
                    best = _bound(top, boost)
                elif isinstance(scorer, scoring.WeightScorer):
                    options = [
                        (
                            _bound(weight, boost),
                            bits,
                            functools.partial(_weight_score, weight, boost),
                            True,
                            None,
                            size,
                        )
                        for weight, _shortest, bits, size in found
                    ]
                    best = _bound(info.max_weight(), boost)
                else:
                    return None
                entries.append((best, options))
        entries.sort(key=lambda entry: -entry[0])  # stable: ties keep the order above

        def bands(field_key):
            reader, base, norms = fields_seen[field_key]
            return self._bands(state, reader, base, field_key[1], norms)

        return _top_documents([options for _best, options in entries], matched, limit, bands)

    def _facet_counts(self, state, matched: int, total: int) -> dict[str, list[tuple[str, int]]]:
        counts = {}
        packed = None
        for per_doc, cover, derived, values in self._facet_plan(state):
            held = 0
            for key, docs in values:
                if isinstance(docs, int):
                    both = docs & matched
                    n = both.bit_count() if both else 0  # the AND is cheap, the bit count is not
                else:
                    if packed is None:
                        packed = matched.to_bytes((state.size + 7) >> 3, "little")
                    n = sum(packed[doc >> 3] >> (doc & 7) & 1 for doc in docs)
                if n:
                    counts[key] = n
                    held += n
            if derived is not None:
                # The match holds only live documents: the field's counts add up to per_doc *
                # total, or to its cover's counts (counted before it), see _facet_plan.
                if per_doc:
                    n = per_doc * total - held
                else:
                    n = sum(counts.get(k, 0) for k in cover) - held
                if n:
                    counts[derived] = n
        return _split_facets(counts)

    # --- the query tree to Whoosh ----------------------------------------------------------

    def _compile(self, parsed, reader):
        must, must_not = [], []
        for group in parsed.groups:
            negated = group[0].negated
            parts = [p for p in (self._clause(c, reader) for c in group) if p is not None]
            if not parts:
                continue  # only stop words: nothing to require
            node = parts[0] if len(parts) == 1 else wq.Or(parts)
            (must_not if negated else must).append(node)
        if not must:
            return None
        q = must[0] if len(must) == 1 else wq.And(must)
        if must_not:
            q = wq.AndNot(q, wq.Or(must_not))
        return q

    def _analyzed(self, text):
        return [t.text for t in STEM(text)]

    def _words(self, reader, fieldname) -> list[str] | None:
        """A field's words, sorted, kept per index state (~20,000 names at 100k records)."""
        state = self._state
        if state is None or state.searcher.reader() is not reader:
            return None
        words = state.words.get(fieldname)
        if words is None:
            words = state.words[fieldname] = sorted(
                word.decode("utf-8") for word in reader.lexicon(fieldname)
            )
        return words

    def _fuzzy(self, reader, fieldname, key, boost=0.6):
        """Terms within one or two edits of key (bounded), as an OR of plain terms."""
        maxdist = 2 if len(key) >= 8 else 1 if len(key) >= 4 else 0
        if not maxdist or len(key) > 40:
            return []
        found = []
        for term in _terms_within(reader, fieldname, key, maxdist, self._words(reader, fieldname)):
            if term != key:
                found.append(wq.Term(fieldname, term, boost=boost))
            if len(found) >= MAX_EXPANSION:
                break
        return found

    def _prefix(self, reader, fieldname, prefix, boost=1.0):
        found = []
        for term in reader.expand_prefix(fieldname, prefix):
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

    def _clause(self, clause: Clause, reader):
        kind = clause.kind
        if kind == "word":
            stems = self._analyzed(clause.value)
            key = fold_word(clause.value)
            options = []
            for stem in stems:
                options += [wq.Term("title", stem), wq.Term("body", stem), wq.Term("topics", stem)]
            if len(key) >= 3:
                # Names in any script and with typos: the record's own (and its title's words),
                # and the people linked to it.
                options += [wq.Term("name_keys", key), wq.Term("people", key, boost=0.5)]
                options += self._fuzzy(reader, "name_keys", key)
                options += self._fuzzy(reader, "people", key, boost=0.3)
            return wq.Or(options) if options else None
        if kind == "phrase":
            stems = self._analyzed(clause.value)
            keys = fold(clause.value).split()
            options = []
            if len(stems) > 1:
                options += [wq.Phrase("title", stems), wq.Phrase("body", stems)]
            elif stems:
                options += [wq.Term("title", stems[0]), wq.Term("body", stems[0])]
            if len(keys) > 1:
                options += [wq.Phrase("name_keys", keys), wq.Phrase("people", keys, boost=0.5)]
            return wq.Or(options) if options else None
        if kind == "prefix":
            options = []
            for fieldname in ("title", "body", "topics"):
                options += self._prefix(reader, fieldname, clause.value)
            key = fold_word(clause.value)
            if key:
                options += self._prefix(reader, "name_keys", key)
            return wq.Or(options) if options else wq.NullQuery
        if kind in ("person", "org"):
            fieldname = "people" if kind == "person" else "orgs"
            each = []
            for key in fold(clause.value).split():
                options = [wq.Term(fieldname, key), *self._fuzzy(reader, fieldname, key)]
                each.append(wq.Or(options))
            return wq.And(each) if each else None
        if kind == "topic":
            stems = self._analyzed(clause.value)
            return wq.And([wq.Term("topics", s) for s in stems]) if stems else None
        if kind == "type":
            return wq.Term("type", clause.value)
        if kind == "year" and clause.years:
            low, high = clause.years
            years = range(low, min(high, low + MAX_YEARS) + 1)
            return wq.Or([wq.Term("years", str(y)) for y in years])
        return None
