"""Markdown fields come with their sanitized HTML; /api/ links its documentation; ?format= is
answered with the name of the parameter that chooses the output."""

import pytest
from model_bakery import baker

from kb.models import Event, Organization, Person, Question, Survey, Topic

pytestmark = pytest.mark.django_db

TYPED = 'A **bold** claim <script>alert(1)</script><a href="javascript:x()">link</a>'
RENDERED = '<p>A <strong>bold</strong> claim <a rel="noopener noreferrer nofollow">link</a></p>'


def test_markdown_fields_sit_beside_their_sanitized_html(client):
    person = baker.make(Person, slug="p", bio=TYPED, published=True)
    org = baker.make(Organization, slug="o", description=TYPED, published=True)
    topic = baker.make(Topic, slug="t", description=TYPED, published=True)
    event = baker.make(Event, slug="e", description=TYPED, published=True, date="2023-01-01")
    survey = baker.make(Survey, slug="s", summary=TYPED, published=True)
    baker.make(Question, survey=survey, number=1, note=TYPED)

    pairs = [
        (f"/api/people/{person.slug}/", "bio"),
        (f"/api/organizations/{org.slug}/", "description"),
        (f"/api/topics/{topic.slug}/", "description"),
        (f"/api/events/{event.slug}/", "description"),
        (f"/api/surveys/{survey.slug}/", "summary"),
    ]
    for url, field in pairs:
        data = client.get(url).json()
        assert (data[field], data[f"{field}_html"]) == (TYPED, RENDERED), url
    question = client.get("/api/questions/").json()["results"][0]
    assert (question["note"], question["note_html"]) == (TYPED, RENDERED)


def test_a_withheld_bio_is_empty_in_both_fields(client):
    baker.make(Person, slug="p", bio=TYPED, published=True, bio_public=False)

    data = client.get("/api/people/p/").json()

    assert (data["bio"], data["bio_html"]) == ("", "")


def test_the_schema_says_which_field_is_markdown_and_which_html(client):
    schema = client.get("/api/schema/", {"output": "json"}).json()["components"]["schemas"]

    event = schema["Event"]["properties"]
    assert event["description"]["description"].startswith("Markdown as staff typed it")
    assert event["description_html"]["description"].startswith("The `description` field rendered")
    assert schema["Person"]["properties"]["bio"]["description"].startswith("Markdown")


def test_the_api_root_links_its_documentation(client):
    root = client.get("/api/", HTTP_ACCEPT="application/json").json()
    docs = client.get("/api/docs/")

    assert root["documentation"] == "http://testserver/api/docs/"
    assert root["schema"] == "http://testserver/api/schema/"
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "<style" not in html and "<script>" not in html


@pytest.mark.parametrize("url", ["/api/events/", "/api/people/", "/api/search/?q=trust"])
def test_format_json_is_answered_with_output(client, url):
    response = client.get(url, {"format": "json"})

    assert response.status_code == 400
    assert response.json() == {
        "format": [
            "To choose the output format, use ?output=json or ?output=api: `format` "
            "filters events by their format (online, in_person, hybrid)."
        ]
    }


def test_format_still_filters_events(client):
    baker.make(Event, slug="on", format="online", published=True, date="2023-01-01")

    response = client.get("/api/events/", {"format": "online"})

    assert [e["slug"] for e in response.json()["results"]] == ["on"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_documentation_page_runs_under_the_csp(live_server, page):
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".opblock-tag", timeout=15_000)

    assert page.locator(".opblock-tag").count() >= 6
    assert page.violations == []


def test_the_schema_allows_the_nulls_and_blanks_the_api_answers(client):
    # A client generated from the schema (schemathesis's check) rejected these answers.
    schema = client.get("/api/schema/", {"output": "json"}).json()["components"]["schemas"]

    nullable = {
        (name, field): schema[name]["properties"][field].get("nullable")
        for name, field in [
            ("Event", "starts_at"),
            ("Event", "ends_at"),
            ("Affiliation", "start_date"),
            ("Affiliation", "end_date"),
            ("Topic", "parent"),
            ("Result", "net"),
        ]
    }
    assert set(nullable.values()) == {True}
    assert schema["Person"]["properties"]["photo"] == {
        "type": "string",
        "readOnly": True,
        "description": "The photo's URL; empty when none is shown.",
    }


def test_the_schema_names_each_operations_400_and_404(client):
    paths = client.get("/api/schema/", {"output": "json"}).json()["paths"]

    answers = {path: sorted(ops["get"]["responses"]) for path, ops in paths.items()}

    assert answers["/api/events/"] == ["200", "400", "404"]
    assert answers["/api/events/{slug}/"] == ["200", "400", "404"]
    assert answers["/api/questions/{id}/"] == ["200", "400", "404"]
    assert answers["/api/search/"] == ["200", "400", "503"]
    assert paths["/api/people/{slug}/"]["get"]["responses"]["404"] == {
        "description": "No such page of the list, or no published record with that key."
    }
