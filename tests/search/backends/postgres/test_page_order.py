"""The PostgreSQL backend's page by relevance: records holding a query word in their head
(title, names, people, topics) first, by rank; then those holding it in their text only, newest
first, on every page (sql.search takes the page from the ranked rows, and from the others only
when too few are ranked)."""

import datetime

import pytest
from django.db import connection

from kb.search.backends.base import SearchRequest
from kb.search.backends.postgres import PostgresBackend, prepared
from kb.search.documents import SearchDoc
from kb.search.query import parse


def event(pk: int, title: str, body: str, year: int) -> SearchDoc:
    return SearchDoc(
        key=f"event:{pk}",
        type="event",
        title=title,
        url=f"/e/{pk}/",
        body=body,
        date=datetime.date(year, 3, 1),
        years=[year],
    )


@pytest.fixture
def backend(db):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL backend: the database is not PostgreSQL (set DATABASE_URL)")
    prepared.forget()
    backend = PostgresBackend()
    backend.rebuild(
        [
            event(1, "Censorship in the regions", "A report.", 2020),
            event(2, "Censorship and the press", "Censorship, censorship.", 2019),
            event(3, "Spring", "Censorship grew.", 2021),
            event(4, "Autumn", "Censorship again.", 2024),
            event(5, "Winter", "More censorship.", 2025),
            event(6, "Summer", "No word of it.", 2026),
        ]
    )
    yield backend
    prepared.forget()


def pages(backend, q, per_page):
    found = []
    for number in (1, 2, 3):
        page = backend.search(SearchRequest(parse(q), per_page=per_page, page=number))
        found.append([int(hit.key.partition(":")[2]) for hit in page.hits])
    return found


@pytest.mark.parametrize(
    ("per_page", "expected"),
    [
        # 1 and 2 rank alike (their heads hold the word once each: the newer first); the
        # ranked ones fill page 1, the rest come after by date.
        (2, [[1, 2], [5, 4], [3]]),
        (3, [[1, 2, 5], [4, 3], []]),  # a page with both
        (1, [[1], [2], [5]]),
    ],
)
def test_head_matches_by_rank_then_text_matches_newest_first(backend, per_page, expected):
    assert pages(backend, "censorship", per_page) == expected
