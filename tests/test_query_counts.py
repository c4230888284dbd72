"""Every list and detail page runs a fixed number of SQL queries, however many rows it shows.

Each page is rendered with few related rows and with many; the same bound holds for both.
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


def grow_person(someone, n):
    for i in range(n):
        event = factories.event(date=datetime.date(2020, 1, 1) + datetime.timedelta(i))
        role = EventPersonRole.SPEAKER if i % 2 else EventPersonRole.MODERATOR
        factories.event_person(event=event, person=someone, role=role)
        factories.affiliation(person=someone, organization=factories.organization())
        someone.topics.add(factories.topic())


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


def question_with_results(survey, number, n_results=4):
    question = factories.question(survey=survey, number=number, source=None)
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
        question_with_results(survey, 1).topics.add(topic)
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


DETAILS = {
    "event": (factories.event, {"date": datetime.date(2023, 12, 7)}, grow_event, 8),
    "person": (factories.person, {}, grow_person, 4),
    "organization": (factories.organization, {}, grow_organization, 9),
    "topic": (factories.topic, {"kind": "right"}, grow_topic, 8),
    "survey": (factories.survey, {}, grow_survey, 10),
    "document": (factories.document, {}, grow_document, 3),
}


@pytest.mark.parametrize("page", DETAILS)
def test_detail_page_query_count_does_not_grow(client, django_assert_max_num_queries, page):
    build, fields, grow, bound = DETAILS[page]
    obj = build(**fields)
    grow(obj, 1)
    with django_assert_max_num_queries(bound):
        assert client.get(obj.get_absolute_url()).status_code == 200

    grow(obj, 8)
    with django_assert_max_num_queries(bound):
        assert client.get(obj.get_absolute_url()).status_code == 200


def grow_lists(n):
    for _ in range(n):
        event = factories.event(date=datetime.date(2022, 1, 1))
        grow_event(event, 1)
        survey = factories.survey()
        factories.survey_organization(survey=survey, organization=factories.organization())
        survey.topics.add(factories.topic())
        factories.organization(parent=factories.organization())
        factories.topic(kind="theme", parent=factories.topic(kind="theme"))


LISTS = {
    "/": 10,
    "/events/": 11,
    "/events/?topic=x&format=online&year=2022&date_after=2020-01-01": 12,
    "/people/": 7,
    "/people/?role=speaker": 7,
    "/organizations/": 4,
    "/organizations/?kind=university": 4,
    "/topics/": 1,
    "/surveys/": 8,
    "/surveys/?mode=telephone&year=2022": 8,
}


@pytest.mark.parametrize("url", LISTS)
def test_list_page_query_count_does_not_grow(client, django_assert_max_num_queries, url):
    grow_lists(1)
    with django_assert_max_num_queries(LISTS[url]):
        assert client.get(url).status_code in (200, 400)

    grow_lists(12)
    with django_assert_max_num_queries(LISTS[url]):
        assert client.get(url).status_code in (200, 400)
