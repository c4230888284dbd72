"""Every list and detail page runs a fixed number of SQL queries, however many rows it shows.

Each page is rendered with few related rows and with many; the same bound holds for both.
"""

import datetime
import itertools

import pytest
from model_bakery import baker

from kb.enums import EventOrganizationRole, EventPersonRole, SurveyOrganizationRole

pytestmark = pytest.mark.django_db

counter = itertools.count()


def published(model, **kwargs):
    return baker.make(model, published=True, **kwargs)


def person():
    someone = published("kb.Person", slug=f"person-{next(counter)}")
    baker.make("kb.Affiliation", person=someone, organization=published("kb.Organization"))
    return someone


def grow_event(event, n):
    for i in range(n):
        someone = person()
        baker.make(
            "kb.EventPerson",
            event=event,
            person=someone,
            role=EventPersonRole.SPEAKER if i else EventPersonRole.MODERATOR,
            affiliation=someone.affiliations.first(),
            position=i,
        )
        baker.make(
            "kb.EventOrganization",
            event=event,
            organization=published("kb.Organization", parent=published("kb.Organization")),
            role=EventOrganizationRole.ORGANIZER,
        )
        event.topics.add(published("kb.Topic"))
        event.surveys.add(published("kb.Survey"))
        baker.make("kb.EventSource", event=event, document=published("kb.SourceDocument"))


def grow_person(someone, n):
    for i in range(n):
        event = published("kb.Event", date=datetime.date(2020, 1, 1) + datetime.timedelta(i))
        role = EventPersonRole.SPEAKER if i % 2 else EventPersonRole.MODERATOR
        baker.make("kb.EventPerson", event=event, person=someone, role=role)
        baker.make("kb.Affiliation", person=someone, organization=published("kb.Organization"))
        someone.topics.add(published("kb.Topic"))


def grow_organization(org, n):
    for _ in range(n):
        event = published("kb.Event", date=datetime.date(2021, 1, 1))
        baker.make("kb.EventOrganization", event=event, organization=org)
        survey = published("kb.Survey")
        baker.make(
            "kb.SurveyOrganization",
            survey=survey,
            organization=org,
            role=SurveyOrganizationRole.CONDUCTOR,
        )
        baker.make("kb.Affiliation", person=person(), organization=org)
        published("kb.Organization", parent=org)
        org.topics.add(published("kb.Topic"))


def question_with_results(survey, number, n_results=4):
    question = baker.make("kb.Question", survey=survey, number=number, source=None)
    net = baker.make("kb.Result", question=question, position=0, is_net=True, percent=60)
    for position in range(1, n_results + 1):
        baker.make(
            "kb.Result",
            question=question,
            position=position,
            percent=10,
            net=net if position < 3 else None,
        )
    return question


def grow_survey(survey, n):
    start = survey.questions.count()
    for i in range(n):
        question = question_with_results(survey, start + i + 1)
        question.topics.add(published("kb.Topic"))
        baker.make(
            "kb.SurveyOrganization",
            survey=survey,
            organization=published("kb.Organization"),
            role=SurveyOrganizationRole.PARTNER,
        )
        baker.make("kb.SampleComposition", survey=survey, dimension="gender", percent=50)
        survey.topics.add(published("kb.Topic"))
        survey.sources.add(published("kb.SourceDocument"))
        published("kb.Event", date=datetime.date(2022, 2, 2)).surveys.add(survey)


def grow_topic(topic, n):
    for _ in range(n):
        survey = published("kb.Survey")
        question_with_results(survey, 1).topics.add(topic)
        survey.topics.add(topic)
        event = published("kb.Event", date=datetime.date(2022, 1, 1))
        event.topics.add(topic)
        baker.make("kb.EventPerson", event=event, person=person())
        person().topics.add(topic)
        published("kb.Organization").topics.add(topic)
        published("kb.Topic", parent=topic, kind=topic.kind, name=f"child {next(counter)}")


def grow_document(document, n):
    for _ in range(n):
        published("kb.Survey").sources.add(document)
        baker.make(
            "kb.EventSource",
            document=document,
            event=published("kb.Event", date=datetime.date(2022, 1, 1)),
        )


DETAILS = {
    "event": ("kb.Event", {"date": datetime.date(2023, 12, 7)}, grow_event, 8),
    "person": ("kb.Person", {}, grow_person, 4),
    "organization": ("kb.Organization", {}, grow_organization, 9),
    "topic": ("kb.Topic", {"kind": "right"}, grow_topic, 8),
    "survey": ("kb.Survey", {}, grow_survey, 10),
    "document": ("kb.SourceDocument", {}, grow_document, 3),
}


@pytest.mark.parametrize("page", DETAILS)
def test_detail_page_query_count_does_not_grow(client, django_assert_max_num_queries, page):
    model, fields, grow, bound = DETAILS[page]
    obj = published(model, **fields)
    grow(obj, 1)
    with django_assert_max_num_queries(bound):
        assert client.get(obj.get_absolute_url()).status_code == 200

    grow(obj, 8)
    with django_assert_max_num_queries(bound):
        assert client.get(obj.get_absolute_url()).status_code == 200


def grow_lists(n):
    for _ in range(n):
        event = published("kb.Event", date=datetime.date(2022, 1, 1))
        grow_event(event, 1)
        survey = published("kb.Survey")
        baker.make(
            "kb.SurveyOrganization", survey=survey, organization=published("kb.Organization")
        )
        survey.topics.add(published("kb.Topic"))
        published("kb.Organization", parent=published("kb.Organization"))
        published("kb.Topic", kind="theme", parent=published("kb.Topic", kind="theme"))


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
