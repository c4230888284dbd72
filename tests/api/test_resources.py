"""The read-only JSON API: what it shows, how it filters, how it answers bad input."""

import datetime
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
import schemathesis
from django.core.cache import caches
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings
from django.utils import timezone
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error

from kb.models import Person, Survey
from kb.search.backends import get_backend
from kb.search.maintenance import index_rebuild
from tests.factories import LEAK_MARKS, more_rows, open_world

pytestmark = pytest.mark.django_db

BLOODY = "kazakhstans-bloody-january-2023-12-07"
PUBLIC_PEOPLE = [
    "aldiyar-auyezbek",
    "serik-beissembayev",
    "karlygash-kabatova",
    "kamila-kovyazina",
    "yevgeniy-zhovtis",
]


@pytest.fixture
def world(db):
    return open_world(upcoming_date=timezone.localdate() + datetime.timedelta(days=30))


def get(client, url, status=200, **params):
    response = client.get(url, params, HTTP_ACCEPT="application/json")
    assert response.status_code == status, response.content[:500]
    return response.json()


def slugs(data):
    return [item["slug"] for item in data["results"]]


def test_root_lists_every_endpoint_and_the_schema_is_openapi(client, world):
    root = get(client, "/api/")
    assert sorted(root) == [
        "documentation",
        "events",
        "organizations",
        "people",
        "questions",
        "schema",
        "search",
        "series",
        "surveys",
        "topics",
    ]
    schema = client.get("/api/schema/?output=json").json()
    assert schema["openapi"].startswith("3.")
    assert sorted(schema["paths"]) == [
        "/api/events/",
        "/api/events/{slug}/",
        "/api/organizations/",
        "/api/organizations/{slug}/",
        "/api/people/",
        "/api/people/{slug}/",
        "/api/questions/",
        "/api/questions/{id}/",
        "/api/search/",
        "/api/series/",
        "/api/series/{slug}/",
        "/api/surveys/",
        "/api/surveys/{slug}/",
        "/api/topics/",
        "/api/topics/{slug}/",
    ]
    event_filters = {p["name"] for p in schema["paths"]["/api/events/"]["get"]["parameters"]}
    assert event_filters == {
        "date_after",
        "date_before",
        "format",
        "lang",
        "ordering",
        "organization",
        "page",
        "page_size",
        "person",
        "topic",
        "year",
    }


def test_browsable_root_renders_html(client, world):
    response = client.get("/api/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


def test_event_has_its_people_in_order_with_roles_and_only_public_ones(client, world):
    event = get(client, f"/api/events/{world.event.slug}/")
    assert [(p["slug"], p["role"]) for p in event["people"]] == [
        ("aldiyar-auyezbek", "speaker"),
        ("kamila-kovyazina", "speaker"),
        ("serik-beissembayev", "speaker"),
        ("yevgeniy-zhovtis", "speaker"),
        ("karlygash-kabatova", "moderator"),
    ]
    assert event["people"][0]["affiliation"] == "Research Fellow, PaperLab Research Center"
    assert event["people"][2]["affiliation"] == ""  # Serik's affiliations are withheld
    assert [(o["slug"], o["role"]) for o in event["organizations"]] == [
        ("central-asia-program", "organizer"),
        ("paperlab", "co_sponsor"),
    ]
    assert [t["slug"] for t in event["topics"]] == ["freedom-from-torture", "public-trust"]
    assert [s["slug"] for s in event["surveys"]] == ["january-events-survey-2023"]
    assert event["starts_at"] == "2023-12-07T09:00:00-05:00"
    assert event["time_zone"] == "America/New_York"
    assert event["ics_url"] == f"http://testserver/events/{world.event.slug}.ics"


def test_lists_hold_only_published_records(client, world):
    assert slugs(get(client, "/api/events/")) == ["next-discussion", world.event.slug]
    assert slugs(get(client, "/api/surveys/")) == ["january-events-survey-2023"]
    assert slugs(get(client, "/api/people/")) == [
        "aldiyar-auyezbek",
        "serik-beissembayev",
        "karlygash-kabatova",
        "kamila-kovyazina",
        "yevgeniy-zhovtis",
    ]
    assert "draftmark-org" not in slugs(get(client, "/api/organizations/"))
    assert "draftmark-topic" not in slugs(get(client, "/api/topics/"))
    for url in [
        "/api/events/draftmark-event/",
        "/api/surveys/draftmark-survey/",
        "/api/people/draftmark-person/",
        "/api/people/withheldmark-person/",
        "/api/organizations/draftmark-org/",
        "/api/topics/draftmark-topic/",
    ]:
        assert list(get(client, url, status=404)) == ["detail"], url


def test_no_output_of_the_api_carries_a_draft_or_withheld_value(client, world):
    urls = ["/api/events/", "/api/people/", "/api/organizations/", "/api/topics/"]
    urls += ["/api/surveys/", "/api/questions/", f"/api/events/{world.event.slug}/"]
    urls += [f"/api/surveys/{world.survey.slug}/"]
    urls += [f"/api/people/{p.slug}/" for p in (world.kamila, world.serik, world.aldiyar)]
    for url in urls:
        body = client.get(url, HTTP_ACCEPT="application/json").content.decode()
        assert [mark for mark in LEAK_MARKS if mark in body] == [], url


def test_person_fields_respect_their_flags(client, world):
    kamila = get(client, "/api/people/kamila-kovyazina/")
    assert kamila["bio"] == ""
    serik = get(client, "/api/people/serik-beissembayev/")
    assert serik["affiliations"] == []
    assert serik["bio"] == "Serik Beissembayev studies things."
    aldiyar = get(client, "/api/people/aldiyar-auyezbek/")
    assert aldiyar["affiliations"][0]["organization"]["slug"] == "paperlab"
    assert aldiyar["affiliations"][0]["title"] == "Research Fellow"
    assert [t["slug"] for t in aldiyar["topics"]] == ["public-trust"]
    assert aldiyar["events"] == [
        {
            "slug": world.event.slug,
            "title": world.event.title,
            "date": "2023-12-07",
            "role": "speaker",
        }
    ]


def test_survey_has_every_figure_with_nets_and_kinds(client, world):
    survey = get(client, f"/api/surveys/{world.survey.slug}/")
    assert survey["sample_size"] == 1047
    assert [o["slug"] for o in survey["organizations"]] == [
        "demoscope",
        "paperlab",
        "konrad-adenauer-foundation",
    ]
    assert survey["contact"] is None  # the contact is withheld
    figures = {
        (q["number"], r["label"]): (Decimal(str(r["percent"])), r["is_net"], r["net"])
        for q in survey["questions"]
        for r in q["results"]
    }
    assert figures == {
        (1, "Disapprove"): (Decimal("71.1"), False, None),
        (1, "Support"): (Decimal("11.3"), False, None),
        (1, "Difficult to answer"): (Decimal("11.1"), False, None),
        (1, "Did not know"): (Decimal("6.5"), False, None),
        (3, "Do not trust (total)"): (Decimal("53.0"), True, None),
        (3, "Not at all"): (Decimal("30.8"), False, "Do not trust (total)"),
        (3, "Rather not"): (Decimal("22.2"), False, "Do not trust (total)"),
        (10, "Fear, anxiety"): (Decimal("33.3"), False, None),
        (10, "Irritation"): (Decimal("2.0"), False, None),
    }
    assert [q["kind"] for q in survey["questions"]] == ["single", "single", "multiple"]
    assert survey["questions"][2]["results"][1]["qualifier"] == "lt"
    assert survey["results_csv_url"] == f"http://testserver/surveys/{world.survey.slug}/results.csv"


@pytest.mark.parametrize(
    ("url", "params", "expected"),
    [
        ("/api/events/", {"organization": "paperlab"}, [BLOODY]),
        ("/api/events/", {"person": "yevgeniy-zhovtis"}, ["next-discussion", BLOODY]),
        ("/api/events/", {"topic": "freedom-from-torture"}, [BLOODY]),
        ("/api/events/", {"format": "in_person"}, ["next-discussion"]),
        ("/api/events/", {"year": "2023"}, [BLOODY]),
        ("/api/events/", {"date_after": "2023-12-01", "date_before": "2023-12-31"}, [BLOODY]),
        ("/api/events/", {"ordering": "title"}, [BLOODY, "next-discussion"]),
        ("/api/people/", {"organization": "paperlab"}, ["aldiyar-auyezbek"]),
        ("/api/people/", {"organization": "secret-employer"}, []),
        ("/api/people/", {"role": "moderator"}, ["karlygash-kabatova"]),
        ("/api/people/", {"topic": "public-trust"}, PUBLIC_PEOPLE),
        ("/api/organizations/", {"kind": "pollster"}, ["demoscope"]),
        ("/api/organizations/", {"country": "kazakhstan"}, ["paperlab"]),
        ("/api/organizations/", {"parent": "ieres"}, ["central-asia-program"]),
        ("/api/topics/", {"kind": "right"}, ["freedom-from-torture"]),
        ("/api/surveys/", {"organization": "demoscope"}, ["january-events-survey-2023"]),
        ("/api/surveys/", {"year": "2022"}, ["january-events-survey-2023"]),
        ("/api/surveys/", {"year": "2021"}, []),
        ("/api/surveys/", {"topic": "freedom-from-torture"}, ["january-events-survey-2023"]),
        ("/api/surveys/", {"mode": "online"}, []),
    ],
)  # fmt: skip
def test_filters_narrow_the_lists(client, world, url, params, expected):
    assert slugs(get(client, url, **params)) == expected


def test_questions_filter_by_topic_and_kind(client, world):
    trust = get(client, "/api/questions/", topic="public-trust")
    assert [(q["survey"]["slug"], q["number"]) for q in trust["results"]] == [
        ("january-events-survey-2023", 3)
    ]
    assert [r["percent"] for r in trust["results"][0]["results"]] == [53.0, 30.8, 22.2]
    multiple = get(client, "/api/questions/", kind="multiple")
    assert [q["number"] for q in multiple["results"]] == [10]
    assert get(client, "/api/questions/", survey="draftmark-survey", status=400) == {
        "survey": ["Select a valid choice. That choice is not one of the available choices."]
    }


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/events/?output=xml", 404),
        ("/api/events/?format=xml", 400),
        ("/api/events/?page=99", 404),
        ("/api/events/?page=abc", 404),
        ("/api/events/?format_=online", 400),
        ("/api/events/?output=json&organisation=paperlab", 400),
        ("/api/events/?organization=no-such-org", 400),
        ("/api/events/?person=withheldmark-person", 400),
        ("/api/events/?year=99999", 400),
        ("/api/events/?date_after=yesterday", 400),
        ("/api/events/?ordering=secret", 400),
        ("/api/surveys/?year=abc", 400),
        ("/api/people/?role=king", 400),
        ("/api/events/no-such-event/", 404),
        ("/api/questions/abc/", 404),
        ("/api/questions/99999999999999999999/", 404),
        ("/api/events/?page_size=0", 200),
        ("/api/events/?page_size=-5", 200),
    ],
)
def test_bad_input_gets_a_json_error_never_a_500(client, world, url, status):
    response = client.get(url, HTTP_ACCEPT="application/json")
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    body = response.json()
    if status != 200:
        assert body  # says what is wrong


def test_unknown_parameter_is_named_in_the_error(client, world):
    body = get(client, "/api/events/", status=400, organisation="paperlab")
    assert list(body) == ["organisation"]
    assert "organization" in body["organisation"][0]


def test_an_empty_ordering_keeps_the_default_order(client, world, recwarn):
    assert slugs(get(client, "/api/events/", ordering=",")) == ["next-discussion", BLOODY]
    assert [str(w.message) for w in recwarn if "unordered" in str(w.message)] == []


def test_pages_and_page_size(client, world):
    first = get(client, "/api/events/", page_size=1)
    assert first["count"] == 2
    assert slugs(first) == ["next-discussion"]
    assert first["next"] == "http://testserver/api/events/?page=2&page_size=1"
    assert slugs(get(client, "/api/events/", page_size=1, page=2)) == [world.event.slug]


def test_nothing_can_be_written(client, world):
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)(
            f"/api/events/{world.event.slug}/", {}, content_type="application/json"
        )
        assert response.status_code == 405, method
    assert client.post("/api/events/", {}, content_type="application/json").status_code == 405


def test_anonymous_use_is_throttled(client, world):
    # A made-up X-Forwarded-For on each request does not make a new client.
    statuses = [
        client.get("/api/", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code for n in range(121)
    ]
    assert statuses[:120] == [200] * 120
    assert statuses[120] == 429
    assert "throttled" in client.get("/api/").json()["detail"].lower()


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/api/events/", 9),  # + public recordings and materials (no recordings: no presenters)
        ("/api/surveys/", 11),
        ("/api/people/", 5),
        ("/api/organizations/", 3),
        ("/api/topics/", 2),
        ("/api/questions/", 5),
    ],
)
def test_lists_run_a_fixed_number_of_queries(
    client, world, django_assert_num_queries, url, queries
):
    """The same count with the open world's rows as with three more of each kind."""
    with django_assert_num_queries(queries):
        few = client.get(url, HTTP_ACCEPT="application/json").json()["count"]
    more_rows()
    with django_assert_num_queries(queries):
        data = client.get(url, HTTP_ACCEPT="application/json").json()
    assert data["count"] == few + 3  # more_rows() adds three of each kind


# --- Property-based: schemathesis generates requests from the OpenAPI schema ----------------------


def load_api_schema():
    """The schema as the running site serves it (drf-spectacular needs no database for it)."""
    from django.core.wsgi import get_wsgi_application

    # Schemathesis's WSGI client calls itself "localhost".
    with override_settings(ALLOWED_HOSTS=["localhost"]):
        return schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


# Loaded at collection: schemathesis's lazy `from_fixture` does not run on pytest 9.
schema = load_api_schema()


@pytest.fixture
def keep_test_connection():
    """Requests go through the real WSGI handler, which closes the database connection after
    each one; that would end the test's transaction. Django's own test client does the same."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def search_index(world, settings, tmp_path):
    """/api/search/ answers 503 without an index: give it one of the world's records."""
    settings.KENES_SEARCH_BACKEND = "whoosh"
    settings.KENES_INDEX_DIR = tmp_path / "index"
    index_rebuild(backend=get_backend())


@pytest.mark.slow
@schema.parametrize()
@hypothesis_settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_generated_request_gets_a_server_error(
    case, world, search_index, settings, keep_test_connection
):
    settings.ALLOWED_HOSTS = ["localhost"]
    caches["throttle"].clear()  # hundreds of requests: stay under the anonymous throttle
    response = case.call_and_validate(checks=[not_a_server_error])
    expected = {200, 400, 404, 405, 406}  # 405: the coverage phase tries writing methods
    assert response.status_code in expected, (case.path, case.query, response.text[:300])


# --- The documents' facts (fixtures/) ------------------------------------------------------------

SURVEY_DOCUMENT = (
    Path(__file__).resolve().parents[2] / "fixtures/documents/demoscope-january-events-survey.txt"
)


def test_the_survey_in_the_api_holds_every_percentage_of_its_document(client, documents):
    text = SURVEY_DOCUMENT.read_text(encoding="utf-8")
    printed = Counter(Decimal(m) for m in re.findall(r"(\d+(?:\.\d+)?)%", text))
    assert sum(printed.values()) == 57

    survey = get(client, "/api/surveys/january-events-survey-2023/")
    served = Counter(
        Decimal(str(r["percent"]))
        for q in survey["questions"]
        for r in q["results"]
        if r["percent"] is not None
    )
    served.update(Decimal(str(c["percent"])) for c in survey["composition"])
    served.update(
        Decimal(str(survey[key]))
        for key in ("margin_of_error", "confidence_level", "response_rate")
    )
    assert printed - served == Counter()  # every printed figure, as often as it is printed
    assert (survey["sample_size"], survey["field_start"], survey["field_end"]) == (
        1047,
        "2022-12-29",
        "2023-01-14",
    )
    q1 = survey["questions"][0]
    assert [(r["label"], r["percent"]) for r in q1["results"]] == [
        ("Disapprove", 71.1),
        ("Support", 11.3),
        ("Difficult to answer", 11.1),
        ("Did not know anything about it", 6.5),
    ]
    assert [q["number"] for q in survey["questions"] if q["kind"] == "multiple"] == [9]


def test_the_event_in_the_api_has_its_five_people_in_order_with_roles(client, documents):
    event = get(client, "/api/events/kazakhstans-bloody-january-2023-12-07/")
    assert [(p["slug"], p["role"], p["affiliation"]) for p in event["people"]] == [
        ("aldiyar-auyezbek", "speaker", "Research Fellow, PaperLab Research Center"),
        ("kamila-kovyazina", "speaker", "Researcher, PaperLab Research Center"),
        ("serik-beissembayev", "speaker", "Co-founder and Director, PaperLab Research Center"),
        (
            "yevgeniy-zhovtis",
            "speaker",
            "Director, Kazakhstan International Bureau for Human Rights",
        ),
        ("karlygash-kabatova", "moderator", "Program Associate, Central Asia Program"),
    ]
    assert [(o["slug"], o["role"]) for o in event["organizations"]] == [
        ("central-asia-program", "organizer"),
        ("paperlab", "co_sponsor"),
    ]
    assert (event["date"], event["format"], event["starts_at"]) == ("2023-12-07", "online", None)


PAPERLAB_PEOPLE = ["aldiyar-auyezbek", "serik-beissembayev", "kamila-kovyazina"]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/api/events/?topic=right-to-life", [BLOODY]),
        ("/api/events/?person=yevgeniy-zhovtis", [BLOODY]),
        ("/api/events/?person=snezhana-tsoy", []),
        ("/api/events/?year=2023&format=online", [BLOODY]),
        ("/api/events/?year=2022", []),
        ("/api/people/?organization=paperlab", PAPERLAB_PEOPLE),
        ("/api/people/?role=moderator", ["karlygash-kabatova"]),
        ("/api/organizations/?kind=pollster", ["demoscope"]),
        ("/api/organizations/?parent=ieres", ["central-asia-program"]),
        ("/api/surveys/?organization=konrad-adenauer-foundation", ["january-events-survey-2023"]),
        ("/api/surveys/?year=2022", ["january-events-survey-2023"]),
        ("/api/surveys/?year=2024", []),
        ("/api/surveys/?topic=right-to-life", ["january-events-survey-2023"]),
    ],
)  # fmt: skip
def test_filters_on_the_documents_data(client, documents, url, expected):
    assert slugs(get(client, url)) == expected


@pytest.mark.parametrize(
    ("topic", "numbers"),
    [("public-trust", [3]), ("internet-shutdowns", [8]), ("right-to-life", [1])],
)
def test_which_questions_asked_about_a_topic(client, documents, topic, numbers):
    data = get(client, "/api/questions/", topic=topic)
    assert [q["number"] for q in data["results"]] == numbers


def test_withholding_a_real_person_or_unpublishing_the_survey_takes_them_out(client, documents):
    Person.objects.filter(slug="snezhana-tsoy").update(is_public=False)
    assert get(client, "/api/surveys/january-events-survey-2023/")["contact"] is None
    assert "snezhana-tsoy" not in slugs(get(client, "/api/people/"))
    Survey.objects.filter(slug="january-events-survey-2023").update(published=False)
    assert slugs(get(client, "/api/surveys/")) == []
    assert get(client, "/api/questions/")["count"] == 0
    assert get(client, f"/api/events/{BLOODY}/")["surveys"] == []
