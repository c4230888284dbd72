"""A question series is found by search (its questions' wording, its surveys), drafts are not."""

import pytest
from django.db import connection

from kb.search.backends import get_backend
from kb.search.maintenance import index_rebuild
from kb.search.searching import search_run
from tests.views.test_questions import make_series


@pytest.fixture(params=["whoosh", "postgres"])
def backend(request, settings, tmp_path, db):
    if request.param == "postgres" and connection.vendor != "postgresql":
        pytest.skip("PostgreSQL backend: the database is not PostgreSQL (set DATABASE_URL)")
    settings.KENES_SEARCH_BACKEND = request.param
    settings.KENES_INDEX_DIR = tmp_path / "index"
    return request.param


def titles(q):
    return [(hit.type, hit.title, hit.url) for hit in search_run(params={"q": q}).page.hits]


def test_a_series_is_found_by_its_question_and_its_type(backend):
    make_series([(2023, ("44.0", "43.2"), True), (2024, ("47.5", "40.1"), True)])
    make_series([(2023, ("1.0", "2.0"), True)], published=False, slug="draft-series")
    index_rebuild(backend=get_backend())

    series = ("series", "Internet shutdown", "/series/internet/")
    # By its title, its question's wording and its surveys' titles (the draft one never).
    assert [hit for hit in titles("internet") if hit[0] == "series"] == [series]
    assert [hit for hit in titles("wave") if hit[0] == "series"] == [series]
    assert titles("type:series") == [series]
