"""The stems and name expansions a web server keeps (backends/postgres/prepared.py): a query
asked again is one statement, and a write to the index is seen by the next search at once."""

import pytest
from django.db import connection

from kb.search.backends.base import SearchRequest
from kb.search.backends.postgres import PostgresBackend, prepared
from kb.search.documents import SearchDoc
from kb.search.query import parse


def person(pk: int, name: str) -> SearchDoc:
    return SearchDoc(key=f"person:{pk}", type="person", title=name, url=f"/p/{pk}/", names=name)


@pytest.fixture
def backend(db):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL backend: the database is not PostgreSQL (set DATABASE_URL)")
    prepared.forget()
    backend = PostgresBackend()
    backend.rebuild([person(1, "Serik Beisembaev")])
    yield backend
    prepared.forget()


def search(backend, q):
    return backend.search(SearchRequest(parse(q)))


def statements(backend, q) -> int:
    with connection.execute_wrapper(lambda execute, *args: (counted.append(1), execute(*args))):
        counted = []
        search(backend, q)
    return len(counted)


def test_a_query_asked_again_is_one_statement(backend):
    assert statements(backend, "Beisembayev") == 2
    assert statements(backend, "Beisembayev") == 1
    assert [h.key for h in search(backend, "Beisembayev").hits] == ["person:1"]


def test_a_name_indexed_after_a_misspelt_search_is_found_by_the_same_search_next(backend):
    assert search(backend, "Kabatva").total == 0  # kept: no name within one edit yet
    with backend.writer() as writer:
        writer.update([person(2, "Karlygash Kabatova")])
    assert [h.key for h in search(backend, "Kabatva").hits] == ["person:2"]


def test_the_page_carries_the_index_generation_every_write_replaces(backend):
    first = search(backend, "Beisembaev").generation
    assert search(backend, "Beisembaev").generation == first
    with backend.writer() as writer:
        writer.remove(["person:1"])
    after = search(backend, "Beisembaev")
    assert after.total == 0
    assert after.generation not in (None, first)


def test_a_name_left_out_as_in_no_record_is_found_once_a_record_holds_it(backend):
    # "Tokayev" is kept as the folded key "tokaev", in no record yet: left out of the query.
    assert search(backend, "Tokayev").total == 0
    with backend.writer() as writer:  # as through another web server
        writer.update([person(3, "Kassym-Jomart Tokaev")])
    assert [h.key for h in search(backend, "Tokayev").hits] == ["person:3"]
    assert [h.key for h in search(backend, "person:tokaev").hits] == []  # nobody is *about* him
