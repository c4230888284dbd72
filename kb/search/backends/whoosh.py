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
import itertools
import logging
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
from ..highlight import snippet
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

    def _write_block(self, last=False):
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
        stops, minsize, stem = stop.stops, stop.min, stemmer._stem
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
                        kept = [n for n in map(field_lengths.__getitem__, block_ids) if n]
                    else:
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


@functools.lru_cache(maxsize=1024)
def _levenshtein_dfa(key: str, maxdist: int):
    # Building the automaton costs more than walking the lexicon with it, and it depends only
    # on the word: kept per process, like compiled regexes.
    return Automata.levenshtein_dfa(key, maxdist, 1)


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
        return Automata.find_matches(_levenshtein_dfa(key, maxdist), _WordList(words))
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
    float for the whole block, or a tuple; decoded only by the ranking, which needs them. The
    values (positions, for phrases) are a tuple, or None when the format keeps none.
    """
    if (fieldname, btext) not in reader:
        return []
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


# x * _GATHER moves the low bit of each byte j of an 8-byte group to bit 49 + j of that group
# (no two shifted copies overlap, so nothing carries); see _pack_bits.
_GATHER = sum(1 << (7 * (7 - j)) for j in range(8))


def _pack_bits(bitmap: int, size: int) -> int:
    """A byte-per-document bitmap (bytes 0 or 1) as one bit per document: 8 times smaller, so
    a facet count (AND, then bit count) costs an eighth. A few big-int operations, all in C."""
    groups = -(-size // 8)
    low_bytes = int.from_bytes(b"\xff" + b"\0" * 7, "little")
    mask = int.from_bytes(low_bytes.to_bytes(8, "little") * groups, "little")
    gathered = ((bitmap * _GATHER) >> 49) & mask
    return int.from_bytes(gathered.to_bytes(groups * 8 + 8, "little")[: groups * 8 : 8], "little")


_ONE_BYTE = re.compile(b"\x01")  # a document in a byte-per-document bitmap
# Each byte value as eight bytes of 0 or 1 (its bits, lowest first): _unpack_bits.
_SPREAD = [bytes((value >> bit) & 1 for bit in range(8)) for value in range(256)]


def _unpack_bits(bits: int, size: int) -> int:
    """A one-bit-per-document bitmap back to one byte per document (a table lookup per byte
    of the packed form, in C)."""
    packed = bits.to_bytes(-(-size // 8), "little")
    return int.from_bytes(b"".join(map(_SPREAD.__getitem__, packed)), "little")


def _set_bytes(buf: bytearray, ids, base: int = 0) -> None:
    """buf[base + n] = 1 for every n in ids, in C (no Python loop per document)."""
    if base:
        ids = map(base.__add__, ids)
    deque(map(buf.__setitem__, ids, itertools.repeat(1)), maxlen=0)


def _bm25(idf, k1_1, weight, k1, b_, length, avgfl) -> float:
    """Whoosh's bm25(), term by term in the same order."""
    return idf * ((weight * k1_1) / (weight + k1 * ((1 - b_) + b_ * length / avgfl)))


def _weights(raw):
    """A block's weights: None stands for all 1.0, one float for the same weight throughout."""
    if raw is None or isinstance(raw, float):
        return itertools.repeat(1.0 if raw is None else raw)
    return raw


def _add_scores(scores, docs, found, base, idf, k1_1, norms, boost) -> None:
    """Add one term's score to the documents of `docs` that hold it (set intersection per
    block, in C: the postings of the other documents are not looked at one by one)."""
    get = scores.get
    for ids, weights, _values in found:
        hits = docs.intersection(map(base.__add__, ids) if base else ids)
        if not hits:
            continue
        weights = _weights(weights)
        for docid, weight in zip(ids, weights, strict=False):
            doc = base + docid
            if doc not in hits:
                continue
            value = weight if idf is None else idf * ((weight * k1_1) / (weight + norms[docid]))
            if boost != 1.0:
                value = value * boost
            scores[doc] = get(doc, 0.0) + value


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

    Sets of documents are bitmaps of one byte per document (1 = in the set) held as Python
    ints: union, intersection and counting run in C over 100 kB for 100,000 records, with no
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
        # (segment, field) -> K1 * ((1 - B) + B * length / average length) for each document
        self.norms: dict[tuple[int, str], array] = {}
        self.words: dict[str, list[str]] = {}  # field -> its words, sorted (fuzzy matching)


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
            blocks: dict = {}  # decoded posting blocks, shared by the match and the ranking
            phrases: dict = {}  # each phrase's documents and scores
            matched = self._docset(q, state, blocks, phrases)
            total = matched.bit_count()
            facets = self._facet_counts(state, matched) if request.facets else {}
            page: list = []
            if offset < total:
                ranked = None
                if sortedby is None:
                    ranked = self._rank(q, state, matched, limit, blocks, phrases)
                if ranked is not None:
                    page = [searcher.stored_fields(doc) for doc in ranked[offset:]]
                else:
                    results = searcher.search(q, limit=limit, sortedby=sortedby)
                    page = [hit.fields() for hit in results[offset:limit]]
            hits = []
            if page:
                marks = request.query.text_words()
                for hit in page:
                    hits.append(
                        Hit(
                            key=hit["key"],
                            type=hit["type"],
                            title=hit["title"],
                            url=hit["url"],
                            snippet=snippet(hit.get("body", ""), marks),
                            figures=hit.get("figures", ""),
                            date=datekey_to_date(hit.get("day", 0)),
                        )
                    )
            return SearchPage(hits, total, request.page, request.per_page, facets)

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
        if state.live is None:
            buf = bytearray(state.size)
            for sub, base in state.searcher.reader().leaf_readers():
                deleted = _deleted(sub)
                ids = range(sub.doc_count_all())
                _set_bytes(buf, (n for n in ids if n not in deleted) if deleted else ids, base)
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
        live = self._live(state).to_bytes(state.size, "little")
        values: dict[str, int | array] = {}
        for name, fieldname in FACET_FIELDS.items():
            for btext in reader.lexicon(fieldname):
                docs = array("I")
                for sub, base in leaves:
                    for ids, _w, _v in _term_blocks(sub, fieldname, btext):
                        docs.extend(map(base.__add__, ids) if base else ids)
                docs = array("I", (d for d in docs if live[d]))
                if not docs:
                    continue
                key = f"{name}\x1f{btext.decode('utf-8')}"
                if len(docs) * 256 >= state.size:
                    buf = bytearray(state.size)
                    _set_bytes(buf, docs)
                    values[key] = _pack_bits(int.from_bytes(buf, "little"), state.size)
                else:
                    values[key] = docs
        state.facets = values
        return values

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

    def _phrase(self, node, state, blocks: dict) -> dict[int, float] | None:
        """The documents where the phrase's words stand next to each other, in order, with
        Whoosh's score for each (the sum of the words' BM25F scores in that field, times the
        phrase's boost), from the posting blocks (ids, weights and positions) already read for
        the match. None for what this does not handle (Whoosh matches it instead)."""
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
            for word in node.words:
                btext = field.to_bytes(word)
                key = (i, fieldname, btext)
                found = blocks.get(key)
                if found is None:
                    found = blocks[key] = _term_blocks(reader, fieldname, btext)
                if not found:
                    break
                scorer = sub.weighting.scorer(sub, fieldname, btext)
                if type(scorer) is not scoring.BM25FScorer:
                    return None
                words.append((found, scorer))
            else:
                candidates = None
                for found, _scorer in sorted(words, key=lambda w: sum(len(b[0]) for b in w[0])):
                    docs = set()
                    for ids, _w, _v in found:
                        docs.update(ids if candidates is None else candidates.intersection(ids))
                    candidates = docs
                    if not candidates:
                        break
                if not candidates:
                    continue
                # Each word's weight and positions in the candidate documents.
                postings = []
                for found, _scorer in words:
                    held = {}
                    for ids, weights, values in found:
                        if values is None or len(values) != len(ids):
                            return None
                        if candidates.isdisjoint(ids):
                            continue
                        weights = _weights(weights)
                        for docid, weight, value in zip(ids, weights, values, strict=False):
                            if docid in candidates:
                                held[docid] = (weight, value)
                    postings.append(held)
                scoring_parts = [
                    (scorer.idf, scorer.K1 + 1, self._norms(state, reader, fieldname, scorer))
                    for _found, scorer in words
                ]
                boost = node.boost
                for docid in sorted(candidates):
                    starts = None
                    for offset, held in enumerate(postings):
                        value = held[docid][1]
                        places = decoded.get(value)
                        if places is None:
                            places = decoded[value] = frozenset(fmt.decode_positions(value))
                        if starts is None:
                            starts = places
                        else:
                            starts = [p for p in starts if p + offset in places]
                            if not starts:
                                break
                    if not starts:
                        continue
                    parts = []
                    for (idf, k1_1, norm), held in zip(scoring_parts, postings, strict=True):
                        weight = held[docid][0]
                        parts.append(idf * ((weight * k1_1) / (weight + norm[docid])))
                    if len(parts) == 2:
                        score = parts[0] + parts[1]
                    elif len(parts) == 3:
                        score = parts[0] + (parts[1] + parts[2])
                    else:
                        score = _tree_sum(parts)
                    out[base + docid] = score * boost if boost != 1.0 else score
        return out

    def _docset(self, q, state, blocks: dict, phrases: dict) -> int:
        """The bitmap of the documents matching q, from posting lists (no scoring, no matcher
        tree). Each term's decoded blocks are kept in `blocks` for the ranking, and each
        phrase's documents and scores in `phrases` (None where Whoosh had to match it)."""
        searcher = state.searcher
        leaves = list(searcher.reader().leaf_readers())
        size = state.size

        def term(node):
            field = searcher.schema[node.fieldname]
            btext = field.to_bytes(node.text)
            name = FACET_NAMES.get(node.fieldname)
            if name is not None:
                # A facet value (type:, year:, a filter): its documents are kept per index
                # state, so its postings need not be read (type:question is a third of them).
                docs = self._facet_sets(state).get(f"{name}\x1f{btext.decode('utf-8')}")
                if isinstance(docs, int):
                    bitmap = _unpack_bits(docs, size)
                else:
                    buf = bytearray(size)
                    _set_bytes(buf, docs or ())
                    bitmap = int.from_bytes(buf, "little")
                blocks[(None, node.fieldname, btext)] = bitmap
                return bitmap
            buf = bytearray(size)
            for i, (sub, base) in enumerate(leaves):
                key = (i, node.fieldname, btext)
                found = blocks.get(key)
                if found is None:
                    found = blocks[key] = _term_blocks(sub, node.fieldname, btext)
                for ids, _w, _v in found:
                    _set_bytes(buf, ids, base)
            return int.from_bytes(buf, "little")

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
            buf = bytearray(size)
            found = self._phrase(node, state, blocks) if type(node) is wq.Phrase else None
            if type(node) is wq.Phrase:
                phrases[id(node)] = found
            _set_bytes(buf, found if found is not None else searcher.docs_for_query(node))
            return int.from_bytes(buf, "little")

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

    def _rank(self, q, state, matched: int, limit, blocks: dict, phrases: dict) -> list[int] | None:
        """The top `limit` matches by relevance, exactly as Whoosh's collector ranks them.

        A document's score under And/Or/AndNot of terms is the sum, over the terms it contains
        on the positive side, of that term's BM25F score times its boost, added up in the order
        of the terms: Whoosh's own scorer parameters and arithmetic, read straight from the
        postings instead of walking the matcher tree once per matching document. Ties go to the
        lower document number, as in Whoosh's TopCollector. A phrase adds the score _phrase()
        gave. None when the query holds anything else: the caller lets Whoosh rank it.

        Not every posting needs scoring (max-score pruning): terms are taken by their highest
        possible score (from the term's largest weight and shortest field length), and once the
        scores still to come cannot lift a document that has not matched yet into the page,
        later terms only add to the documents that still can reach it. (Adding in that order
        rather than the query's can change a sum in its last bit; Whoosh's own matcher tree adds
        in yet another order. Documents holding the same terms get the same sum either way.)
        """
        terms: list[wq.Term] = []
        if not _positive_terms(q, terms):
            return None
        searcher = state.searcher
        inside = matched.to_bytes(state.size, "little")
        lists = []  # one per (segment, term) with postings, and one per phrase
        for term in terms:
            if type(term) is wq.Phrase:
                found = phrases.get(id(term))
                if found is None:
                    return None
                if found:
                    best = max(found.values()) * (1 + 1e-6)
                    lists.append((None, 0, None, None, None, 1.0, best, len(found), found))
            elif (None, term.fieldname, _to_bytes(searcher, term)) in blocks:
                value = self._constant_score(searcher, term)
                if value is None:
                    return None
                bitmap = blocks[(None, term.fieldname, _to_bytes(searcher, term))]
                lists.append((None, 0, value, None, None, 1.0, value * (1 + 1e-6), -1, bitmap))
        for i, (sub, base) in enumerate(searcher.leaf_searchers()):
            reader = sub.reader()
            for term in terms:
                if (
                    type(term) is wq.Phrase
                    or (None, term.fieldname, _to_bytes(sub, term)) in blocks
                ):
                    continue
                field = sub.schema[term.fieldname]
                btext = field.to_bytes(term.text)
                key = (i, term.fieldname, btext)
                found = blocks.get(key)
                if found is None:
                    found = blocks[key] = _term_blocks(reader, term.fieldname, btext)
                if not found:
                    continue
                scorer = sub.weighting.scorer(sub, term.fieldname, btext)
                info = reader.term_info(term.fieldname, btext)
                top_weight, boost = info.max_weight(), term.boost
                if type(scorer) is scoring.BM25FScorer:
                    norms = self._norms(state, reader, term.fieldname, scorer)
                    idf, k1_1 = scorer.idf, scorer.K1 + 1
                    shortest = info.min_length() or 0
                    best = _bm25(idf, k1_1, top_weight, scorer.K1, scorer.B, shortest, scorer.avgfl)
                elif isinstance(scorer, scoring.WeightScorer):
                    idf = k1_1 = norms = None
                    best = top_weight
                else:
                    return None
                # Pruning needs every score to be positive; otherwise nothing is skipped.
                best = best * boost * (1 + 1e-6) if best > 0 and boost > 0 else math.inf
                postings = sum(len(block[0]) for block in found)
                lists.append((found, base, idf, k1_1, norms, boost, best, postings, None))

        scores: dict[int, float] = {}
        get = scores.get
        still = None  # the documents that can still reach the page, once pruning starts
        remaining = sum(entry[6] for entry in lists)
        for found, base, idf, k1_1, norms, boost, best, postings, ready in sorted(
            lists, key=lambda entry: -entry[6]
        ):
            if (
                still is None
                and (postings >= 256 or postings < 0)
                and len(scores) >= limit
                and remaining < max(scores.values())
            ):
                floor = heapq.nlargest(limit, scores.values())[-1] * (1 - 1e-9)
                if remaining < floor:
                    still = {doc for doc, score in scores.items() if score + remaining >= floor}
            if isinstance(ready, int):  # a facet value: the same score (idf's place) for all
                value = idf
                if still is None:
                    held = (ready & matched).to_bytes(state.size, "little")
                    for hit in _ONE_BYTE.finditer(held):
                        doc = hit.start()
                        scores[doc] = get(doc, 0.0) + value
                else:
                    held = ready.to_bytes(state.size, "little")
                    for doc in still:
                        if held[doc]:
                            scores[doc] = get(doc, 0.0) + value
            elif ready is not None:  # a phrase, scored already
                for doc, value in ready.items():
                    if inside[doc] if still is None else doc in still:
                        scores[doc] = get(doc, 0.0) + value
            elif still is None:
                for ids, weights, _values in found:
                    if idf is not None and (weights is None or isinstance(weights, float)):
                        # One weight for the whole block (the common case): the same sums,
                        # without a zip and a multiplication per posting.
                        weight = 1.0 if weights is None else weights
                        top = weight * k1_1
                        for docid in ids:
                            doc = base + docid
                            if inside[doc]:
                                value = idf * (top / (weight + norms[docid]))
                                if boost != 1.0:
                                    value = value * boost
                                scores[doc] = get(doc, 0.0) + value
                        continue
                    for docid, weight in zip(ids, _weights(weights), strict=False):
                        doc = base + docid
                        if not inside[doc]:
                            continue
                        if idf is None:
                            value = weight
                        else:
                            value = idf * ((weight * k1_1) / (weight + norms[docid]))
                        if boost != 1.0:
                            value = value * boost
                        scores[doc] = get(doc, 0.0) + value
            else:
                _add_scores(scores, still, found, base, idf, k1_1, norms, boost)
            remaining -= best
            if still is not None and len(still) > limit:
                # Fewer scores to come: fewer documents can still reach the page.
                floor = heapq.nlargest(limit, map(scores.__getitem__, still))[-1] * (1 - 1e-9)
                still = {doc for doc in still if scores[doc] + remaining >= floor}

        if still is not None:
            scores = {doc: scores[doc] for doc in still}
        return _top(scores, limit)

    def _facet_counts(self, state, matched: int) -> dict[str, list[tuple[str, int]]]:
        counts = {}
        inside = None
        bits = _pack_bits(matched, state.size)
        for key, docs in self._facet_sets(state).items():
            if isinstance(docs, int):
                n = (docs & bits).bit_count()
            else:
                if inside is None:
                    inside = matched.to_bytes(state.size, "little")
                n = sum(map(inside.__getitem__, docs))
            if n:
                counts[key] = n
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
