"""Made-up rows for every test: one keyword-only builder per kind of record, on top of
model-bakery (which fills whatever a test does not name), and the two worlds several test files
share, built from them.

Records that the public may see are published unless a test says `published=False`. The open
world marks drafts and withheld people and fields DRAFTMARK / WITHHELDMARK, so a test can check
that no output carries them (LEAK_MARKS).
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from model_bakery import baker

from kb.enums import (
    EventFormat,
    EventOrganizationRole,
    EventPersonRole,
    QuestionKind,
    SurveyMode,
    SurveyOrganizationRole,
    TopicKind,
)
from kb.models import (
    Affiliation,
    Event,
    EventOrganization,
    EventPerson,
    EventSource,
    Material,
    Organization,
    Person,
    Question,
    QuestionSeries,
    Recording,
    Result,
    SampleComposition,
    SeriesWave,
    SourceDocument,
    Survey,
    SurveyOrganization,
    SurveyRelatedItem,
    Topic,
    Transcript,
    TranscriptSegment,
)

LEAK_MARKS = ("DRAFTMARK", "draftmark", "WITHHELDMARK", "withheldmark")


# --- One record ------------------------------------------------------------------------------


def _published(model, fields):
    fields.setdefault("published", True)
    return baker.make(model, **fields)


def organization(**fields) -> Organization:
    return _published(Organization, fields)


def person(**fields) -> Person:
    return _published(Person, fields)


def topic(**fields) -> Topic:
    return _published(Topic, fields)


def event(**fields) -> Event:
    return _published(Event, fields)


def survey(**fields) -> Survey:
    return _published(Survey, fields)


def document(**fields) -> SourceDocument:
    return _published(SourceDocument, fields)


# --- Links between records -------------------------------------------------------------------


def affiliation(*, person: Person, organization: Organization, **fields) -> Affiliation:
    return baker.make(Affiliation, person=person, organization=organization, **fields)


def event_person(*, event: Event, person: Person, **fields) -> EventPerson:
    return baker.make(EventPerson, event=event, person=person, **fields)


def event_organization(*, event: Event, organization: Organization, **fields) -> EventOrganization:
    return baker.make(EventOrganization, event=event, organization=organization, **fields)


def event_source(*, event: Event, document: SourceDocument) -> EventSource:
    return baker.make(EventSource, event=event, document=document)


def survey_organization(
    *, survey: Survey, organization: Organization, **fields
) -> SurveyOrganization:
    return baker.make(SurveyOrganization, survey=survey, organization=organization, **fields)


def question(*, survey: Survey, number: int, **fields) -> Question:
    return baker.make(Question, survey=survey, number=number, **fields)


def result(*, question: Question, **fields) -> Result:
    return baker.make(Result, question=question, **fields)


# --- The open world: public records beside drafts and withheld people --------------------------


def open_world(*, upcoming_date: datetime.date):
    """A namespace of named records (w.event, w.hidden, w.q1, ...) for the open-format tests."""
    w = SimpleNamespace()
    w.gwu = organization(slug="gwu", name="George Washington University")
    w.ieres = organization(slug="ieres", name="IERES", parent=w.gwu)
    w.cap = organization(
        slug="central-asia-program", name="Central Asia Program", parent=w.ieres, kind="program"
    )
    w.paperlab = organization(
        slug="paperlab",
        name="PaperLab Research Center",
        city="Astana",
        country="Kazakhstan",
        kind="think_tank",
    )
    w.demoscope = organization(slug="demoscope", name="DEMOSCOPE", kind="pollster")
    w.kaf = organization(
        slug="konrad-adenauer-foundation", name="Konrad Adenauer Foundation", kind="foundation"
    )
    w.draft_org = organization(slug="draftmark-org", name="DRAFTMARK Org", published=False)
    w.secret_employer = organization(slug="secret-employer", name="Quiet Employer")
    w.trust = topic(slug="public-trust", name="Public trust", kind=TopicKind.THEME)
    w.torture = topic(
        slug="freedom-from-torture", name="Freedom from torture", kind=TopicKind.HUMAN_RIGHT
    )
    w.draft_topic = topic(
        slug="draftmark-topic", name="DRAFTMARK topic", kind="theme", published=False
    )

    def named(slug, name, **fields):
        return person(slug=slug, name=name, bio=f"{name} studies things.", **fields)

    w.aldiyar = named("aldiyar-auyezbek", "Aldiyar Auyezbek")
    w.aldiyar_fellow = affiliation(
        person=w.aldiyar, organization=w.paperlab, title="Research Fellow"
    )
    w.aldiyar.topics.add(w.trust, w.draft_topic)
    w.kamila = named("kamila-kovyazina", "Kamila Kovyazina", bio_public=False)
    w.kamila.bio = "WITHHELDMARK bio"
    w.kamila.save()
    w.serik = named("serik-beissembayev", "Serik Beissembayev", affiliations_public=False)
    w.serik_job = affiliation(
        person=w.serik, organization=w.secret_employer, title="WITHHELDMARK title"
    )
    w.yevgeniy = named("yevgeniy-zhovtis", "Yevgeniy Zhovtis")
    w.karlygash = named("karlygash-kabatova", "Karlygash Kabatova")
    w.hidden = named("withheldmark-person", "WITHHELDMARK Person", is_public=False)
    w.draft_person = named("draftmark-person", "DRAFTMARK Person", published=False)

    w.event = event(
        slug="kazakhstans-bloody-january-2023-12-07",
        title=(
            "Kazakhstan's Bloody January: Protest Motivations, Public Perceptions and Human Rights"
        ),
        summary="An online discussion of the January 2022 protests.",
        date=datetime.date(2023, 12, 7),
        start_time=datetime.time(9, 0),
        end_time=datetime.time(10, 30),
        time_zone="America/New_York",
        format=EventFormat.ONLINE,
        online_url="https://example.org/webinar",
    )
    w.event.topics.add(w.trust, w.torture, w.draft_topic)
    for position, org, role in [
        (0, w.cap, EventOrganizationRole.ORGANIZER),
        (1, w.paperlab, EventOrganizationRole.CO_SPONSOR),
        (2, w.draft_org, EventOrganizationRole.PARTNER),
    ]:
        event_organization(event=w.event, organization=org, role=role, position=position)
    w.event_people = [
        (w.aldiyar, EventPersonRole.SPEAKER, w.aldiyar_fellow),
        (w.hidden, EventPersonRole.SPEAKER, None),
        (w.kamila, EventPersonRole.SPEAKER, None),
        (w.serik, EventPersonRole.SPEAKER, w.serik_job),
        (w.draft_person, EventPersonRole.SPEAKER, None),
        (w.yevgeniy, EventPersonRole.SPEAKER, None),
        (w.karlygash, EventPersonRole.MODERATOR, None),
    ]
    for position, (who, role, job) in enumerate(w.event_people):
        event_person(event=w.event, person=who, role=role, position=position, affiliation=job)

    # An upcoming event with a date only (all-day in calendars), and a draft one.
    w.upcoming = event(
        slug="next-discussion",
        title="Next discussion",
        date=upcoming_date,
        start_time=None,
        end_time=None,
        time_zone="Asia/Almaty",
        format=EventFormat.IN_PERSON,
        location="Astana, PaperLab office",
    )
    event_person(event=w.upcoming, person=w.hidden, role="speaker", position=0)
    event_person(event=w.upcoming, person=w.yevgeniy, role="speaker", position=1)
    w.draft_event = event(
        slug="draftmark-event", title="DRAFTMARK event", date=upcoming_date, published=False
    )

    w.survey = survey(
        slug="january-events-survey-2023",
        title="What People in Kazakhstan Think of the January Events",
        headline="The overwhelming majority condemn the shooting and torture of protesters",
        field_start=datetime.date(2022, 12, 29),
        field_end=datetime.date(2023, 1, 14),
        mode=SurveyMode.TELEPHONE,
        sample_size=1047,
        country="Kazakhstan",
        population="Adults 18 and over",
        contact=w.hidden,
    )
    w.survey.topics.add(w.trust, w.draft_topic)
    for position, org, role in [
        (0, w.demoscope, SurveyOrganizationRole.CONDUCTOR),
        (1, w.paperlab, SurveyOrganizationRole.CONDUCTOR),
        (2, w.kaf, SurveyOrganizationRole.FUNDER),
        (3, w.draft_org, SurveyOrganizationRole.IMPLEMENTER),
    ]:
        survey_organization(survey=w.survey, organization=org, role=role, position=position)
    w.q1 = question(
        survey=w.survey,
        number=1,
        text="Do you support Tokayev's order to shoot protesters?",
        short_label="Order to shoot",
        base="All respondents",
        kind=QuestionKind.SINGLE,
    )
    w.q1.topics.add(w.torture)
    for position, (label, percent) in enumerate(
        [
            ("Disapprove", "71.1"),
            ("Support", "11.3"),
            ("Difficult to answer", "11.1"),
            ("Did not know", "6.5"),
        ]
    ):
        result(question=w.q1, position=position, label=label, percent=percent)
    w.q3 = question(
        survey=w.survey,
        number=3,
        text="Do you trust official information about the January events?",
        short_label="Trust in official information",
        kind=QuestionKind.SINGLE,
    )
    w.q3.topics.add(w.trust)
    net = result(
        question=w.q3, position=0, label="Do not trust (total)", percent="53.0", is_net=True
    )
    result(question=w.q3, position=1, label="Not at all", percent="30.8", net=net)
    result(question=w.q3, position=2, label="Rather not", percent="22.2", net=net)
    w.q10 = question(
        survey=w.survey,
        number=10,
        text="What feelings do you have when you recall the January events?",
        short_label="Feelings",
        kind=QuestionKind.MULTIPLE,
    )
    result(question=w.q10, position=0, label="Fear, anxiety", percent="33.3")
    result(question=w.q10, position=1, label="Irritation", percent="2.0", qualifier="lt")
    w.draft_survey = survey(slug="draftmark-survey", title="DRAFTMARK survey", published=False)
    w.draft_question = question(survey=w.draft_survey, number=1, text="DRAFTMARK question")
    w.event.surveys.add(w.survey, w.draft_survey)
    return w


def more_rows():
    """Three more published events, people and surveys, each with relations."""
    for n in range(3):
        someone = person(slug=f"extra-person-{n}", name=f"Extra {n}")
        org = organization(slug=f"extra-org-{n}", name=f"Org {n}")
        affiliation(person=someone, organization=org, title="Fellow")
        extra = event(slug=f"extra-{n}", date=f"2099-01-0{n + 1}")
        event_person(event=extra, person=someone, role="speaker")
        event_organization(event=extra, organization=org, role="organizer")
        topic(slug=f"extra-topic-{n}", name=f"Topic {n}")
        asked = question(survey=survey(slug=f"extra-survey-{n}"), number=1, text="Q?")
        result(question=asked, position=0, label="Yes", percent="50.0")


# --- The admin world: `n` of each kind, linked so every inline has `n` rows --------------------


def media(*, event: Event, people: list[Person]) -> Recording:
    """As many recordings, materials and transcript speakers (matched and not) as people."""
    n = len(people)
    urls = [f"https://vimeo.com/{i + 1}" for i in range(n)]
    recordings = [baker.make(Recording, event=event, url=u, presenters=people) for u in urls]
    for i in range(n):
        baker.make(Material, event=event, title=f"Slides {i}", url="https://example.org/s.pdf")
    transcript = baker.make(Transcript, recording=recordings[0])
    for i, said_by in enumerate(people):
        baker.make(TranscriptSegment, transcript=transcript, position=i, start=i, speaker=said_by)
        baker.make(TranscriptSegment, transcript=transcript, position=n + i, start=n + i,
                   speaker_name=f"Guest {i}")  # fmt: skip
    return recordings[0]


def admin_world(n: int) -> dict[type, object]:
    """Returns, per model, the record whose change page shows the most (the "hub").

    Records here take model-bakery's defaults (drafts): the admin shows drafts and published
    records alike."""
    orgs = baker.make(Organization, _quantity=n)
    for org in orgs[1:]:
        org.parent = orgs[0]
        org.save()
    topics = [baker.make(Topic, name=f"Topic {i}", parent=None) for i in range(n)]
    for child in topics[1:]:
        child.parent = topics[0]
        child.save()
    orgs[0].topics.set(topics)
    docs = baker.make(SourceDocument, _quantity=n, publisher=orgs[0], text="One passage.")
    people = baker.make(Person, _quantity=n, topics=topics)
    jobs = [
        affiliation(person=people[0], organization=org, title=f"Fellow {i}", position=i)
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
    hub = surveys[0]
    for i, org in enumerate(orgs):
        survey_organization(
            survey=hub, organization=org, role=SurveyOrganizationRole.CONDUCTOR, position=i
        )
        baker.make(SampleComposition, survey=hub, category=f"Group {i}", percent=Decimal(1))
        baker.make(SurveyRelatedItem, survey=hub, title=f"Infographic {i}")
    questions = [
        question(survey=hub, number=i + 1, kind=QuestionKind.SINGLE, topics=topics, source=docs[0])
        for i in range(n)
    ]
    results = []
    for asked in questions:
        net = result(question=asked, position=0, label="Trust", percent=n, is_net=True)
        results.append(net)
        results += [
            result(question=asked, position=i + 1, label=f"Part {i}", percent=1, net=net)
            for i in range(n)
        ]
    series = baker.make(QuestionSeries, topics=topics)
    for i, other in enumerate(surveys):
        asked = questions[0] if i == 0 else question(survey=other, number=1)
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
    links = {}
    for i in range(n):
        links[EventPerson] = event_person(
            event=events[0],
            person=people[i],
            role=EventPersonRole.SPEAKER,
            position=i,
            affiliation=jobs[i],
        )
        links[EventOrganization] = event_organization(
            event=events[0], organization=orgs[i], position=i
        )
        links[EventSource] = event_source(event=events[0], document=docs[i])
    recording = media(event=events[0], people=people)
    return {
        Recording: recording,
        Transcript: recording.transcript,
        Organization: orgs[0],
        Topic: topics[0],
        SourceDocument: docs[0],
        Person: people[0],
        Affiliation: jobs[0],
        Survey: hub,
        SurveyOrganization: SurveyOrganization.objects.first(),
        SampleComposition: SampleComposition.objects.first(),
        SurveyRelatedItem: SurveyRelatedItem.objects.first(),
        Question: questions[0],
        QuestionSeries: series,
        SeriesWave: wave,
        Result: results[1],
        Event: events[0],
        **links,
    }
