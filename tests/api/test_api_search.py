# ruff: noqa: F811  (pytest fixtures imported from tests.search.test_searching, used as arguments)
"""/api/search/: the search page as JSON, against the documents' data, on both backends."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from model_bakery import baker

from kb.enums import EventPersonRole
from kb.models import Event, EventPerson, Person, Question
from kb.search.backends import get_backend
from kb.search.maintenance import index_rebuild
from tests.search.test_search_views import BAD_INPUT
from tests.search.test_searching import indexed, search_backend  # noqa: F401

URL = "/api/search/"
API = "http://testserver/api"
BLOODY = "kazakhstans-bloody-january-2023-12-07"
BLOODY_TITLE = (
    "Kazakhstan’s Bloody January: Protest Motivations, Public Perceptions and Human Rights"
)
TORTURE_FIGURES = "71.6% condemn the use of torture · 12.5% could not answer"


@pytest.fixture(autouse=True)
def fresh_throttle():
    # The anonymous throttle counts in the cache: each test starts with a clean count.
    cache.clear()
    yield
    cache.clear()


def search(client, status=200, **params):
    response = client.get(URL, params, HTTP_ACCEPT="application/json")
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/json"
    return response.json()


def question_api_url(number: int) -> str:
    pk = Question.objects.get(survey__slug="january-events-survey-2023", number=number).pk
    return f"{API}/questions/{pk}/"


def titled(data) -> list[tuple[str, str]]:
    return [(hit["type"], hit["title"]) for hit in data["results"]]


# --- what a search finds ------------------------------------------------------------------------


def test_torture_finds_the_question_with_its_figures_and_the_event(client, indexed):
    data = search(client, q="torture")

    assert data["count"] == 8
    assert (data["page"], data["num_pages"], data["next"], data["previous"]) == (1, 1, None, None)
    # Both name torture in their title; the backends may rank the two either way.
    assert set(titled(data)[:2]) == {
        ("question", "Use of torture"),
        ("topic", "Freedom from torture and ill-treatment"),
    }
    question = next(hit for hit in data["results"] if hit["type"] == "question")
    assert question == {
        "type": "question",
        "type_label": "Survey question",
        "title": "Use of torture",
        "title_language": "en",
        "snippet_language": "en",
        "page_url": "http://testserver/surveys/january-events-survey-2023/questions/2/",
        "api_url": question_api_url(2),
        "snippet": question["snippet"],
        "snippet_html": question["snippet_html"],
        "figures": TORTURE_FIGURES,
        "date": "2023-01-14",
        "passage": None,
    }
    assert question["snippet"].startswith("Attitude to the use of torture Condemn the use of")
    assert question["snippet_html"].startswith(
        "Attitude to the use of <mark>torture</mark> Condemn the use of <mark>torture</mark>"
    )
    event = next(hit for hit in data["results"] if hit["type"] == "event")
    assert (event["title"], event["page_url"], event["api_url"], event["date"]) == (
        BLOODY_TITLE,
        f"http://testserver/events/{BLOODY}/",
        f"{API}/events/{BLOODY}/",
        "2023-12-07",
    )
    assert "<mark>torture</mark>" in event["snippet_html"].lower()


def test_a_hit_links_to_its_record_in_the_api_except_a_source_document(client, indexed):
    data = search(client, q="torture")
    api_urls = {hit["type"]: hit["api_url"] for hit in data["results"]}
    assert api_urls == {
        "question": question_api_url(2),
        "topic": f"{API}/topics/freedom-from-torture/",
        "document": None,
        "survey": f"{API}/surveys/january-events-survey-2023/",
        "organization": f"{API}/organizations/kibhr/",
        "event": f"{API}/events/{BLOODY}/",
        "person": f"{API}/people/yevgeniy-zhovtis/",
    }
    for url in filter(None, api_urls.values()):
        assert client.get(url, HTTP_ACCEPT="application/json").status_code == 200, url


def test_zhovtis_in_cyrillic_finds_him_then_his_event_then_its_document(client, indexed):
    # The discussion's source document names him in Latin letters in its text: found too.
    data = search(client, q="Жовтис")
    assert titled(data) == [
        ("person", "Yevgeniy Zhovtis"),
        ("event", BLOODY_TITLE),
        (
            "document",
            "Kazakhstan’s Bloody January Protest Motivations, Public Perceptions and Human Rights",
        ),
    ]
    assert data["results"][0]["api_url"] == f"{API}/people/yevgeniy-zhovtis/"
    assert data["count"] == 3


def test_a_snippet_is_plain_text_and_escaped_html(client, indexed):
    hit = search(client, q="Zhovtis", type="person")["results"][0]
    # The backends pick different passages of his biography; both mark his name.
    assert "<mark>Zhovtis</mark>" in hit["snippet_html"]
    assert hit["snippet"] == hit["snippet_html"].replace("<mark>", "").replace("</mark>", "")
    assert "<" not in hit["snippet"]


def test_a_question_shows_its_leading_figures(client, indexed):
    hit = search(client, q='"shoot protesters"')["results"][0]
    assert (hit["title"], hit["figures"]) == (
        "Order to shoot protesters to kill",
        "71.1% disapprove · 11.3% support",
    )


# --- facets, suggestion, sort, pages --------------------------------------------------------------


def test_facets_have_counts_labels_and_links(client, indexed):
    facets = search(client, q="torture")["facets"]
    assert [(o["value"], o["count"]) for o in facets["type"]] == [
        ("document", 2),
        ("event", 1),
        ("organization", 1),
        ("person", 1),
        ("question", 1),
        ("survey", 1),
        ("topic", 1),
    ]
    question = next(o for o in facets["type"] if o["value"] == "question")
    assert question == {
        "value": "question",
        "label": "Survey question",
        "count": 1,
        "selected": False,
        "url": f"{API}/search/?q=torture&type=question",
    }
    assert [(o["value"], o["count"]) for o in facets["year"]] == [("2023", 3), ("2022", 2)]
    assert facets["topic"][0] == {
        "value": "freedom-from-torture",
        "label": "Freedom from torture and ill-treatment",
        "count": 6,
        "selected": False,
        "url": f"{API}/search/?q=torture&topic=freedom-from-torture",
    }
    assert {o["value"]: o["label"] for o in facets["org"]}["kibhr"] == (
        "Kazakhstan International Bureau for Human Rights"
    )
    assert [(o["value"], o["count"]) for o in facets["role"]] == [("spoke", 1)]


def test_a_facet_narrows_and_its_selected_value_links_back(client, indexed):
    data = search(client, q="torture", type="question")
    assert titled(data) == [("question", "Use of torture")]
    assert data["filters"] == {"type": "question"}
    assert data["facets"]["type"] == [
        {
            "value": "question",
            "label": "Survey question",
            "count": 1,
            "selected": True,
            "url": f"{API}/search/?q=torture",
        }
    ]


def test_filters_alone_browse_and_role_picks_the_moderator(client, indexed):
    data = search(client, q="bloody january", type="person", role="moderated")
    assert titled(data) == [("person", "Karlygash Kabatova")]
    assert titled(search(client, type="survey")) == [
        ("survey", "What People in Kazakhstan Think of the January Events")
    ]
    assert search(client, year="2023", type="question")["count"] == 12


def test_did_you_mean_offers_the_better_spelling_with_its_address(client, indexed):
    data = search(client, q="tortre")
    assert data["suggestion"] == "torture"
    assert data["suggestion_url"] == f"{API}/search/?q=torture"
    assert search(client, q="torture")["suggestion"] is None


def test_sort_newest_first(client, indexed):
    data = search(client, q="january", sort="newest", page_size=100)
    dates = [hit["date"] for hit in data["results"] if hit["date"]]
    assert dates == sorted(dates, reverse=True)
    assert dates[0] == "2023-12-07"
    assert data["sort"] == "newest"


def test_pages_link_to_each_other_and_do_not_overlap(client, indexed):
    first = search(client, q="january", page_size=10)
    assert (first["count"], first["num_pages"], first["page_size"]) == (26, 3, 10)
    assert first["next"] == f"{API}/search/?q=january&page_size=10&page=2"
    second = client.get(first["next"], HTTP_ACCEPT="application/json").json()
    assert second["previous"] == f"{API}/search/?q=january&page_size=10"
    assert second["next"] == f"{API}/search/?q=january&page_size=10&page=3"
    third = search(client, q="january", page_size=10, page=3)
    assert third["next"] is None
    seen = [hit["page_url"] + hit["title"] for p in (first, second, third) for hit in p["results"]]
    assert len(seen) == len(set(seen)) == 26
    # The search page's name for the page size works too.
    assert search(client, q="january", per_page=5)["page_size"] == 5


def test_a_page_past_the_end_is_empty_not_an_error(client, indexed):
    data = search(client, q="torture", page=40)
    assert (data["count"], data["results"], data["next"]) == (8, [], None)


# --- only what is public -------------------------------------------------------------------------


def test_drafts_and_withheld_people_never_appear(client, indexed):
    event = Event.objects.get(slug=BLOODY)
    baker.make(Event, title="Torture draft hearing", published=False, date=event.date)
    hidden = baker.make(Person, name="Qwertova Hidden", published=True, is_public=False)
    EventPerson.objects.create(event=event, person=hidden, role=EventPersonRole.SPEAKER, position=9)
    baker.make(Person, name="Unpublished Xylophonist", published=False, bio="On torture.")
    index_rebuild(backend=get_backend())

    torture = search(client, q="torture")
    assert torture["count"] == 8
    assert "draft" not in str(torture).lower()
    assert "Xylophonist" not in str(torture)
    assert search(client, q="qwertova")["count"] == 0
    assert search(client, q="xylophonist")["count"] == 0
    people = search(client, q="bloody january", type="person")
    assert "Qwertova" not in str(people)
    assert {o["value"]: o["count"] for o in people["facets"]["role"]} == {
        "spoke": 4,
        "moderated": 1,
    }


# --- when search cannot answer, and bad input ---------------------------------------------------


def test_a_missing_index_is_a_503_with_a_json_error(client, db, settings, tmp_path):
    settings.KENES_SEARCH_BACKEND = "whoosh"
    settings.KENES_INDEX_DIR = tmp_path / "nothing-here"
    body = search(client, status=503, q="torture")
    assert body == {"detail": "Search is being rebuilt; try again in a minute."}


def test_a_corrupt_index_is_a_503_until_rebuilt(client, db, settings, tmp_path):
    settings.KENES_SEARCH_BACKEND = "whoosh"
    settings.KENES_INDEX_DIR = tmp_path / "index"
    call_command("rebuild_index", verbosity=0)
    for toc in (tmp_path / "index").glob("_MAIN_*.toc"):
        toc.write_bytes(b"\x00garbage")
    assert search(client, status=503, q="torture")["detail"].startswith("Search is being rebuilt")
    call_command("rebuild_index", verbosity=0)
    search(client, q="torture")


def test_bad_queries_get_a_json_answer(client, indexed):
    answers = {}
    for q in BAD_INPUT:
        response = client.get(URL, {"q": q}, HTTP_ACCEPT="application/json")
        assert response["Content-Type"] == "application/json"
        answers[q[:30]] = response.status_code
    # Only the NUL byte is refused (400, naming q); the rest are read somehow.
    assert {q: code for q, code in answers.items() if code != 200} == {"tor\x00ture": 400}


def test_a_query_with_nothing_to_search_for_says_so(client, indexed):
    data = search(client, q="*")
    assert (data["count"], data["results"]) == (0, [])
    assert data["notes"] == ["The query has no words to search for."]


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({}, ["q"]),
        ({"q": "   "}, ["q"]),
        ({"q": "torture", "type": "nonsense"}, ["type"]),
        ({"q": "torture", "org": "<script>"}, ["org"]),
        ({"q": "torture", "topic": "x" * 200}, ["topic"]),
        ({"q": "torture", "year": "20x3"}, ["year"]),
        ({"q": "torture", "year": "99999"}, ["year"]),
        ({"q": "torture", "role": "speaker"}, ["role"]),
        ({"q": "torture", "page": "-3"}, ["page"]),
        ({"q": "torture", "page": "abc"}, ["page"]),
        ({"q": "torture", "page": "9" * 40}, ["page"]),
        ({"q": "torture", "sort": "sideways"}, ["sort"]),
        ({"q": "torture", "page_size": "100000"}, ["page_size"]),
        ({"q": "torture", "ordering": "date"}, ["ordering"]),
        ({"q": "tor\x00ture"}, ["q"]),
    ],
)
def test_bad_parameters_get_a_400_naming_them(client, db, params, named):
    # Refused before the index is opened: no index is needed for this test.
    body = search(client, status=400, **params)
    assert sorted(body) == named
    assert "<script>" not in str(body)


def test_an_unknown_facet_value_finds_nothing(client, indexed):
    data = search(client, q="torture", topic="no-such-topic")
    assert (data["count"], data["filters"]) == (0, {"topic": "no-such-topic"})


def test_empty_fields_of_a_submitted_form_are_ignored(client, indexed):
    data = search(client, q="torture", type="", topic="", year="", sort="", page="")
    assert (data["count"], data["filters"], data["sort"]) == (8, {}, "relevance")


def test_nothing_can_be_written(client, indexed):
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)(URL, {}, content_type="application/json")
        assert response.status_code == 405, method


def test_the_root_and_the_schema_list_search(client, db):
    root = client.get("/api/", HTTP_ACCEPT="application/json").json()
    assert root["search"] == f"{API}/search/"
    schema = client.get("/api/schema/?output=json").json()
    operation = schema["paths"]["/api/search/"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {
        "q",
        "type",
        "topic",
        "org",
        "year",
        "role",
        "sort",
        "page",
        "page_size",
        "per_page",
        "lang",
    }
    assert sorted(operation["responses"]) == ["200", "400", "503"]
    response = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert response == {"$ref": "#/components/schemas/SearchResponse"}


def test_the_format_suffix_route_answers_too(client, db):
    # The router also serves /api/search.json/; its `format` argument once made a 500.
    response = client.get("/api/search.json/")
    assert (response.status_code, response.json()) == (
        400,
        {"q": ["Give words to search for, or a filter."]},
    )
