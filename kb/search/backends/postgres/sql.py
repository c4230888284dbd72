# ruff: noqa: S608  (statements are this module's constants; every value is a parameter)
"""Every raw SQL statement of the PostgreSQL backend, in one place (docs/benchmarks.md, "Several
servers", says why each is raw rather than the ORM's).

Each indexed record is a row of kb_search_searchdocument (what a hit shows) and a row with the
same id in kb_search_searchmatch (what a search reads of every match), its fixed-width columns
first (finding a column after a variable-length one costs a walk through it, per match):

    datekey, basic_facets, topic_facets, org_facets
            the date, and the record's facet values in three sets (FACET_GROUPS), each a number
            standing for a set of kb_search_searchfacetvalue numbers in kb_search_searchfacetset
    head    the A-C part of the vector alone, in line: it ranks the hits and checks phrases
    vector  (GIN-indexed; stored uncompressed, out of line when its row passes ~2 kB)
        A  title and the record's own names (english), their folded keys as "namx<key>" (simple)
        B  the folded names of the people the record is about, as "pplx<key>"    -> person:
        C  topic names (english)                                                 -> topic:
        D  body (english), organization words as "orgx<key>" (simple)            -> org:
           the texts' name keys and parts of joined words as "txtx<key>" (simple)
           facet values as position-less lexemes "~type:event", "~year:2023"...  -> type:, year:
    toast_trigger  2 kB of spaces, compressed to ~30 bytes: they push the row past the size at
            which PostgreSQL moves values out of line, so the vector leaves the row and a search
            visits ~350 bytes per match instead of ~1.3 kB (migration 0007; docs/benchmarks.md
            says what else was tried)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from django.db import connection

DOCS = "kb_search_searchdocument"
MATCH = "kb_search_searchmatch"
KEYS = "kb_search_searchkey"
FACET_VALUES = "kb_search_searchfacetvalue"
TERMS = "kb_search_searchterm"
FACET_SETS = "kb_search_searchfacetset"
GENERATION = "kb_search_searchgeneration"  # one random token, replaced by every index write
CURRENT_GENERATION = f"(SELECT max(token::text) FROM {GENERATION})"
# A record's facet values as three sets: the kinds a record has at most one of together, each
# many-valued kind apart. Many records share each set, so a search counts three numbers per
# match and then the few distinct sets' values, not every value of every match.
FACET_GROUPS = (
    ("basic_facets", ("type", "year", "role")),
    ("topic_facets", ("topic",)),
    ("org_facets", ("org",)),
)
SET_COLUMNS = ", ".join(column for column, _ in FACET_GROUPS)
VECTOR_INDEX = "kb_search_match_vector_gin"
TOAST_TRIGGER = 2048  # bytes: past TOAST_TUPLE_THRESHOLD (2032 with 8 kB pages)
# ts_rank's weights for D, C, B, A: a title or a name outranks many mentions in a body.
RANK_WEIGHTS = "'{0.05, 0.2, 0.4, 1.0}'"
COLUMNS = (
    "key, type, title, url, slug, names, body, name_keys, people_keys, orgs, topics, figures, "
    "languages, datekey, digest"
)
HEAD = (
    "setweight(to_tsvector('english', title), 'A') || "
    "setweight(to_tsvector('english', names), 'A') || "
    "setweight(to_tsvector('simple', name_keys), 'A') || "
    "setweight(to_tsvector('simple', people_keys), 'B') || "
    "setweight(to_tsvector('english', topics), 'C')"
)
REST = (
    "setweight(to_tsvector('english', body), 'D') || "
    "setweight(to_tsvector('simple', orgs), 'D') || "
    "array_to_tsvector(facet_words)"
)


# --- writing ------------------------------------------------------------------------------------


def store_rows(rows: Sequence[tuple]) -> None:
    """COPY the rows (COLUMNS, then the facet values' numbers and words) into a staging table,
    then one statement writes both tables and computes the vectors: the fastest way in through
    a Python driver."""
    if not rows:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS kenes_stage ON COMMIT DROP AS "
            f"SELECT {COLUMNS}, {', '.join(f'0 AS {c}' for c, _ in FACET_GROUPS)}, "
            f"NULL::text[] AS facet_words FROM {DOCS} WITH NO DATA"
        )
        staged = f"{COLUMNS}, {SET_COLUMNS}, facet_words"
        with cursor.copy(f"COPY kenes_stage ({staged}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            f"WITH ins AS (INSERT INTO {DOCS} ({COLUMNS}) SELECT {COLUMNS} FROM kenes_stage "
            "RETURNING id, key) "
            f"INSERT INTO {MATCH} (id, datekey, {SET_COLUMNS}, head, vector, toast_trigger) "
            f"SELECT ins.id, s.datekey, {', '.join(f's.{c}' for c, _ in FACET_GROUPS)}, "
            f"h.head, h.head || {REST}, "
            f"repeat(' ', {TOAST_TRIGGER}) "
            f"FROM ins JOIN kenes_stage s USING (key) CROSS JOIN LATERAL (SELECT {HEAD} AS head) h"
        )
        cursor.execute("TRUNCATE kenes_stage")


def facet_ids(values: set[str]) -> dict[str, int]:
    """The numbers of these facet values, new ones added."""
    values = sorted(values)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {FACET_VALUES} (value) SELECT unnest(%s::text[]) ON CONFLICT DO NOTHING",
            [values],
        )
        cursor.execute(f"SELECT value, id FROM {FACET_VALUES} WHERE value = ANY(%s)", [values])
        return dict(cursor.fetchall())


def facet_set_ids(sets: set[tuple[int, ...]]) -> dict[tuple[int, ...], int]:
    """The numbers of these sets of facet value numbers (each sorted), new ones added."""
    texts = sorted("{" + ",".join(map(str, s)) + "}" for s in sets)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {FACET_SETS} (facets) SELECT unnest(%s::text[])::int[] "
            "ON CONFLICT DO NOTHING",
            [texts],
        )
        cursor.execute(
            f"SELECT f.facets, f.id FROM unnest(%s::text[]) s JOIN {FACET_SETS} f "
            "ON f.facets = s::int[]",
            [texts],
        )
        return {tuple(facets): id_ for facets, id_ in cursor.fetchall()}


def delete_keys(keys: list[str]) -> None:
    if keys:
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH gone AS (DELETE FROM {DOCS} WHERE key = ANY(%s) RETURNING id) "
                f"DELETE FROM {MATCH} WHERE id IN (SELECT id FROM gone)",
                [keys],
            )


def new_generation() -> None:
    """A new token for the index's state, seen by every server once the write commits."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH replaced AS (UPDATE {GENERATION} SET token = gen_random_uuid() RETURNING 1) "
            f"INSERT INTO {GENERATION} (token) SELECT gen_random_uuid() "
            "WHERE NOT EXISTS (SELECT 1 FROM replaced)"
        )


def delete_all() -> None:
    # DELETE, not TRUNCATE: searches in other sessions keep reading the old rows until the
    # rebuild commits instead of waiting for its lock.
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {MATCH}")
        cursor.execute(f"DELETE FROM {DOCS}")


def store_vocabulary(terms: Iterable[str], keys: Iterable[tuple[str, str]]) -> None:
    """Add words for "Did you mean" and (field, folded key) pairs for typo expansion."""
    terms, keys = sorted(terms), sorted(keys)
    with connection.cursor() as cursor:
        if terms:
            cursor.execute(
                f"INSERT INTO {TERMS} (word) SELECT unnest(%s::text[]) ON CONFLICT DO NOTHING",
                [terms],
            )
        if keys:
            cursor.execute(
                f"INSERT INTO {KEYS} (field, word) SELECT * FROM unnest(%s::text[], %s::text[]) "
                "ON CONFLICT DO NOTHING",
                [[f for f, _ in keys], [w for _, w in keys]],
            )


def after_rebuild() -> None:
    """Merge the GIN index's pending list and refresh the planner's statistics, so the first
    searches after a rebuild are as fast as the later ones."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [VECTOR_INDEX])
        cursor.execute(f"ANALYZE {MATCH}")
        cursor.execute(f"ANALYZE {KEYS}")


def vacuum() -> None:
    """Reclaim the rows a rebuild replaced (outside any transaction only)."""
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {MATCH}")
        cursor.execute(f"VACUUM (ANALYZE) {DOCS}")


# --- reading ------------------------------------------------------------------------------------


class Prepared(NamedTuple):
    stems: list[str]
    expanded: dict[tuple[str, str], list[str]]
    generation: str | None  # the index's generation they were read at (None: not known)
    # Of the (field, key) pairs asked about, those some record holds (the vocabulary's).
    present: frozenset[tuple[str, str]] = frozenset()


def prepare(
    texts: list[tuple[str, str]],
    wanted: list[tuple[str, str, int]],
    limit: int,
    asked: Sequence[tuple[str, str]] = (),
) -> Prepared:
    """In one statement: each (config, tsquery text) as PostgreSQL reads it (stemmed, stop
    words dropped: ''), and for each (field, key, distance) the vocabulary's words of that
    field within that many edits that share the key's first letter (Whoosh's fuzzy terms),
    closest first; which of the `asked` (field, key) pairs the vocabulary holds; and the
    index's generation."""
    if not texts and not wanted and not asked:
        return Prepared([], {}, None)
    normalized = "ARRAY[{}]::text[]".format(
        ", ".join("to_tsquery(%s::regconfig, %s)::text" for _ in texts)
    )
    params: list = [p for pair in texts for p in pair]
    expanded = "'[]'::json"
    if wanted:
        # The words of the key's field and first letter, within the edit distance in length:
        # a range of the (field, word) index, then a bounded Levenshtein on each. (A trigram
        # index is the usual tool, but PostgreSQL costs its similarity test far too cheaply
        # and scans the table instead; the range is exact, and as fast.)
        expanded = (
            "(SELECT coalesce(json_agg(json_build_array(q.field, q.key, e.word)), '[]') "
            "FROM unnest(%s::text[], %s::text[], %s::int[]) AS q(field, key, dist) "
            f"CROSS JOIN LATERAL (SELECT k.word FROM {KEYS} k WHERE k.field = q.field"
            "  AND k.word >= left(q.key, 1) AND k.word < chr(ascii(q.key) + 1)"
            "  AND length(k.word) BETWEEN length(q.key) - q.dist AND length(q.key) + q.dist"
            "  AND levenshtein_less_equal(k.word, q.key, q.dist) <= q.dist"
            "  ORDER BY levenshtein_less_equal(k.word, q.key, q.dist), k.word LIMIT %s"
            ") e)"
        )
        params += [[f for f, _, _ in wanted], [k for _, k, _ in wanted]]
        params += [[d for *_, d in wanted], limit]
    present = "'[]'::json"
    if asked:
        present = (
            "(SELECT coalesce(json_agg(json_build_array(k.field, k.word)), '[]') "
            f"FROM unnest(%s::text[], %s::text[]) AS q(field, word) JOIN {KEYS} k "
            "ON k.field = q.field AND k.word = q.word)"
        )
        params += [[f for f, _ in asked], [k for _, k in asked]]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {normalized}, {expanded}, {present}, {CURRENT_GENERATION}", params)
        stems, pairs, held, generation = cursor.fetchone()
    found: dict[tuple[str, str], list[str]] = {}
    for field, key, word in pairs:
        found.setdefault((field, key), []).append(word)
    return Prepared(stems, found, generation, frozenset(map(tuple, held)))


def _rank(rank_query: str, coverage) -> tuple[str, list]:
    """Each match's rank, and its parameters. Ranked by the title, names, people and topics
    alone (the in-line head): reading every match's full vector is what made ranking slow. A
    record matching only in its body ranks 0 and comes after, newest first."""
    rank = f"ts_rank({RANK_WEIGHTS}, head, %s::tsquery)" if rank_query else "0"
    if coverage:
        held = " + ".join("(vector @@ %s::tsquery)::int" for _ in coverage)
        rank = f"({held}) * 1000 + {rank}"
    return rank, [*coverage, *([rank_query] if rank_query else [])]


def search(
    query, rank_query: str, order: str, limit: int, offset: int, facets: bool, coverage=(),
):  # fmt: skip
    """One statement, one pass over the matching rows: their number, every facet value's count,
    and the page's rows (their snippets are the shared highlighter's, made in Python, as on
    Whoosh: ts_headline over the page's bodies cost ~0.6 ms of the server's CPU and marked
    nothing in most rows, whose words matched in titles). `query` has .index (what the
    GIN index answers exactly, without reading a vector) and .exact (phrases and field weights;
    checked on the in-line head first, on the full vector only when the head does not hold the
    match). `coverage`: a loose reading's optional parts; a row matching more of them ranks
    first (checked on the full vector, for a loose reading's few matches only).
    Returns (total, {facet value: count}, [page row, ...], the index's generation)."""
    by_date = {"newest": "datekey DESC", "oldest": "(datekey = 0), datekey"}.get(order)
    rank, rank_params = "0", []  # every match's rank: none needed when ordered by date alone
    if by_date and rank_query and not coverage:
        # Ordered by date, only the rows that can reach the page are ranked: the first ones by
        # date, with every row that shares the last one's date (WITH TIES), whose rank decides.
        last_date = by_date.replace("datekey", "c.datekey")
        page_ids = (
            f"SELECT c.id FROM (SELECT id, datekey FROM m ORDER BY {by_date} "
            f"FETCH FIRST %s ROWS WITH TIES) c JOIN {MATCH} t USING (id) ORDER BY {last_date}, "
            f"ts_rank({RANK_WEIGHTS}, t.head, %s::tsquery) DESC, c.id LIMIT %s OFFSET %s"
        )
        page_params = [limit + offset, rank_query, limit, offset]
    elif not by_date and (rank_query or coverage):
        rank, rank_params = _rank(rank_query, coverage)
        # By relevance: the page from the rows ranked above 0 (most matches hold no query word
        # in their head and rank 0), and from the others, newest first, only when too few are:
        # a bounded sort copies every row it is given (docs/benchmarks.md, session 8).
        end = limit + offset
        page_ids = (
            "SELECT id FROM ((SELECT id, rank, datekey FROM m WHERE rank > 0 "
            "ORDER BY rank DESC, datekey DESC, id LIMIT %s) UNION ALL "
            "(SELECT id, rank, datekey FROM m WHERE rank <= 0 "
            "AND (SELECT count(*) FROM (SELECT FROM m WHERE rank > 0 LIMIT %s) z) < %s "
            "ORDER BY datekey DESC, id LIMIT %s)) u "
            "ORDER BY rank DESC, datekey DESC, id LIMIT %s OFFSET %s"
        )
        page_params = [end, end, end, end, limit, offset]
    else:
        rank, rank_params = _rank(rank_query, coverage)
        order_by = f"{by_date}, rank DESC, id" if by_date else "rank DESC, datekey DESC, id"
        page_ids = f"SELECT id FROM m ORDER BY {order_by} LIMIT %s OFFSET %s"
        page_params = [limit, offset]
    counts = (
        # The matches counted by each of their three facet sets in one pass (GROUPING SETS),
        # then each distinct set's values given its count.
        "(SELECT json_object_agg(f.value, c.n) FROM (SELECT v, sum(n) AS n FROM "
        f"(SELECT unnest(s.facets) AS v, g.n FROM (SELECT coalesce({SET_COLUMNS}) AS set_id, "
        f"count(*) AS n FROM m GROUP BY GROUPING SETS (({SET_COLUMNS.replace(', ', '), (')}))) g "
        f"JOIN {FACET_SETS} s ON s.id = g.set_id) x GROUP BY v) c "
        f"JOIN {FACET_VALUES} f ON f.id = c.v)"
        if facets
        else "NULL"
    )
    where, params = "vector @@ %s::tsquery", [query.index]
    if query.exact != query.index:
        where += " AND (head @@ %s::tsquery OR vector @@ %s::tsquery)"
        params += [query.exact, query.exact]
    params = [*rank_params, *params, *page_params]
    # Sent as one query string, one round trip: the settings hold for the search alone (the
    # GIN index answers every query, where a sequential scan would read every vector; the
    # matched rows stay in memory rather than spill to a file; no JIT compilation, which the
    # planner's estimates start past a million records and which costs more than it saves
    # on a statement of milliseconds) and are reset after it.
    with connection.cursor() as cursor:
        cursor.execute(
            "SET LOCAL enable_seqscan = off; SET LOCAL work_mem = '32MB'; SET LOCAL jit = off; "
            f"WITH m AS MATERIALIZED (SELECT id, datekey, {SET_COLUMNS}, {rank} AS rank "
            f"FROM {MATCH} WHERE {where}), "
            f"page AS (SELECT * FROM unnest(ARRAY({page_ids})) WITH ORDINALITY AS p(id, n)) "
            f"SELECT (SELECT count(*) FROM m), {counts}, {CURRENT_GENERATION}, "
            "(SELECT json_agg(json_build_array(d.id, d.key, d.type, d.title, d.url, d.slug, "
            f"d.body, d.figures, d.datekey, d.languages) ORDER BY page.n) "
            f"FROM page JOIN {DOCS} d USING (id)); "
            "RESET enable_seqscan; RESET work_mem; RESET jit",
            params,
        )
        while cursor.description is None and cursor.nextset():
            pass
        total, counted, generation, rows = cursor.fetchone()
    return total, counted or {}, rows or [], generation


def known_term(word: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {TERMS} WHERE word = %s)", [word])
        return cursor.fetchone()[0]


def closest_term(word: str) -> str | None:
    """Trigram neighbours (index) or, for short words with swapped letters, up to two edits
    among words of about the same length and the same first letter."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT word FROM {TERMS} "
            "WHERE left(word, 1) = %s AND (word %% %s OR (length(word) BETWEEN %s AND %s "
            "AND levenshtein(word, %s) <= 2)) "
            "ORDER BY levenshtein(word, %s), similarity(word, %s) DESC, word LIMIT 1",
            [word[0], word, len(word) - 2, len(word) + 2, word, word, word],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def digests() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key, digest FROM {DOCS}")
        return dict(cursor.fetchall())
