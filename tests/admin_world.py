"""Made-up rows for the admin tests: `n` of each kind, linked so every inline has `n` rows."""

import datetime
from decimal import Decimal

from model_bakery import baker

from kb.enums import EventPersonRole, QuestionKind, SurveyOrganizationRole
from kb.models import (
    Affiliation,
    Event,
    EventOrganization,
    EventPerson,
    EventSource,
    Organization,
    Person,
    Question,
    QuestionSeries,
    Result,
    SampleComposition,
    SeriesWave,
    SourceDocument,
    Survey,
    SurveyOrganization,
    SurveyRelatedItem,
    Topic,
)


def make_world(n: int) -> dict[type, object]:
    """Returns, per model, the record whose change page shows the most (the "hub")."""
    orgs = baker.make(Organization, _quantity=n)
    for org in orgs[1:]:
        org.parent = orgs[0]
        org.save()
    topics = [baker.make(Topic, name=f"Topic {i}", parent=None) for i in range(n)]
    for topic in topics[1:]:
        topic.parent = topics[0]
        topic.save()
    orgs[0].topics.set(topics)
    docs = baker.make(SourceDocument, _quantity=n, publisher=orgs[0], text="One passage.")
    people = baker.make(Person, _quantity=n, topics=topics)
    affiliations = [
        baker.make(Affiliation, person=people[0], organization=org, title=f"Fellow {i}", position=i)
        for i, org in enumerate(orgs)
    ]
    surveys = baker.make(
        Survey,
        _quantity=n,
        contact=people[0],
        field_start=datetime.date(2022, 12, 29),
        field_end=datetime.date(2023, 1, 14),
        margin_of_error=Decimal("3.0"),
        confidence_level=Decimal("95.0"),
        response_rate=None,
        topics=topics,
        sources=docs,
    )
    survey = surveys[0]
    for i, org in enumerate(orgs):
        baker.make(
            SurveyOrganization,
            survey=survey,
            organization=org,
            role=SurveyOrganizationRole.CONDUCTOR,
            position=i,
        )
        baker.make(SampleComposition, survey=survey, category=f"Group {i}", percent=Decimal(1))
        baker.make(SurveyRelatedItem, survey=survey, title=f"Infographic {i}")
    questions = [
        baker.make(
            Question,
            survey=survey,
            number=i + 1,
            kind=QuestionKind.SINGLE,
            topics=topics,
            source=docs[0],
        )
        for i in range(n)
    ]
    results = []
    for question in questions:
        net = baker.make(
            Result, question=question, position=0, label="Trust", percent=n, is_net=True
        )
        results.append(net)
        results += [
            baker.make(
                Result, question=question, position=i + 1, label=f"Part {i}", percent=1, net=net
            )
            for i in range(n)
        ]
    series = baker.make(QuestionSeries, topics=topics)
    for i, other in enumerate(surveys):
        asked = questions[0] if i == 0 else baker.make(Question, survey=other, number=1)
        wave = baker.make(SeriesWave, series=series, question=asked)
    events = baker.make(
        Event,
        _quantity=n,
        date=datetime.date(2023, 12, 7),
        start_time=None,
        end_time=None,
        time_zone="Asia/Almaty",
        topics=topics,
        surveys=surveys,
    )
    event = events[0]
    links = {}
    for i in range(n):
        links[EventPerson] = baker.make(
            EventPerson,
            event=event,
            person=people[i],
            role=EventPersonRole.SPEAKER,
            position=i,
            affiliation=affiliations[i],
        )
        links[EventOrganization] = baker.make(
            EventOrganization, event=event, organization=orgs[i], position=i
        )
        links[EventSource] = baker.make(EventSource, event=event, document=docs[i])
    return {
        Organization: orgs[0],
        Topic: topics[0],
        SourceDocument: docs[0],
        Person: people[0],
        Affiliation: affiliations[0],
        Survey: survey,
        SurveyOrganization: SurveyOrganization.objects.first(),
        SampleComposition: SampleComposition.objects.first(),
        SurveyRelatedItem: SurveyRelatedItem.objects.first(),
        Question: questions[0],
        QuestionSeries: series,
        SeriesWave: wave,
        Result: results[1],
        Event: event,
        **links,
    }
