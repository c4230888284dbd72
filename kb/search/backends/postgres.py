# ruff: noqa: S608  (SQL is assembled from this module's own fragments; values are parameters)
"""The PostgreSQL backend: full-text search in the shared database, for several web servers.

One row per record in SearchDocument with a stored tsvector (GIN-indexed), weighted so that a
field query can ask for its own part of it:

    A  title and the record's own names (english), folded name keys (simple)
    B  folded names of the people the record is about (simple)      -> person:
    C  topic names (english)                                         -> topic:
    D  body (english) and organization words as "orgx<word>" (simple) -> org:

Names also match by trigram word similarity on the folded keys (pg_trgm), which covers typos.
The query tree (kb.search.query) is compiled to SQL with every value passed as a parameter; the
tsquery texts are built only from word characters, so no input can break their syntax.
"""

from __future__ import annotations

import re
import time
from contextlib import contextmanager

from django.contrib.postgres.search import SearchVector
from django.db import DatabaseError, connection, transaction
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ..documents import SearchDoc
from ..highlight import snippet
from ..models import SearchDocument, SearchFacet, SearchTerm
from ..query import MAX_WORD, Clause
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

START, STOP = "\x02", "\x03"  # ts_headline's marks, replaced by <mark> after escaping
LOCK_ID = 0x6B656E6573  # "kenes": the advisory lock every index writer takes
BATCH = 500
ORG_PREFIX = "orgx"
_SAFE = re.compile(r"^[\w.]+$")

VECTOR = (
    SearchVector("title", weight="A", config="english")
    + SearchVector("names", weight="A", config="english")
    + SearchVector("name_keys", weight="A", config="simple")
    + SearchVector("people_keys", weight="B", config="simple")
    + SearchVector("topics", weight="C", config="english")
    + SearchVector("body", weight="D", config="english")
    + SearchVector("orgs", weight="D", config="simple")
)


def _org_tokens(text: str) -> str:
    return " ".join(f"{ORG_PREFIX}{key}" for key in fold(text).split())


def _facet_rows(doc: SearchDoc):
    yield "type", doc.type
    for year in doc.years:
        yield "year", str(year)
    for slug in doc.topic_slugs:
        yield "topic", slug
    for slug in doc.org_slugs:
        yield "org", slug
    for role in doc.roles:
        yield "role", role


class _Writer(IndexWriter):
    def update(self, docs):
        docs = list(docs)
        for start in range(0, len(docs), BATCH):
            _store(docs[start : start + BATCH], replace=True)

    def remove(self, keys):
        keys = list(keys)
        if keys:
            SearchDocument.objects.filter(key__in=keys).delete()


def _store(docs: list[SearchDoc], *, replace: bool) -> None:
    if not docs:
        return
    if replace:
        SearchDocument.objects.filter(key__in=[d.key for d in docs]).delete()
    rows = SearchDocument.objects.bulk_create(
        [
            SearchDocument(
                key=d.key,
                type=d.type,
                title=d.title,
                url=d.url,
                names=d.names,
                body=d.body,
                name_keys=d.name_keys,
                people_keys=d.people_keys,
                orgs=_org_tokens(d.orgs),
                topics=d.topics,
                figures=d.figures,
                datekey=d.datekey,
                digest=digest(d),
            )
            for d in docs
        ]
    )
    SearchFacet.objects.bulk_create(
        [
            SearchFacet(document_id=row.pk, facet=facet, value=value[:120])
            for row, doc in zip(rows, docs, strict=True)
            for facet, value in _facet_rows(doc)
        ]
    )
    SearchDocument.objects.filter(pk__in=[r.pk for r in rows]).update(vector=VECTOR)
    vocabulary = {
        w.lower()
        for d in docs
        for w in words(f"{d.title} {d.names} {d.people} {d.topics}")
        if 3 < len(w) <= 40 and not w.isdigit()
    }
    SearchTerm.objects.bulk_create(
        [SearchTerm(word=w) for w in sorted(vocabulary)], ignore_conflicts=True
    )


def _lexeme(word: str, weight: str = "", prefix: bool = False) -> str | None:
    """One tsquery operand, quoted; None for anything that is not a plain word."""
    word = word.lower()
    if not word or len(word) > MAX_WORD or not _SAFE.match(word):
        return None
    return f"'{word}'" + (":" if weight or prefix else "") + ("*" if prefix else "") + weight


class _Compiler:
    """The query tree to a WHERE clause and a rank expression, with their parameters."""

    def __init__(self, empty: frozenset = frozenset()):
        self.empty = empty  # (config, text) pairs that are only stop words
        self.seen: list[tuple[str, str]] = []
        self.rank_parts: list[tuple[str, list]] = []
        self.tsqueries: list[tuple[str, str]] = []  # (config, text) of the positive terms

    def compile(self, parsed) -> tuple[str, list] | None:
        musts, nots = [], []
        for group in parsed.groups:
            parts = [p for p in (self.clause(c) for c in group) if p is not None]
            if not parts:
                continue
            sql = " OR ".join(f"({s})" for s, _ in parts)
            params = [p for _, ps in parts for p in ps]
            (nots if group[0].negated else musts).append((f"({sql})", params))
        if not musts:
            return None
        where = " AND ".join(s for s, _ in musts)
        params = [p for _, ps in musts for p in ps]
        for sql, ps in nots:
            where += f" AND NOT {sql}"
            params += ps
        return where, params

    def _ts(self, config: str, text: str, *, rank: bool = True) -> tuple[str, list] | None:
        self.seen.append((config, text))
        if (config, text) in self.empty:
            return None  # only stop words: nothing to require, as in Whoosh
        if rank:
            self.tsqueries.append((config, text))
            # Weights D, C, B, A: a title or a name outranks many mentions in a body.
            self.rank_parts.append(
                (f"ts_rank('{{0.05, 0.2, 0.4, 1.0}}', vector, to_tsquery('{config}', %s))", [text])
            )
        return f"vector @@ to_tsquery('{config}', %s)", [text]

    def _similar(self, column: str, key: str) -> tuple[str, list]:
        self.rank_parts.append((f"0.5 * word_similarity(%s, {column})", [key]))
        return f"{column} %%> %s", [key]  # the indexable form (column on the left)

    def clause(self, clause: Clause):
        kind = clause.kind
        if kind == "word":
            stem_text = _lexeme(clause.value)
            key = fold_word(clause.value)
            options = []
            if stem_text:
                options.append(self._ts("english", stem_text))
            if len(key) >= 3 and _lexeme(key):
                options.append(self._ts("simple", _lexeme(key)))
            if len(key) >= 4:
                options += [self._similar("name_keys", key), self._similar("people_keys", key)]
            return _or(options)
        if kind == "phrase":
            stems = [_lexeme(w) for w in words(clause.value)]
            keys = [_lexeme(k) for k in fold(clause.value).split()]
            options = []
            if stems and all(stems):
                options.append(self._ts("english", " <-> ".join(stems)))
            if keys and all(keys):
                options.append(self._ts("simple", " <-> ".join(keys)))
            return _or(options)
        if kind == "prefix":
            text = _lexeme(clause.value, prefix=True)
            key = _lexeme(fold_word(clause.value), prefix=True)
            options = [
                self._ts(c, t, rank=True) for c, t in (("simple", text), ("simple", key)) if t
            ]
            return _or(options) or ("FALSE", [])
        if kind == "person":
            each = []
            for key in fold(clause.value).split():
                operand = _lexeme(key, "B")
                options = [self._ts("simple", operand)] if operand else []
                if len(key) >= 4:
                    options.append(self._similar("people_keys", key))
                if options:
                    each.append(_or(options))
            return _and(each)
        if kind == "org":
            operands = [_lexeme(f"{ORG_PREFIX}{k}", "D") for k in fold(clause.value).split()]
            operands = [o for o in operands if o]
            return self._ts("simple", " & ".join(operands)) if operands else None
        if kind == "topic":
            operands = [o for o in (_lexeme(w, "C") for w in words(clause.value)) if o]
            return self._ts("english", " & ".join(operands)) if operands else None
        if kind == "type":
            return "type = %s", [clause.value]
        if kind == "year" and clause.years:
            low, high = clause.years
            years = [str(y) for y in range(low, min(high, low + 200) + 1)]
            return (
                "id IN (SELECT document_id FROM kb_search_searchfacet "
                "WHERE facet = 'year' AND value = ANY(%s))",
                [years],
            )
        return None

    def headline(self) -> tuple[str, list]:
        """ts_headline over the body with the positive terms; its marks are escaped later."""
        if not self.tsqueries:
            return "''", []
        query = " || ".join(f"to_tsquery('{config}', %s)" for config, _ in self.tsqueries)
        options = f"StartSel={START}, StopSel={STOP}, MaxWords=35, MinWords=15, MaxFragments=1"
        return (
            f"ts_headline('english', left(body, 20000), ({query}), '{options}')",
            [text for _, text in self.tsqueries],
        )

    def rank(self) -> tuple[str, list]:
        if not self.rank_parts:
            return "0", []
        return " + ".join(s for s, _ in self.rank_parts), [
            p for _, ps in self.rank_parts for p in ps
        ]


def _headline(text: str) -> SafeString | None:
    """PostgreSQL's headline, escaped, its marks as <mark>; None when it marked nothing."""
    if not text or START not in text:
        return None  # e.g. a name typed in Cyrillic: the shared highlighter folds it
    html = escape(" ".join(text.split())).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 (escaped above; only our own marks added)


def _or(options):
    options = [o for o in options if o]
    if not options:
        return None
    return " OR ".join(f"({s})" for s, _ in options), [p for _, ps in options for p in ps]


def _and(options):
    options = [o for o in options if o]
    if not options:
        return None
    return " AND ".join(f"({s})" for s, _ in options), [p for _, ps in options for p in ps]


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
                yield _Writer()
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_ID])

    def rebuild(self, docs, *, progress=None):
        count = 0
        with self.writer(timeout=60) as writer:
            if writer is None:
                raise SearchUnavailable("another process holds the index lock")
            SearchDocument.objects.all().delete()
            batch = []
            for doc in docs:
                batch.append(doc)
                count += 1
                if len(batch) >= BATCH:
                    _store(batch, replace=False)
                    batch = []
                    if progress:
                        progress(count)
            _store(batch, replace=False)
        return count

    def clear(self):
        self._check_vendor()
        SearchDocument.objects.all().delete()

    def stored_digests(self):
        self._check_vendor()
        return dict(SearchDocument.objects.values_list("key", "digest"))

    def suggest(self, word):
        low = word.lower()
        if len(low) < 4 or len(low) > 40 or connection.vendor != "postgresql":
            return None
        if SearchTerm.objects.filter(word=low).exists():
            return None
        with connection.cursor() as cursor:
            # Trigram neighbours (index) or, for short words with swapped letters, up to two
            # edits among words of about the same length and the same first letter.
            cursor.execute(
                "SELECT word FROM kb_search_searchterm "
                "WHERE left(word, 1) = %s AND (word %% %s OR (length(word) BETWEEN %s AND %s "
                "AND levenshtein(word, %s) <= 2)) "
                "ORDER BY levenshtein(word, %s), similarity(word, %s) DESC, word LIMIT 1",
                [low[0], low, len(low) - 2, len(low) + 2, low, low, low],
            )
            row = cursor.fetchone()
        return row[0] if row else None

    def _stop_word_queries(self, parsed) -> frozenset:
        """The tsqueries that PostgreSQL reduces to nothing, asked once before the search.

        Testing for them inside the WHERE clause would re-parse the query on every row and
        keep PostgreSQL from using the GIN index.
        """
        probe = _Compiler()
        probe.compile(parsed)
        pairs = list(dict.fromkeys(probe.seen))
        if not pairs:
            return frozenset()
        select = ", ".join(f"numnode(to_tsquery('{config}', %s))" for config, _ in pairs)
        try:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT {select}", [text for _, text in pairs])
                sizes = cursor.fetchone()
        except DatabaseError as exc:
            raise SearchUnavailable(f"the database cannot be searched: {exc}") from exc
        return frozenset(pair for pair, size in zip(pairs, sizes, strict=True) if size == 0)

    def search(self, request: SearchRequest) -> SearchPage:
        self._check_vendor()
        compiler = _Compiler(self._stop_word_queries(request.query))
        compiled = compiler.compile(request.query)
        if compiled is None and not request.filters:
            return SearchPage([], 0, request.page, request.per_page)
        where, params = compiled or ("TRUE", [])
        for name, value in request.filters.items():
            if name == "type":
                where += " AND type = %s"
            else:
                where += (
                    " AND id IN (SELECT document_id FROM kb_search_searchfacet "
                    "WHERE facet = %s AND value = %s)"
                )
                params.append(name)
            params.append(value)
        rank_sql, rank_params = compiler.rank()
        headline_sql, headline_params = compiler.headline()
        order = {
            "newest": "datekey DESC, rank DESC, id",
            "oldest": "(datekey = 0), datekey ASC, rank DESC, id",
        }.get(request.sort, "rank DESC, datekey DESC, id")
        offset = (request.page - 1) * request.per_page
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT count(*) FROM kb_search_searchdocument WHERE {where}", params
                )
                total = cursor.fetchone()[0]
                cursor.execute(
                    f"SELECT key, type, title, url, body, figures, datekey, {rank_sql} AS rank, "
                    f"{headline_sql} AS headline "
                    f"FROM kb_search_searchdocument WHERE {where} "
                    f"ORDER BY {order} LIMIT %s OFFSET %s",
                    [*rank_params, *headline_params, *params, request.per_page, offset],
                )
                rows = cursor.fetchall()
                facets = {}
                if request.facets:
                    cursor.execute(
                        "SELECT facet, value, count(*) FROM kb_search_searchfacet "
                        "WHERE document_id IN "
                        f"(SELECT id FROM kb_search_searchdocument WHERE {where}) "
                        "GROUP BY facet, value ORDER BY count(*) DESC, value",
                        params,
                    )
                    for facet, value, count in cursor.fetchall():
                        facets.setdefault(facet, []).append((value, count))
        except DatabaseError as exc:
            raise SearchUnavailable(f"the search tables cannot be read: {exc}") from exc
        marks = request.query.text_words()
        hits = [
            Hit(
                key=key,
                type=kind,
                title=title,
                url=url,
                snippet=_headline(headline) or snippet(body, marks),
                figures=figures,
                date=datekey_to_date(datekey),
            )
            for key, kind, title, url, body, figures, datekey, _rank, headline in rows
        ]
        return SearchPage(hits, total, request.page, request.per_page, facets)
