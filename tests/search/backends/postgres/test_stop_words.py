"""Whoosh's stop words are the ones PostgreSQL's 'english' configuration drops (kb.search.text)."""

import pytest
from django.db import connection

from kb.search.text import STOP_WORDS


def test_the_shared_stop_list_is_what_postgresql_drops(db):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL backend: the database is not PostgreSQL (set DATABASE_URL)")
    others = ["may", "yet", "us", "tbd", "talks", "again1"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT token FROM ts_debug('english', %s) WHERE lexemes = '{}'",
            [" ".join(sorted(STOP_WORDS) + others)],
        )
        dropped = {token for (token,) in cursor.fetchall()}
    assert len(STOP_WORDS) == 127
    assert dropped == STOP_WORDS
