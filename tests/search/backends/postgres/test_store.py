"""The PostgreSQL backend's rows: what a search reads of every match stays small."""

import pytest
from django.db import connection

from kb.search.backends.base import SearchRequest
from kb.search.backends.postgres import PostgresBackend
from kb.search.documents import SearchDoc
from kb.search.query import parse

BODY = " ".join(f"Witness {i} described the detention in Zhanaozen." for i in range(60))


@pytest.fixture
def backend(db):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL backend: the database is not PostgreSQL (set DATABASE_URL)")
    backend = PostgresBackend()
    backend.rebuild(
        [
            SearchDoc(key="event:1", type="event", title="Hearing", url="/e/1/", body=BODY),
            SearchDoc(key="event:2", type="event", title="Detention report", url="/e/2/"),
        ]
    )
    return backend


def test_a_long_record_keeps_its_vector_out_of_the_row_a_search_visits(backend):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_column_size(m.vector) FROM kb_search_searchmatch m "
            "JOIN kb_search_searchdocument d USING (id) WHERE d.key = 'event:1'"
        )
        vector_bytes = cursor.fetchone()[0]
        cursor.execute(
            "SELECT reltoastrelid::regclass FROM pg_class "
            "WHERE oid = 'kb_search_searchmatch'::regclass"
        )
        toast = cursor.fetchone()[0]
        cursor.execute(f"SELECT coalesce(sum(octet_length(chunk_data)), 0) FROM {toast}")  # noqa: S608
        out_of_line = cursor.fetchone()[0]
    assert vector_bytes > 1000  # under the ~2 kB at which PostgreSQL would move it by itself
    assert out_of_line >= vector_bytes  # in the TOAST table, not in the row a search visits


def test_words_and_phrases_of_the_vector_out_of_line_still_match(backend):
    def keys(q):
        return [h.key for h in backend.search(SearchRequest(parse(q))).hits]

    assert keys("zhanaozen") == ["event:1"]
    assert keys('"described the detention"') == ["event:1"]
    assert keys("detention") == ["event:2", "event:1"]  # the title outranks the body
    assert keys('"detention described"') == []
