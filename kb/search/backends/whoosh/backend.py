"""The Whoosh backend: opens the index, hands out writers, runs a search by putting the parts
together (compiling, matching, ranking, facets, page entries).

Whoosh's known traps, stepped around here:
- one writer at a time: a second gets LockError; we wait a bounded time and otherwise leave the
  change in the queue for the writer that holds the lock (never AsyncWriter, which loses writes);
- every searcher is closed when its snapshot is dropped, so file handles do not pile up;
- an index that is missing, unreadable or of another format is never written to: only a full
  rebuild replaces it (index_needs_rebuild starts one).
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from whoosh import index, sorting, writing
from whoosh import query as wq
from whoosh.index import LockError

from ..base import (
    Hit,
    IndexNeedsRebuild,
    IndexWriter,
    PageRow,
    SearchBackend,
    SearchPage,
    SearchRequest,
    SearchUnavailable,
    index_needs_rebuild,
    page_hits,
)
from .bitmaps import coverage_tiers, ids_from_bits
from .codec import Codec
from .compiling import QueryCompiler, facet_filter
from .facets import facet_counts
from .folder_lock import FolderLock
from .fuzzy import terms_within
from .matching import matching_docs
from .postings import SearchReads
from .ranking import rank
from .rebuild import RebuildWriter
from .schema import fields_of, schema
from .snapshot import IndexSnapshot
from .storage import MappedStorage
from .version import FORMAT_FILE, format_problem, write_format

log = logging.getLogger(__name__)

# Backends holding an open searcher, oldest first: capped so that many index folders (tests,
# benchmarks) cannot pile up open files.
_OPEN_BACKENDS: OrderedDict[int, WhooshBackend] = OrderedDict()
_OPEN_LIMIT = 8
_OPEN_LOCK = threading.Lock()


class QueueWriter(IndexWriter):
    def __init__(self, writer):
        self._writer = writer

    def update(self, docs):
        for doc in docs:
            self._writer.update_document(**fields_of(doc))

    def remove(self, keys):
        for key in keys:
            self._writer.delete_by_term("key", key)


class WhooshBackend(SearchBackend):
    name = "whoosh"

    def __init__(self, path):
        self.path = Path(path)
        self._snapshot: IndexSnapshot | None = None
        # One search at a time per backend (get_backend gives each thread its own): a Whoosh
        # searcher is not safe to share between threads.
        self._lock = threading.RLock()

    # --- the folder ----------------------------------------------------------------------------

    def index_problem(self) -> str | None:
        """Why the index must be rebuilt before it is read or written, or None."""
        try:
            ix = self._open(notify=False, check_segments=True)
        except IndexNeedsRebuild as exc:
            return str(exc)
        if sorted(ix.schema.names()) != sorted(schema().names()):
            return f"the index at {self.path} has another schema"
        return None

    def _open(self, *, notify: bool = True, check_segments: bool = False):
        """The index, or IndexNeedsRebuild naming why not (and, with notify, the rebuild
        started). check_segments: also open every segment (a writer must not commit over a
        table of contents whose segments are gone). A failure while the folder changed is a
        commit that deleted the table of contents being read, not damage: opened again
        (Whoosh's reader retries the same when opening the segments)."""
        for _attempt in range(3):
            problem = format_problem(self.path)
            if problem is not None:
                break
            before = self._signature()
            try:
                ix = MappedStorage(str(self.path)).open_index()
                if check_segments:
                    ix.reader().close()
                return ix
            except Exception as exc:  # half-written or corrupt: all mean "rebuild"
                problem = f"the index at {self.path} cannot be opened: {exc}"
            if self._signature() == before:
                break
        raise self._needs_rebuild(problem, notify=notify)

    def _needs_rebuild(self, problem: str, *, notify: bool = True) -> IndexNeedsRebuild:
        if notify:
            index_needs_rebuild.send(type(self), backend=self, reason=problem)
        return IndexNeedsRebuild(f"rebuild needed: {problem}")

    def _open_for_rebuild(self) -> tuple[Path, object]:
        """The folder to rebuild into and its index (under the folder lock): the existing one
        when it is readable and of this format and schema (the rebuild's commit replaces its
        table of contents in one step), else a new empty one beside it, moved in once complete.
        Emptying the folder in place would let a reader that had just found it marked complete
        open the empty index and answer "no results"."""
        if self.index_problem() is None:
            return self.path, MappedStorage(str(self.path)).open_index()
        log.warning("search index at %s is missing, unreadable or old; replacing it", self.path)
        building = self._beside("building")
        return building, self._create(building)

    def _beside(self, what: str) -> Path:
        return self.path.with_name(f".{self.path.name}.{what}")

    def _move_in(self, built: Path) -> None:
        """Put the complete index at `built` in place of the folder (readers meanwhile find
        the folder missing: being rebuilt)."""
        old = self._beside("old")
        if old.exists():
            shutil.rmtree(old)
        if self.path.exists():
            os.replace(self.path, old)
        os.replace(built, self.path)
        shutil.rmtree(old, ignore_errors=True)

    def _create(self, path: Path | None = None):
        path = path or self.path
        if path.exists():
            shutil.rmtree(path)
        path.mkdir(parents=True, exist_ok=True)
        return index.create_in(str(path), schema())

    def rebuild_lock(self):
        """Held by a rebuild (and by whoever must check and rebuild as one step)."""
        return FolderLock.of(self.path).held()

    def clear(self):
        with self.rebuild_lock():
            self._create()
            write_format(self.path)

    @contextmanager
    def writer(self, *, timeout: float = 10.0):
        """Yields None when the lock stays taken, or when the index needs a full rebuild (the
        change stays queued; the rebuild applies it)."""
        try:
            ix = self._open(check_segments=True)
        except IndexNeedsRebuild as exc:
            log.info("search index change left queued: %s", exc)  # the rebuild applies it
            yield None
            return
        try:
            raw = ix.writer(timeout=timeout, delay=0.05, codec=Codec())
        except LockError:
            yield None
            return
        try:
            yield QueueWriter(raw)
        except BaseException:
            raw.cancel()
            raise
        raw.commit()

    def rebuild(self, docs, *, progress=None):
        with self.rebuild_lock():
            folder, ix = self._open_for_rebuild()
            try:
                raw = RebuildWriter(ix, timeout=60, delay=0.1, codec=Codec())
            except LockError as exc:
                raise SearchUnavailable("another process holds the index lock") from exc
            count = 0
            try:
                for doc in docs:
                    raw.add_document(**fields_of(doc))
                    count += 1
                    if progress and count % 500 == 0:
                        progress(count)
            except BaseException:
                raw.cancel()
                raise
            raw.commit(mergetype=writing.CLEAR)
            write_format(folder)  # only a complete index is marked readable
            if folder != self.path:
                self._move_in(folder)
        return count

    def stored_digests(self):
        ix = self._open(notify=False)
        with ix.searcher() as searcher:
            return {f["key"]: f["digest"] for f in searcher.all_stored_fields()}

    # --- the open searcher ---------------------------------------------------------------------

    def _signature(self):
        """Changes whenever a commit, a rebuild or a new index replaces the table of contents
        or the format file, and when segment files vanish (an open searcher would go on reading
        deleted files)."""
        try:
            with os.scandir(self.path) as entries:
                found = [
                    (e.name, e.inode(), e.stat())
                    for e in entries
                    if e.name.endswith((".toc", ".seg")) or e.name == FORMAT_FILE
                ]
            return tuple(sorted((name, ino, st.st_mtime_ns, st.st_size) for name, ino, st in found))
        except OSError:
            return None

    @contextmanager
    def snapshot(self):
        """The open snapshot (under the backend's lock), reopened only when the index changed."""
        with self._lock:
            signature = self._signature()
            snapshot = self._snapshot
            if snapshot is None or not signature or snapshot.signature != signature:
                self._drop()
                ix = self._open()
                try:
                    searcher = ix.searcher()
                except Exception as exc:  # segments gone or damaged
                    problem = f"the index at {self.path} cannot be read: {exc}"
                    raise self._needs_rebuild(problem) from exc
                snapshot = self._snapshot = IndexSnapshot(searcher, signature)
                self._register()
            yield snapshot

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
        snapshot, self._snapshot = self._snapshot, None
        if snapshot is not None:
            snapshot.close()

    # --- searching -----------------------------------------------------------------------------

    def search(self, request: SearchRequest) -> SearchPage:
        with self.snapshot() as snapshot:
            compiler = QueryCompiler(snapshot.reader, snapshot.sorted_words)
            q = compiler.compile(request.query)
            if q is None:
                if not request.filters:
                    return SearchPage([], 0, request.page, request.per_page)
                q = wq.Every()
            # Facet filters go into the query itself: Whoosh's `filter=` treats a filter that
            # matches nothing as no filter at all (an unknown facet value would widen the search).
            selected = facet_filter(request.filters)
            if selected is not None:
                q = selected if isinstance(q, wq.Every) else wq.And([q, selected])
            # The total and the facet counts are exact over every match, but need no scores:
            # they come from bitmaps of document numbers. Only the page is ranked.
            offset = (request.page - 1) * request.per_page
            reads = SearchReads()
            matched = matching_docs(q, snapshot, reads)
            total = matched.bit_count()
            facets = (
                facet_counts(snapshot, matched, total, request.facet_limit)
                if request.facets
                else {}
            )
            # A loose reading ranks the records holding more of its words first.
            tiers = (
                coverage_tiers([matching_docs(o, snapshot, reads) for o in compiler.optional])
                if len(compiler.optional) > 1 and request.sort == "relevance"
                else [-1]
            )
            docs = []
            for tier in tiers:
                if len(docs) >= request.per_page or offset >= total:
                    break
                tier &= matched
                size = tier.bit_count()
                if offset >= size:
                    offset -= size
                    continue
                want = replace(request, page=1, per_page=offset + request.per_page - len(docs))
                docs += self._page_docs(q, snapshot, want, tier, size, reads)[offset:]
                offset = 0
            return SearchPage(self._hits(snapshot, docs, request), total, request.page,
                              request.per_page, facets,
                              generation=(str(self.path), snapshot.signature))  # fmt: skip

    def _page_docs(self, q, snapshot, request, matched, total, reads) -> list[int]:
        """The page's documents among `matched` (all of q's matches, or a coverage tier)."""
        offset = (request.page - 1) * request.per_page
        limit = offset + request.per_page
        sortedby = None
        if request.sort == "newest":
            sortedby = sorting.FieldFacet("date", reverse=True)
        elif request.sort == "oldest":
            sortedby = sorting.FieldFacet("date_asc")
        ranked = rank(q, snapshot, matched, limit, reads) if sortedby is None else None
        if ranked is not None:
            return ranked[offset:]
        only = None if matched == snapshot.live() else set(ids_from_bits(matched))
        results = snapshot.searcher.search(q, limit=limit, sortedby=sortedby, filter=only)
        return [hit.docnum for hit in results[offset:limit]]

    def _hits(self, snapshot, docs: list[int], request) -> list[Hit]:
        if not docs:
            return []
        rows = [
            PageRow(e.key, e.type, e.title, e.url, e.slug, e.body, e.body_layout, e.figures,
                    e.day, e.languages)
            for e in snapshot.page_entries(docs)
        ]  # fmt: skip
        return page_hits(rows, request.query.text_words())

    def suggest(self, word):
        low = word.lower()
        if len(low) < 4 or len(low) > 40:
            return None
        try:
            with self.snapshot() as snapshot:
                reader = snapshot.reader
                if reader.doc_frequency("spell", low) > 0:
                    return None
                # searcher.suggest("spell", low, limit=1, maxdist=2, prefix=1), walking the
                # kept word list: the word within two edits with the highest frequency (Whoosh
                # scores 0 - (maxdist + 0.5 / frequency)), the greater word on a tie.
                best = None
                words = snapshot.sorted_words("spell")
                for candidate in terms_within(reader, "spell", low, 2, words):
                    item = (0 - (2 + (1.0 / (reader.frequency("spell", candidate) or 1) * 0.5)),
                            candidate)  # fmt: skip
                    if best is None or item > best:
                        best = item
        except SearchUnavailable:
            return None
        return best[1] if best else None
