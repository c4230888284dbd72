"""The PostgreSQL backend: full-text search in the shared database, for several web servers.

A search is two statements: the query's words stemmed and its names expanded against the
vocabulary (compiler.py, sql.prepare), then one pass over the matching rows that gives the
total, the facet counts and the page's rows (sql.search). The first is
kept in the process while the index's generation holds (prepared.py): a query asked again is
one statement.
Writers hold one advisory lock, so the index queue is drained by one process at a time.
"""

from __future__ import annotations

import time
from contextlib import contextmanager

from django.db import DatabaseError, connection, transaction

from ..base import (
    FACETS,
    IndexWriter,
    PageRow,
    SearchBackend,
    SearchPage,
    SearchRequest,
    SearchUnavailable,
    page_hits,
)
from . import prepared, sql
from .compiler import Compiler
from .store import store

LOCK_ID = 0x6B656E6573  # "kenes": the advisory lock every index writer takes


class _Writer(IndexWriter):
    def update(self, docs):
        store(docs, replace=True)

    def remove(self, keys):
        sql.delete_keys(list(keys))


def _index_changed() -> None:
    from kb.pagecache import index_version_bump  # the page cache, outside search

    index_version_bump()


def _facets(counted: dict[str, int]) -> dict[str, list[tuple[str, int]]]:
    facets: dict[str, list[tuple[str, int]]] = {name: [] for name in FACETS}
    for lexeme, count in counted.items():
        name, _, value = lexeme[1:].partition(":")
        if name in facets:
            facets[name].append((value, count))
    for values in facets.values():
        values.sort(key=lambda item: (-item[1], item[0]))
    return facets


class PostgresBackend(SearchBackend):
    name = "postgres"

    def _check_vendor(self):
        if connection.vendor != "postgresql":
            raise SearchUnavailable("KENES_SEARCH_BACKEND=postgres needs a PostgreSQL database")

    @contextmanager
    def writer(self, *, timeout: float = 10.0):
        self._check_vendor()
        deadline = time.monotonic() + timeout
        with connection.cursor() as cursor:
            while True:
                cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_ID])
                if cursor.fetchone()[0]:
                    break
                if time.monotonic() >= deadline:
                    yield None
                    return
                time.sleep(0.05)
        try:
            with transaction.atomic():
                # Cached search pages carry the index's version (kb.pagecache): a new one once
                # this commits, in every server at once.
                transaction.on_commit(_index_changed)
                sql.new_generation()
                yield _Writer()
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_ID])

    def rebuild(self, docs, *, progress=None):
        with self.writer(timeout=60) as writer:
            if writer is None:
                raise SearchUnavailable("another process holds the index lock")
            sql.delete_all()
            count = store(docs, replace=False, progress=progress)
            sql.after_rebuild()
        if not connection.in_atomic_block:
            sql.vacuum()
        return count

    def clear(self):
        self._check_vendor()
        sql.delete_all()
        sql.new_generation()
        transaction.on_commit(_index_changed)

    def stored_digests(self):
        self._check_vendor()
        return sql.digests()

    def suggest(self, word):
        low = word.lower()
        if len(low) < 4 or len(low) > 40 or connection.vendor != "postgresql":
            return None
        if sql.known_term(low):
            return None
        return sql.closest_term(low)

    def search(self, request: SearchRequest) -> SearchPage:
        self._check_vendor()
        offset = (request.page - 1) * request.per_page
        try:
            compiled = Compiler().compile(request.query, request.filters)
            if not compiled.query:
                return SearchPage([], 0, request.page, request.per_page)
            found = self._run(compiled, request, offset)
            if compiled.generation not in (None, found[3]):
                # The stems and expansions were kept from an older state of the index (a write
                # here or through another server since): asked again, and the search with them.
                prepared.forget()
                compiled = Compiler().compile(request.query, request.filters)
                found = self._run(compiled, request, offset)
            total, counted, rows, generation = found
        except DatabaseError as exc:
            raise SearchUnavailable(f"the search tables cannot be read: {exc}") from exc
        hits = page_hits(
            [
                PageRow(key, kind, title, url, slug, body, None, figures, datekey, languages)
                for _id, key, kind, title, url, slug, body, figures, datekey, languages in rows
            ],
            request.query.text_words(),
        )
        facets = _facets(counted) if request.facets else {}
        return SearchPage(hits, total, request.page, request.per_page, facets, generation)

    def _run(self, compiled, request: SearchRequest, offset: int):
        return sql.search(
            compiled.query,
            compiled.rank,
            request.sort,
            request.per_page,
            offset,
            request.facets,
            compiled.coverage if request.sort == "relevance" else (),
        )
