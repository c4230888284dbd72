# ruff: noqa: F811  (pytest fixtures imported from tests.search.test_searching, used as arguments)
"""Facet options, built once for the page and the API: one meaning of "selected"."""

import pytest
from django.core.cache import cache

from kb.search.facets import facet_options
from kb.search.searching import search_run
from tests.search.test_searching import indexed, search_backend  # noqa: F401


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()  # the API's anonymous throttle counts in the cache


def test_a_selected_option_links_to_the_search_without_it(indexed):
    outcome = search_run(params={"q": "torture", "type": "question"})

    facets = {f.name: f for f in facet_options(outcome, lambda **c: repr(sorted(c.items())))}

    (option,) = facets["type"].options
    assert (option.value, option.selected, option.url) == ("question", True, "[('type', None)]")
    assert facets["type"].selected == "question"
    topic = facets["topic"].options[0]
    assert (topic.selected, topic.url) == (False, f"[('topic', {topic.value!r})]")


def test_the_page_and_the_api_offer_the_same_options(client, indexed):
    page = client.get("/search/", {"q": "torture"}).context
    api = client.get("/api/search/", {"q": "torture"}, HTTP_ACCEPT="application/json").json()

    for facet in page["facets"]:
        shown = [(o.value, o.label, o.count, o.selected) for o in facet.options]
        listed = [
            (o["value"], o["label"], o["count"], o["selected"]) for o in api["facets"][facet.name]
        ]
        assert shown == listed[:15], facet.name
