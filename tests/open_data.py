"""Made-up rows for the open-format tests: public records, and drafts and withheld people and
fields marked DRAFTMARK / WITHHELDMARK, so a test can check that no output carries them."""

import datetime
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

LEAK_MARKS = ("DRAFTMARK", "draftmark", "WITHHELDMARK", "withheldmark")


def make_world(*, upcoming_date: datetime.date) -> SimpleNamespace:
    w = SimpleNamespace()
    w.gwu = baker.make(
        "kb.Organization", slug="gwu", name="George Washington University", published=True
    )
    w.ieres = baker.make(
        "kb.Organization", slug="ieres", name="IERES", parent=w.gwu, published=True
    )
    w.cap = baker.make(
        "kb.Organization",
        slug="central-asia-program",
        name="Central Asia Program",
        parent=w.ieres,
        kind="program",
        published=True,
    )
    w.paperlab = baker.make(
        "kb.Organization",
        slug="paperlab",
        name="PaperLab Research Center",
        city="Astana",
        country="Kazakhstan",
        kind="think_tank",
        published=True,
    )
    w.demoscope = baker.make(
        "kb.Organization", slug="demoscope", name="DEMOSCOPE", kind="pollster", published=True
    )
    w.kaf = baker.make(
        "kb.Organization",
        slug="konrad-adenauer-foundation",
        name="Konrad Adenauer Foundation",
        kind="foundation",
        published=True,
    )
    w.draft_org = baker.make(
        "kb.Organization", slug="draftmark-org", name="DRAFTMARK Org", published=False
    )
    w.secret_employer = baker.make(
        "kb.Organization", slug="secret-employer", name="Quiet Employer", published=True
    )
    w.trust = baker.make(
        "kb.Topic", slug="public-trust", name="Public trust", kind=TopicKind.THEME, published=True
    )
    w.torture = baker.make(
        "kb.Topic",
        slug="freedom-from-torture",
        name="Freedom from torture",
        kind=TopicKind.HUMAN_RIGHT,
        published=True,
    )
    w.draft_topic = baker.make(
        "kb.Topic", slug="draftmark-topic", name="DRAFTMARK topic", kind="theme", published=False
    )

    def person(slug, name, **kwargs):
        kwargs.setdefault("published", True)
        return baker.make(
            "kb.Person", slug=slug, name=name, bio=f"{name} studies things.", **kwargs
        )

    w.aldiyar = person("aldiyar-auyezbek", "Aldiyar Auyezbek")
    w.aldiyar_fellow = baker.make(
        "kb.Affiliation", person=w.aldiyar, organization=w.paperlab, title="Research Fellow"
    )
    w.aldiyar.topics.add(w.trust, w.draft_topic)
    w.kamila = person("kamila-kovyazina", "Kamila Kovyazina", bio_public=False)
    w.kamila.bio = "WITHHELDMARK bio"
    w.kamila.save()
    w.serik = person("serik-beissembayev", "Serik Beissembayev", affiliations_public=False)
    w.serik_job = baker.make(
        "kb.Affiliation", person=w.serik, organization=w.secret_employer, title="WITHHELDMARK title"
    )
    w.yevgeniy = person("yevgeniy-zhovtis", "Yevgeniy Zhovtis")
    w.karlygash = person("karlygash-kabatova", "Karlygash Kabatova")
    w.hidden = person("withheldmark-person", "WITHHELDMARK Person", is_public=False)
    w.draft_person = person("draftmark-person", "DRAFTMARK Person", published=False)

    w.event = baker.make(
        "kb.Event",
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
        published=True,
    )
    w.event.topics.add(w.trust, w.torture, w.draft_topic)
    for position, org, role in [
        (0, w.cap, EventOrganizationRole.ORGANIZER),
        (1, w.paperlab, EventOrganizationRole.CO_SPONSOR),
        (2, w.draft_org, EventOrganizationRole.PARTNER),
    ]:
        baker.make(
            "kb.EventOrganization", event=w.event, organization=org, role=role, position=position
        )
    w.event_people = [
        (w.aldiyar, EventPersonRole.SPEAKER, w.aldiyar_fellow),
        (w.hidden, EventPersonRole.SPEAKER, None),
        (w.kamila, EventPersonRole.SPEAKER, None),
        (w.serik, EventPersonRole.SPEAKER, w.serik_job),
        (w.draft_person, EventPersonRole.SPEAKER, None),
        (w.yevgeniy, EventPersonRole.SPEAKER, None),
        (w.karlygash, EventPersonRole.MODERATOR, None),
    ]
    for position, (who, role, affiliation) in enumerate(w.event_people):
        baker.make(
            "kb.EventPerson",
            event=w.event,
            person=who,
            role=role,
            position=position,
            affiliation=affiliation,
        )

    # An upcoming event with a date only (all-day in calendars), and a draft one.
    w.upcoming = baker.make(
        "kb.Event",
        slug="next-discussion",
        title="Next discussion",
        date=upcoming_date,
        start_time=None,
        end_time=None,
        time_zone="Asia/Almaty",
        format=EventFormat.IN_PERSON,
        location="Astana, PaperLab office",
        published=True,
    )
    baker.make("kb.EventPerson", event=w.upcoming, person=w.hidden, role="speaker", position=0)
    baker.make("kb.EventPerson", event=w.upcoming, person=w.yevgeniy, role="speaker", position=1)
    w.draft_event = baker.make(
        "kb.Event",
        slug="draftmark-event",
        title="DRAFTMARK event",
        date=upcoming_date,
        published=False,
    )

    w.survey = baker.make(
        "kb.Survey",
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
        published=True,
    )
    w.survey.topics.add(w.trust, w.draft_topic)
    for position, org, role in [
        (0, w.demoscope, SurveyOrganizationRole.CONDUCTOR),
        (1, w.paperlab, SurveyOrganizationRole.CONDUCTOR),
        (2, w.kaf, SurveyOrganizationRole.FUNDER),
        (3, w.draft_org, SurveyOrganizationRole.IMPLEMENTER),
    ]:
        baker.make(
            "kb.SurveyOrganization", survey=w.survey, organization=org, role=role, position=position
        )
    w.q1 = baker.make(
        "kb.Question",
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
        baker.make("kb.Result", question=w.q1, position=position, label=label, percent=percent)
    w.q3 = baker.make(
        "kb.Question",
        survey=w.survey,
        number=3,
        text="Do you trust official information about the January events?",
        short_label="Trust in official information",
        kind=QuestionKind.SINGLE,
    )
    w.q3.topics.add(w.trust)
    net = baker.make(
        "kb.Result",
        question=w.q3,
        position=0,
        label="Do not trust (total)",
        percent="53.0",
        is_net=True,
    )
    baker.make("kb.Result", question=w.q3, position=1, label="Not at all", percent="30.8", net=net)
    baker.make("kb.Result", question=w.q3, position=2, label="Rather not", percent="22.2", net=net)
    w.q10 = baker.make(
        "kb.Question",
        survey=w.survey,
        number=10,
        text="What feelings do you have when you recall the January events?",
        short_label="Feelings",
        kind=QuestionKind.MULTIPLE,
    )
    baker.make("kb.Result", question=w.q10, position=0, label="Fear, anxiety", percent="33.3")
    baker.make(
        "kb.Result", question=w.q10, position=1, label="Irritation", percent="2.0", qualifier="lt"
    )
    w.draft_survey = baker.make(
        "kb.Survey", slug="draftmark-survey", title="DRAFTMARK survey", published=False
    )
    w.draft_question = baker.make(
        "kb.Question", survey=w.draft_survey, number=1, text="DRAFTMARK question"
    )
    w.event.surveys.add(w.survey, w.draft_survey)
    return w


def make_more_rows():
    """Three more published events, people and surveys, each with relations."""
    for n in range(3):
        person = baker.make(
            "kb.Person", slug=f"extra-person-{n}", name=f"Extra {n}", published=True
        )
        org = baker.make("kb.Organization", slug=f"extra-org-{n}", name=f"Org {n}", published=True)
        baker.make("kb.Affiliation", person=person, organization=org, title="Fellow")
        event = baker.make("kb.Event", slug=f"extra-{n}", date=f"2099-01-0{n + 1}", published=True)
        baker.make("kb.EventPerson", event=event, person=person, role="speaker")
        baker.make("kb.EventOrganization", event=event, organization=org, role="organizer")
        baker.make("kb.Topic", slug=f"extra-topic-{n}", name=f"Topic {n}", published=True)
        survey = baker.make("kb.Survey", slug=f"extra-survey-{n}", published=True)
        question = baker.make("kb.Question", survey=survey, number=1, text="Q?")
        baker.make("kb.Result", question=question, position=0, label="Yes", percent="50.0")
