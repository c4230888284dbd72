"""Every list and detail page runs a fixed number of SQL queries, however many rows it shows.

Each page is rendered with 1 related row of each kind and with 3; the same count holds for both.
"""

import datetime
import itertools

import pytest
from model_bakery import baker

from kb.enums import EventOrganizationRole, EventPersonRole, SurveyOrganizationRole
from tests import factories

pytestmark = pytest.mark.django_db

counter = itertools.count()


def employed_person():
    someone = factories.person(slug=f"person-{next(counter)}")
    factories.affiliation(person=someone, organization=factories.organization())
    return someone


def grow_event(event, n):
    for i in range(n):
        someone = employed_person()
        factories.event_person(
            event=event,
            person=someone,
            role=EventPersonRole.SPEAKER if i else EventPersonRole.MODERATOR,
            affiliation=someone.affiliations.first(),
            position=i,
        )
        factories.event_organization(
            event=event,
            organization=factories.organization(parent=factories.organization()),
            role=EventOrganizationRole.ORGANIZER,
        )
        event.topics.add(factories.topic())
        event.surveys.add(factories.survey())
        factories.event_source(event=event, document=factories.document())
    speakers = [link.person for link in event.person_roles.all()]
    factories.media(event=event, people=speakers)  # as many recordings and materials


def grow_person(someone, n):
    for i in range(n):
        event = factories.event(date=datetime.date(2020, 1, 1) + datetime.timedelta(i))
        role = EventPersonRole.SPEAKER if i % 2 else EventPersonRole.MODERATOR
        factories.event_person(event=event, person=someone, role=role)
        factories.affiliation(person=someone, organization=factories.organization())
        someone.topics.add(factories.topic())
        factories.media(event=event, people=[someone])  # a talk: a recording they speak in


def grow_organization(org, n):
    for _ in range(n):
        event = factories.event(date=datetime.date(2021, 1, 1))
        factories.event_organization(event=event, organization=org)
        factories.survey_organization(
            survey=factories.survey(), organization=org, role=SurveyOrganizationRole.CONDUCTOR
        )
        factories.affiliation(person=employed_person(), organization=org)
        factories.organization(parent=org)
        org.topics.add(factories.topic())


def question_with_results(survey, number, n_results=4, source=None):
    question = factories.question(survey=survey, number=number, source=source)
    net = factories.result(question=question, position=0, is_net=True, percent=60)
    for position in range(1, n_results + 1):
        factories.result(
            question=question, position=position, percent=10, net=net if position < 3 else None
        )
    return question


def grow_survey(survey, n):
    start = survey.questions.count()
    for i in range(n):
        question = question_with_results(survey, start + i + 1)
        question.topics.add(factories.topic())
        factories.survey_organization(
            survey=survey,
            organization=factories.organization(),
            role=SurveyOrganizationRole.PARTNER,
        )
        baker.make("kb.SampleComposition", survey=survey, dimension="gender", percent=50)
        survey.topics.add(factories.topic())
        survey.sources.add(factories.document())
        factories.event(date=datetime.date(2022, 2, 2)).surveys.add(survey)


def grow_topic(topic, n):
    for _ in range(n):
        survey = factories.survey()
        question_with_results(survey, 1, source=factories.document()).topics.add(topic)
        survey.topics.add(topic)
        event = factories.event(date=datetime.date(2022, 1, 1))
        event.topics.add(topic)
        factories.event_person(event=event, person=employed_person())
        employed_person().topics.add(topic)
        factories.organization().topics.add(topic)
        factories.topic(parent=topic, kind=topic.kind, name=f"child {next(counter)}")


def grow_document(document, n):
    for _ in range(n):
        factories.survey().sources.add(document)
        factories.event_source(
            event=factories.event(date=datetime.date(2022, 1, 1)), document=document
        )


# Measured, then pinned: the same count with 1 related row of each kind as with 3.
DETAILS = {
    "event": (factories.event, {"date": datetime.date(2023, 12, 7)}, grow_event, 13),
    "person": (factories.person, {}, grow_person, 5),
    "organization": (factories.organization, {}, grow_organization, 9),
    "topic": (factories.topic, {"kind": "right"}, grow_topic, 9),
    "survey": (factories.survey, {}, grow_survey, 10),
    "document": (factories.document, {}, grow_document, 4),
}


@pytest.mark.parametrize("rows", [1, 3])
@pytest.mark.parametrize("page", DETAILS)
def test_detail_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, page, rows):
    build, fields, grow, queries = DETAILS[page]
    obj = build(**fields)
    grow(obj, rows)
    with django_assert_num_queries(queries):
        response = client.get(obj.get_absolute_url())
    assert response.status_code == 200


def grow_lists(n):
    """`n` rows on every list, each matching the filters in LISTS (so filtered lists are not
    empty), each with its related rows."""
    shared = factories.topic(slug="x", kind="theme")
    for _ in range(n):
        event = factories.event(date=datetime.date(2022, 1, 1), format="online")
        event.topics.add(shared)
        grow_event(event, 2)  # a moderator and a speaker
        survey = factories.survey(
            mode="telephone",
            field_start=datetime.date(2022, 3, 1),
            field_end=datetime.date(2022, 3, 9),
        )
        factories.survey_organization(survey=survey, organization=factories.organization())
        survey.topics.add(factories.topic())
        factories.organization(kind="university", parent=factories.organization())
        factories.topic(kind="theme", parent=factories.topic(kind="theme"))


# url: (status, queries), measured, then pinned; the same with 1 row of each kind as with 3.
LISTS = {
    "/": (200, 10),
    "/events/": (200, 8),
    "/events/?topic=x&format=online&year=2022&date_after=2020-01-01": (200, 10),
    "/people/": (200, 5),
    "/people/?role=speaker": (200, 5),
    "/organizations/": (200, 3),
    "/organizations/?kind=university": (200, 3),
    "/topics/": (200, 1),
    "/surveys/": (200, 6),
    "/surveys/?mode=telephone&year=2022": (200, 6),
}


@pytest.mark.parametrize("rows", [1, 3])
@pytest.mark.parametrize("url", LISTS)
def test_list_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, url, rows):
    status, queries = LISTS[url]
    grow_lists(rows)
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == status


# The API's detail views, grown as the pages are. Measured, then pinned.
API_DETAILS = {
    "events": (factories.event, {"date": datetime.date(2023, 12, 7)}, grow_event, 9),
    "people": (factories.person, {}, grow_person, 4),
    "organizations": (factories.organization, {}, grow_organization, 2),
    "topics": (factories.topic, {"kind": "right"}, grow_topic, 1),
    "surveys": (factories.survey, {}, grow_survey, 10),
}


@pytest.mark.parametrize("rows", [1, 3])
@pytest.mark.parametrize("kind", API_DETAILS)
def test_api_detail_runs_a_fixed_number_of_queries(client, django_assert_num_queries, kind, rows):
    build, fields, grow, queries = API_DETAILS[kind]
    obj = build(**fields)
    grow(obj, rows)
    with django_assert_num_queries(queries):
        response = client.get(f"/api/{kind}/{obj.slug}/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response.json()["slug"] == obj.slug
