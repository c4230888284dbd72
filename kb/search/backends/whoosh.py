"""The Whoosh backend: an index on disk (KENES_INDEX_DIR). The only module that imports whoosh.

Whoosh is frozen code; this module steps around its known traps:
- one writer at a time: a second gets LockError; we wait a bounded time and otherwise leave the
  change in the queue for the writer that holds the lock (never AsyncWriter, which loses writes);
- every searcher is closed by a `with` block, so file handles do not pile up;
- the query is ours (kb.search.query), never Whoosh's parser (RecursionError on long input), and
  prefix and fuzzy terms are expanded here against the lexicon with a cap, not left unbounded.
"""

from __future__ import annotations

import logging
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

from whoosh import analysis, columns, fields, index, sorting, writing
from whoosh import query as wq
from whoosh.index import LockError

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


class _TableCategorizer(sorting.Categorizer):
    allow_overlap = True

    def __init__(self, table):
        self.table = table
        self.offset = 0

    def set_searcher(self, segment_searcher, docoffset):
        self.offset = docoffset

    def keys_for(self, matcher, docid):
        return self.table[self.offset + docid]


class _TableFacet(sorting.FacetType):
    """Facet counts from a precomputed table (sorting.FieldFacet would rebuild it per search)."""

    def __init__(self, table):
        self.table = table
        self.maptype = sorting.Count

    def categorizer(self, global_searcher):
        return _TableCategorizer(self.table)


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


class WhooshBackend(SearchBackend):
    name = "whoosh"

    def __init__(self, path):
        self.path = Path(path)
        self._facet_cache: dict = {}
        self._lock = threading.Lock()

    # --- storage ---------------------------------------------------------------------------

    def _open(self):
        try:
            return index.open_dir(str(self.path))
        except Exception as exc:  # missing, half-written or corrupt: all mean "rebuild"
            raise SearchUnavailable(
                f"the search index at {self.path} cannot be opened: {exc}"
            ) from exc

    def _open_or_create(self):
        try:
            return index.open_dir(str(self.path))
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
            raw = ix.writer(timeout=timeout, delay=0.05)
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
            raw = ix.writer(timeout=60, delay=0.1, limitmb=128)
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

    def search(self, request: SearchRequest) -> SearchPage:
        ix = self._open()
        try:
            searcher = ix.searcher()
        except Exception as exc:
            raise SearchUnavailable(f"the search index cannot be read: {exc}") from exc
        with searcher:
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
            # One pass: the collector that ranks the page also counts every match's facets.
            groupedby = None
            if request.facets:
                facet = _TableFacet(self._facet_table(searcher))
                groupedby = {"all": facet}
            offset = (request.page - 1) * request.per_page
            results = searcher.search(
                q, limit=offset + request.per_page, sortedby=sortedby, groupedby=groupedby
            )
            facets = _split_facets(results.groups("all")) if request.facets else {}
            total = len(results)
            hits = []
            if offset < total:
                marks = request.query.text_words()
                for hit in results[offset : offset + request.per_page]:
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
            ix = self._open()
        except SearchUnavailable:
            return None
        with ix.searcher() as searcher:
            reader = searcher.reader()
            if reader.doc_frequency("spell", low) > 0:
                return None
            found = searcher.suggest("spell", low, limit=1, maxdist=2, prefix=1)
        return found[0] if found else None

    def _filters(self, filters):
        terms = [
            wq.Term(FACET_FIELDS[name], str(value))
            for name, value in filters.items()
            if name in FACET_FIELDS
        ]
        return wq.And(terms) if terms else None

    def _facet_table(self, searcher) -> list[tuple[str, ...]]:
        """Each document's facet values ("type\x1fquestion", ...), by document number.

        Read once per index generation from the facet fields' postings, then shared by every
        search until the index changes.
        """
        reader = searcher.reader()
        cache_key = (str(self.path), reader.generation(), reader.doc_count_all())
        with self._lock:
            table = self._facet_cache.get(cache_key)
        if table is not None:
            return table
        rows: list[list[str]] = [[] for _ in range(reader.doc_count_all())]
        for name, fieldname in FACET_FIELDS.items():
            for btext in reader.lexicon(fieldname):
                value = f"{name}\x1f{btext.decode('utf-8')}"
                for docnum in reader.postings(fieldname, btext).all_ids():
                    rows[docnum].append(value)
        table = [tuple(row) for row in rows]
        with self._lock:
            self._facet_cache = {cache_key: table}
        return table

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

    def _fuzzy(self, reader, fieldname, key, boost=0.6):
        """Terms within one or two edits of key (bounded), as an OR of plain terms."""
        maxdist = 2 if len(key) >= 8 else 1 if len(key) >= 4 else 0
        if not maxdist or len(key) > 40:
            return []
        found = []
        for term in reader.terms_within(fieldname, key, maxdist, prefix=1):
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
