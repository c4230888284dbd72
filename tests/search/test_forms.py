"""One form reads the search parameters for both doors: strict for the API, lenient for the page."""

import pytest
from django.http import QueryDict

from kb.search.forms import MAX_PAGE, MAX_PER_PAGE, SearchForm, SearchQuery

BAD = "q=torture&type=nonsense&year=20x3&org=%3Cscript%3E&sort=sideways&page=-3&per_page=100000"


def test_the_page_reads_bad_values_leniently_and_says_which_filters_it_ignored():
    query = SearchForm(QueryDict(BAD)).query()

    assert query == SearchQuery(
        q="torture",
        filters={},
        sort="relevance",
        page=1,
        per_page=MAX_PER_PAGE,
        notes=[
            "The Type filter 'nonsense' is not a value Kenes knows; ignored.",
            "The Organization filter '<script>' is not a value Kenes knows; ignored.",
            "The Year filter '20x3' is not a value Kenes knows; ignored.",
        ],
    )


def test_the_api_refuses_the_same_values_naming_each():
    form = SearchForm(QueryDict(BAD), strict=True)

    assert not form.is_valid()
    assert sorted(form.errors) == ["org", "page", "per_page", "sort", "type", "year"]
    assert form.errors["type"] == ['"nonsense" is not a valid choice.']


def test_both_read_good_values_the_same_way():
    params = QueryDict("q=+torture+&type=question&year=2023&sort=newest&page=2&page_size=5")

    lenient = SearchForm(params).query()
    strict_form = SearchForm(params, strict=True)
    assert strict_form.is_valid()

    assert (
        lenient
        == strict_form.query()
        == SearchQuery(
            q="torture",
            filters={"type": "question", "year": "2023"},
            sort="newest",
            page=2,
            per_page=5,
        )
    )
    assert lenient.state() == {"q": "torture", "type": "question", "year": "2023", "sort": "newest"}


@pytest.mark.parametrize(
    ("page", "expected"), [("9" * 40, MAX_PAGE), ("0", 1), ("abc", 1), ("", 1), ("7", 7)]
)
def test_the_page_takes_the_nearest_page_number(page, expected):
    assert SearchForm({"q": "x", "page": page}).query().page == expected


def test_the_api_needs_words_or_a_filter_the_page_shows_its_help():
    assert SearchForm({"q": "   "}, strict=True).errors == {
        "q": ["Give words to search for, or a filter."]
    }
    assert SearchForm({"type": "survey"}, strict=True).is_valid()
    assert SearchForm({"q": "   "}).query() == SearchQuery()


def test_control_characters_are_refused_by_the_api_and_removed_by_the_page():
    assert list(SearchForm({"q": "tor\x00ture"}, strict=True).errors) == ["q"]
    assert SearchForm({"q": "tor\x00ture\x1b"}).query().q == "tor ture"
