"""tests/browsers.py: a browser test's queries leave no connection open after it."""

import pytest
from django.db import connections

from kb.models import Topic
from tests.browsers import sync_playwright

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_query_inside_playwright_leaves_no_connection_open(monkeypatch):
    pytest.importorskip("playwright.sync_api")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop runs here
    outside = connections["default"]
    if outside.vendor == "sqlite" and outside.is_in_memory_db():
        pytest.skip("Django never closes a connection to an in-memory SQLite database")
    with sync_playwright():
        inside = connections["default"]
        assert Topic.objects.count() == 0
        assert inside.connection is not None
    assert inside is not outside  # the teardown closes only the one outside
    assert inside.connection is None
