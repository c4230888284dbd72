# ruff: noqa: F811  (pytest fixtures imported from tests.search.test_searching, used as arguments)
"""The search page as a researcher meets it: results, facets, help, messages, never a 500."""

import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb.search.backends import get_backend
from kb.search.searching import search_run
from tests.search.test_searching import indexed, search_backend  # noqa: F401

URL = reverse("search:search")


def test_the_search_page_shows_results_facets_and_help(client, indexed):
    response = client.get(URL, {"q": "torture"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<mark>torture</mark>" in html
    assert 'href="/surveys/january-events-survey-2023/questions/2/"' in html
    assert "Use of torture" in html
    assert "How to search" in html
    # Facets are plain links that keep the query.
    assert 'href="?q=torture&amp;type=question"' in html
    assert re.search(r'Survey question</a> <span class="facet__count">\d+</span>', html)


def test_a_selected_facet_can_be_removed(client, indexed):
    html = client.get(URL, {"q": "torture", "type": "question"}).content.decode()
    assert "Narrowed to:" in html
    assert (
        '<a class="chip" href="?q=torture" rel="nofollow"><span class="visually-hidden">Remove '
        'the filter </span>Type: Survey question<span class="chip__x" aria-hidden="true">×</span>'
        "</a>"
    ) in html


def test_an_empty_result_says_so_and_offers_the_spelling(client, indexed):
    html = client.get(URL, {"q": "trsut"}).content.decode()
    assert "Nothing found for <q>trsut</q>." in html
    assert 'Try <a href="?q=trust" rel="nofollow">trust</a>.' in html


def test_did_you_mean_links_to_the_better_spelling(client, indexed):
    html = client.get(URL, {"q": "tortre"}).content.decode()
    assert 'Did you mean <a href="?q=torture" rel="nofollow">torture</a>?' in html


def test_the_empty_page_shows_the_help_open(client, db):
    response = client.get(URL)
    assert response.status_code == 200
    assert '<details class="search-help" open>' in response.content.decode()


def test_a_page_past_the_end_is_a_normal_page(client, indexed):
    response = client.get(URL, {"q": "torture", "page": "40"})
    assert response.status_code == 200
    assert "past the last result" in response.content.decode()


BAD_INPUT = [
    '"unbalanced',
    "((torture",
    "torture))",
    "OR",
    "AND OR NOT",
    "-",
    "*",
    "?",
    "*torture",
    "tor?ure",
    "unknown:field",
    "type:nonsense",
    "year:abc",
    "year:99999..1",
    "person:",
    'person:"',
    "a" * 10_000,
    " ".join(["torture"] * 2_000),
    "(" * 5_000,
    '"' * 3_001,
    "tor\x00ture",
    "\x01\x02\x1b[31m",
    "💥 ☃ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "Жовтис OR -Кабатова*",
]


def test_bad_queries_get_a_normal_page(client, indexed):
    answers = {q[:30]: client.get(URL, {"q": q}).status_code for q in BAD_INPUT}
    assert answers == dict.fromkeys(answers, 200)


BAD_PARAMETERS = [
    {"q": "torture", "type": "nonsense"},
    {"q": "torture", "topic": "no-such-topic"},
    {"q": "torture", "org": "<script>"},
    {"q": "torture", "year": "20x3"},
    {"q": "torture", "page": "-3"},
    {"q": "torture", "page": "abc"},
    {"q": "torture", "page": "9" * 40},
    {"q": "torture", "sort": "sideways"},
    {"q": "torture", "per_page": "100000"},
    {"type": "question"},
]


def test_bad_parameters_get_a_normal_page(client, indexed):
    for params in BAD_PARAMETERS:
        response = client.get(URL, params)
        assert response.status_code == 200, params
        assert b"<script>" not in response.content


def test_an_unknown_facet_value_finds_nothing_and_says_how_to_widen(client, indexed):
    html = client.get(URL, {"q": "torture", "topic": "no-such-topic"}).content.decode()
    assert "Nothing found" in html
    assert "Remove a filter" in html


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(q=st.text(max_size=400))
def test_any_query_string_gets_an_answer(indexed, q):
    assert_a_whole_answer(search_run(params={"q": q}))


def assert_a_whole_answer(outcome):
    """Nothing to search: no page. Otherwise a first page of distinct hits, as many as the total
    allows, and type counts (every record has exactly one type) that add up to the total."""
    if outcome.parsed.is_empty:
        assert outcome.page is None
        return
    page = outcome.page
    keys = [hit.key for hit in page.hits]
    assert len(set(keys)) == len(keys) == min(page.total, page.per_page)
    assert sum(count for _, count in page.facets.get("type", [])) == page.total


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    q=st.lists(
        st.sampled_from(
            ['"', "(", ")", "-", "*", "?", "OR", ":", "person:", "year:", "type:", "torture",
             "Жовтис", "trust*", "..", "2023", "\x00", " "]
        ),
        max_size=40,
    ).map("".join)
)  # fmt: skip
def test_operator_soup_gets_an_answer(indexed, q):
    assert_a_whole_answer(search_run(params={"q": q}))


def test_a_missing_index_says_search_is_being_rebuilt(client, db, settings, tmp_path):
    settings.KENES_SEARCH_BACKEND = "whoosh"
    settings.KENES_INDEX_DIR = tmp_path / "nothing-here"
    response = client.get(URL, {"q": "torture"})
    assert response.status_code == 503
    assert "Search is being rebuilt" in response.content.decode()


def test_a_corrupt_index_says_search_is_being_rebuilt(client, db, settings, tmp_path):
    settings.KENES_SEARCH_BACKEND = "whoosh"
    settings.KENES_INDEX_DIR = tmp_path / "index"
    call_command("rebuild_index", verbosity=0)
    for toc in (tmp_path / "index").glob("_MAIN_*.toc"):
        toc.write_bytes(b"\x00garbage")
    response = client.get(URL, {"q": "torture"})
    assert response.status_code == 503
    assert "Search is being rebuilt" in response.content.decode()
    call_command("rebuild_index", verbosity=0)  # and a rebuild mends it
    assert client.get(URL, {"q": "torture"}).status_code == 200


def test_rebuild_index_reports_progress_and_a_summary(indexed, capsys):
    call_command("rebuild_index")
    out = capsys.readouterr().out
    assert f"Rebuilding the {get_backend().name} search index" in out
    assert re.search(r"Indexed \d+ records in [\d.]+s \(", out)
    assert "12 question" in out
    assert "6 person" in out


def test_check_index_fails_on_drift_and_names_the_record(indexed, capsys):
    call_command("check_index")
    assert "matches the database" in capsys.readouterr().out
    from kb.models import Topic

    Topic.objects.filter(slug="gender").update(name="Changed behind the index's back")
    with pytest.raises(CommandError, match="differs from the database"):
        call_command("check_index")
    assert f"topic:{Topic.objects.get(slug='gender').pk}" in capsys.readouterr().out
