"""Random strings at every public URL's query parameters and at search: never a 500.

Parameter names come from the FilterSets (what the lists really read) plus search's, paging and
sorting, and made-up ones; values are any text, NUL and control characters included. Bounded
(a few dozen examples per address) so the suite stays fast.
"""

from urllib.parse import urlencode

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb import filters
from tests.public_outputs import all_route_patterns, concrete_urls

LISTS = {
    "kb:event-list": filters.EventFilter,
    "kb:person-list": filters.PersonFilter,
    "kb:organization-list": filters.OrganizationFilter,
    "kb:survey-list": filters.SurveyFilter,
    "kb:topic-list": filters.TopicFilter,
}
DETAILS = [
    ("kb:event-detail", "kazakhstans-bloody-january-2023-12-07"),
    ("kb:person-detail", "yevgeniy-zhovtis"),
    ("kb:organization-detail", "paperlab"),
    ("kb:topic-detail", "freedom-from-torture"),
    ("kb:survey-detail", "january-events-survey-2023"),
    ("kb:document-detail", "demoscope-january-events-survey"),
]
COMMON = ["page", "q", "sort", "ordering", "format", "per_page", "page_size", "limit", "offset"]
SEARCH = ["q", "type", "topic", "org", "year", "role", "sort", "page"]

# Any text but lone surrogates (which no client can send as UTF-8).
values = st.text(st.characters(blacklist_categories=["Cs"]), max_size=40) | st.sampled_from(
    [
        "0",
        "-1",
        "99999999999999999999",
        "1e309",
        "NaN",
        "2023-13-45",
        "%",
        "'",
        '"',
        "\x00",
        "a" * 3000,
        "field:",
        "type:",
        "*",
        '"unclosed',
        "(",
        "AND",
        "OR NOT",
        "year:abcd",
    ]
)


def filter_names(filterset) -> list[str]:
    names = []
    for name, field in filterset.base_filters.items():
        widget = field.field.widget
        suffixes = getattr(widget, "suffixes", None)
        names += [f"{name}_{s}" if s else name for s in suffixes] if suffixes else [name]
    return names


def params_for(names):
    keys = st.sampled_from(names) | st.text(max_size=12)
    return st.lists(st.tuples(keys, values), max_size=4)


def addresses() -> list[tuple[str, list[str]]]:
    found = [(reverse(name), filter_names(fs) + COMMON) for name, fs in LISTS.items()]
    found += [(reverse(name, args=[slug]), COMMON) for name, slug in DETAILS]
    found.append((reverse("kb:home"), COMMON))
    found.append((reverse("search:search"), SEARCH))
    # Every other route (API, feeds, exports, citations, sitemap), its slug filled from the
    # documents' data.
    slugs = sorted({slug for _, slug in DETAILS})
    api = [*COMMON, "search", "topic", "organization", "person", "date_after", "date_before"]
    found += [(url, api) for url in concrete_urls(slugs=slugs, pks=["1"])]
    return list(dict.fromkeys((url, tuple(names)) for url, names in found))


@pytest.fixture(scope="module")
def live(django_db_setup, django_db_blocker):
    """The documents' data, loaded once for the module in a transaction rolled back at its end
    (each test's own transaction nests inside it); returns the addresses that answer 200."""
    from django.core.management import call_command, get_commands
    from django.db import transaction
    from django.test import Client

    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_documents", verbosity=0)
        if "rebuild_index" in get_commands():
            call_command("rebuild_index", verbosity=0)
        client = Client()
        yield [(url, names) for url, names in addresses() if client.get(url).status_code == 200]
        transaction.set_rollback(True)


HYPOTHESIS = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
NASTY = ["\x00", "'; DROP TABLE kb_event; --", "%00", "a" * 5000, "-1", "9" * 30, "\ufeff\u202e"]


def assert_no_500(client, url, query):
    response = client.get(f"{url}?{query}")
    assert response.status_code < 500, (url, query, response.status_code)


@pytest.mark.django_db
def test_every_address_with_nasty_values_in_every_parameter(live, client):
    assert len(live) >= 20
    for url, names in live:
        for value in NASTY:
            assert_no_500(client, url, urlencode([(name, value) for name in names]))


@pytest.mark.django_db
@settings(HYPOTHESIS, max_examples=200)
@given(data=st.data())
def test_random_query_parameters_never_give_a_500(live, client, data):
    url, names = data.draw(st.sampled_from(live), label="address")
    params = data.draw(params_for(list(names)), label="params")
    assert_no_500(client, url, urlencode(params))


@pytest.mark.django_db
@settings(HYPOTHESIS, max_examples=150)
@given(q=values, extra=params_for(SEARCH))
def test_random_searches_never_give_a_500(live, client, q, extra):
    assert_no_500(client, reverse("search:search"), urlencode([("q", q), *extra]))


@pytest.mark.django_db
@settings(HYPOTHESIS, max_examples=60)
@given(raw=st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=60))
def test_malformed_query_strings_never_give_a_500(live, client, raw):
    """Broken percent-escapes and stray separators, sent as they are."""
    for url in [reverse("kb:event-list"), reverse("search:search"), "/api/events/"]:
        assert_no_500(client, url, raw.replace("#", "%23").replace(" ", "+"))


def test_every_public_route_is_covered():
    """The walk over the routes finds the pages, search and whatever else is installed."""
    urls = {url for url, _ in addresses()}

    assert {"/", "/events/", "/search/", "/events/kazakhstans-bloody-january-2023-12-07/"} <= urls
    assert len(urls) >= len(all_route_patterns()) // 2
