"""Each filter of each list narrows it to exactly the rows it should (one test per filter)."""

import datetime

import pytest
from model_bakery import baker

from kb.enums import (
    EventFormat,
    EventOrganizationRole,
    EventPersonRole,
    OrganizationKind,
    SurveyMode,
    TopicKind,
)

pytestmark = pytest.mark.django_db


def slugs(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return [obj.slug for obj in response.context["page_obj"].object_list]


def event(slug, date, **kwargs):
    return baker.make("kb.Event", slug=slug, title=slug, date=date, published=True, **kwargs)


@pytest.fixture
def events():
    org = baker.make("kb.Organization", slug="paperlab", name="PaperLab", published=True)
    other_org = baker.make("kb.Organization", slug="demoscope", name="DEMOSCOPE", published=True)
    topic = baker.make("kb.Topic", slug="torture", name="Torture", kind="right", published=True)
    person = baker.make("kb.Person", slug="zhovtis", name="Yevgeniy Zhovtis", published=True)
    a = event("a-2022", datetime.date(2022, 5, 1), format=EventFormat.ONLINE)
    b = event("b-2023", datetime.date(2023, 12, 7), format=EventFormat.IN_PERSON)
    c = event("c-2024", datetime.date(2024, 3, 1), format=EventFormat.HYBRID)
    baker.make(
        "kb.EventOrganization", event=b, organization=org, role=EventOrganizationRole.ORGANIZER
    )
    baker.make(
        "kb.EventOrganization", event=c, organization=other_org, role=EventOrganizationRole.PARTNER
    )
    b.topics.add(topic)
    baker.make("kb.EventPerson", event=c, person=person, role=EventPersonRole.SPEAKER)
    return a, b, c


def test_events_filter_by_date_range(client, events):
    url = "/events/?date_after=2023-01-01&date_before=2023-12-31"

    assert slugs(client, url) == ["b-2023"]


def test_events_filter_by_year(client, events):
    assert slugs(client, "/events/?year=2024") == ["c-2024"]


def test_events_filter_by_organization_in_any_role(client, events):
    assert slugs(client, "/events/?organization=paperlab") == ["b-2023"]
    assert slugs(client, "/events/?organization=demoscope") == ["c-2024"]


def test_events_filter_by_topic(client, events):
    assert slugs(client, "/events/?topic=torture") == ["b-2023"]


def test_events_filter_by_person(client, events):
    assert slugs(client, "/events/?person=zhovtis") == ["c-2024"]


def test_events_filter_by_format(client, events):
    assert slugs(client, "/events/?format=online") == ["a-2022"]


def test_events_sort_by_title_and_by_date(client, events):
    assert slugs(client, "/events/?ordering=title") == ["a-2022", "b-2023", "c-2024"]
    assert slugs(client, "/events/?ordering=-date") == ["c-2024", "b-2023", "a-2022"]


def test_events_filters_combine_and_are_shown_removable(client, events):
    response = client.get("/events/?year=2023&topic=torture")
    content = response.content.decode()

    assert [e.slug for e in response.context["page_obj"].object_list] == ["b-2023"]
    assert "Year: <strong>2023</strong>" in content
    assert "Topic: <strong>Torture</strong>" in content
    assert 'href="?topic=torture"' in content  # removes the year, keeps the topic
    assert 'href="?year=2023"' in content


@pytest.fixture
def people():
    paperlab = baker.make("kb.Organization", slug="paperlab", published=True)
    kibhr = baker.make("kb.Organization", slug="kibhr", published=True)
    torture = baker.make("kb.Topic", slug="torture", kind="right", published=True)
    gender = baker.make("kb.Topic", slug="gender", kind="theme", published=True)
    serik = baker.make("kb.Person", slug="serik", name="Serik Beissembayev", published=True)
    kamila = baker.make("kb.Person", slug="kamila", name="Kamila Kovyazina", published=True)
    karlygash = baker.make("kb.Person", slug="karlygash", name="Karlygash Kabatova", published=True)
    baker.make("kb.Affiliation", person=serik, organization=paperlab)
    baker.make("kb.Affiliation", person=kamila, organization=kibhr)
    kamila.topics.add(gender)
    talk = baker.make("kb.Event", slug="talk", date=datetime.date(2023, 1, 1), published=True)
    talk.topics.add(torture)
    baker.make("kb.EventPerson", event=talk, person=serik, role=EventPersonRole.SPEAKER)
    baker.make("kb.EventPerson", event=talk, person=karlygash, role=EventPersonRole.MODERATOR)


def test_people_filter_by_organization(client, people):
    assert slugs(client, "/people/?organization=paperlab") == ["serik"]


def test_people_filter_by_topic_of_interest_or_of_their_events(client, people):
    assert slugs(client, "/people/?topic=gender") == ["kamila"]
    assert slugs(client, "/people/?topic=torture") == ["serik", "karlygash"]  # by family name


def test_people_filter_by_role(client, people):
    assert slugs(client, "/people/?role=moderator") == ["karlygash"]
    assert slugs(client, "/people/?role=speaker") == ["serik"]


def test_people_sort_by_family_name(client, people):
    assert slugs(client, "/people/?ordering=name") == ["serik", "karlygash", "kamila"]
    assert slugs(client, "/people/?ordering=-name") == ["kamila", "karlygash", "serik"]


@pytest.fixture
def organizations():
    gwu = baker.make(
        "kb.Organization",
        slug="gwu",
        name="George Washington University",
        kind=OrganizationKind.UNIVERSITY,
        country="United States",
        published=True,
    )
    baker.make(
        "kb.Organization",
        slug="ieres",
        name="IERES",
        kind=OrganizationKind.INSTITUTE,
        parent=gwu,
        country="United States",
        published=True,
    )
    baker.make(
        "kb.Organization",
        slug="paperlab",
        name="PaperLab",
        kind=OrganizationKind.THINK_TANK,
        country="Kazakhstan",
        published=True,
    )


def test_organizations_filter_by_kind(client, organizations):
    assert slugs(client, "/organizations/?kind=think_tank") == ["paperlab"]


def test_organizations_filter_by_country_ignoring_case(client, organizations):
    assert slugs(client, "/organizations/?country=united+states") == ["gwu", "ieres"]


def test_organizations_filter_by_parent(client, organizations):
    assert slugs(client, "/organizations/?parent=gwu") == ["ieres"]


@pytest.fixture
def surveys():
    demoscope = baker.make("kb.Organization", slug="demoscope", published=True)
    trust = baker.make("kb.Topic", slug="public-trust", kind=TopicKind.THEME, published=True)
    january = baker.make(
        "kb.Survey",
        slug="january",
        title="January events",
        field_start=datetime.date(2022, 12, 29),
        field_end=datetime.date(2023, 1, 14),
        mode=SurveyMode.TELEPHONE,
        published=True,
    )
    elections = baker.make(
        "kb.Survey",
        slug="elections",
        title="Elections",
        field_start=datetime.date(2021, 3, 1),
        field_end=datetime.date(2021, 3, 20),
        mode=SurveyMode.FACE_TO_FACE,
        published=True,
    )
    baker.make("kb.SurveyOrganization", survey=january, organization=demoscope, role="conductor")
    question = baker.make("kb.Question", survey=elections, number=1)
    question.topics.add(trust)


def test_surveys_filter_by_organization(client, surveys):
    assert slugs(client, "/surveys/?organization=demoscope") == ["january"]


def test_surveys_filter_by_year_counts_every_year_of_fieldwork(client, surveys):
    assert slugs(client, "/surveys/?year=2022") == ["january"]
    assert slugs(client, "/surveys/?year=2023") == ["january"]
    assert slugs(client, "/surveys/?year=2021") == ["elections"]


def test_surveys_filter_by_topic_of_a_question(client, surveys):
    assert slugs(client, "/surveys/?topic=public-trust") == ["elections"]


def test_surveys_filter_by_mode(client, surveys):
    assert slugs(client, "/surveys/?mode=face_to_face") == ["elections"]


# `?ordering=,` (or `,,`) chooses no field: each list keeps its default order, not none at all.
EMPTY_ORDERINGS = [",", ",,"]


def ordered_slugs(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.context["paginator"].object_list.ordered, url
    return [obj.slug for obj in response.context["page_obj"].object_list]


@pytest.mark.parametrize("ordering", EMPTY_ORDERINGS)
def test_events_keep_newest_first_with_an_empty_ordering(client, events, ordering):
    expected = ["c-2024", "b-2023", "a-2022"]  # made oldest first
    assert ordered_slugs(client, "/events/") == expected
    assert ordered_slugs(client, f"/events/?ordering={ordering}") == expected
    assert ordered_slugs(client, f"/events/?ordering={ordering}&year=2023") == ["b-2023"]


def test_events_sorted_by_date_break_ties_by_title(client, events):
    event("z-same-day", datetime.date(2023, 12, 7))
    event("a-same-day", datetime.date(2023, 12, 7))
    assert ordered_slugs(client, "/events/?ordering=date,") == [
        "a-2022",
        "a-same-day",
        "b-2023",
        "z-same-day",
        "c-2024",
    ]


@pytest.mark.parametrize("ordering", EMPTY_ORDERINGS)
def test_people_keep_family_name_order_with_an_empty_ordering(client, people, ordering):
    expected = ["serik", "karlygash", "kamila"]  # made serik, kamila, karlygash
    assert ordered_slugs(client, "/people/") == expected
    assert ordered_slugs(client, f"/people/?ordering={ordering}") == expected


@pytest.mark.parametrize("ordering", EMPTY_ORDERINGS)
def test_organizations_keep_name_order_with_an_empty_ordering(client, organizations, ordering):
    baker.make("kb.Organization", slug="aiym", name="Aiym Center", published=True)  # made last
    expected = ["aiym", "gwu", "ieres", "paperlab"]
    assert ordered_slugs(client, "/organizations/") == expected
    assert ordered_slugs(client, f"/organizations/?ordering={ordering}") == expected


@pytest.mark.parametrize("ordering", EMPTY_ORDERINGS)
def test_surveys_keep_newest_fieldwork_first_with_an_empty_ordering(client, surveys, ordering):
    baker.make(
        "kb.Survey", slug="latest", field_end=datetime.date(2024, 5, 1), published=True
    )  # made last
    expected = ["latest", "january", "elections"]
    assert ordered_slugs(client, "/surveys/") == expected
    assert ordered_slugs(client, f"/surveys/?ordering={ordering}") == expected


def test_topics_ignore_an_ordering(client):
    baker.make("kb.Topic", slug="trust", name="Public trust", kind="theme", published=True)
    baker.make("kb.Topic", slug="gender", name="Gender", kind="theme", published=True)
    response = client.get("/topics/?ordering=,")
    assert response.status_code == 200
    assert [node["topic"].slug for node in response.context["themes"]] == ["gender", "trust"]


def test_topics_filter_by_kind(client):
    baker.make(
        "kb.Topic", slug="torture", name="Freedom from torture", kind="right", published=True
    )
    baker.make("kb.Topic", slug="trust", name="Public trust", kind="theme", published=True)

    response = client.get("/topics/?kind=theme")

    assert [node["topic"].slug for node in response.context["themes"]] == ["trust"]
    assert response.context["rights"] == []


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["", "?ordering=name", "?ordering=-name"])
def test_pages_of_namesakes_neither_overlap_nor_skip(client, query):
    """Namesakes (default order or a chosen one) are ordered by pk: each on exactly one page."""
    people = baker.make(
        "kb.Person", name="Aida Abenova", sort_name="Abenova Aida", published=True, _quantity=70
    )
    seen = []
    for page in (1, 2):
        response = client.get(f"/people/{query}{'&' if query else '?'}page={page}")
        seen += [person.slug for person in response.context["object_list"]]

    assert sorted(seen) == sorted(person.slug for person in people)
