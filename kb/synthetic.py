"""A synthetic corpus of realistic shape, for benchmarks and load tests.

`build_corpus()` fills the current database with made-up organizations, people, events and
surveys (bulk_create, a few seconds at full size). Names, links and topics look real; the
numbers do not mean anything. Every slug starts with "syn-" except the topics, which reuse the
real thesaurus (so fixtures and a corpus can share one database).
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.text import slugify

from kb import enums
from kb.models import (
    Affiliation,
    Event,
    EventOrganization,
    EventPerson,
    EventSource,
    Organization,
    Person,
    Question,
    Result,
    SampleComposition,
    SourceDocument,
    Survey,
    SurveyOrganization,
    Topic,
)

BATCH = 2000

RIGHTS = [
    ("right-to-life", "Right to life", None),
    ("freedom-from-torture", "Freedom from torture", None),
    ("right-to-fair-trial", "Right to a fair trial", None),
    ("freedom-of-peaceful-assembly", "Freedom of peaceful assembly", None),
    (
        "freedom-of-expression-and-information",
        "Freedom of expression and access to information",
        None,
    ),
    ("internet-shutdowns", "Internet shutdowns", "freedom-of-expression-and-information"),
    ("labour-and-social-rights", "Labour and social rights", None),
    ("freedom-of-association", "Freedom of association", None),
    ("right-to-privacy", "Right to privacy", None),
    ("freedom-of-religion", "Freedom of religion", None),
    ("right-to-education", "Right to education", None),
    ("right-to-health", "Right to health", None),
]
THEMES = [
    ("public-trust", "Public trust"),
    ("protests", "Protests"),
    ("january-2022-events", "January 2022 events"),
    ("governance", "Governance"),
    ("gender", "Gender"),
    ("education", "Education"),
    ("violent-extremism", "Violent extremism"),
    ("interethnic-relations", "Interethnic relations"),
    ("civil-society", "Civil society"),
    ("elections", "Elections"),
    ("media", "Media"),
    ("migration", "Migration"),
    ("economy", "Economy"),
    ("corruption", "Corruption"),
    ("regional-security", "Regional security"),
    ("environment", "Environment"),
]

FIRST = [
    "Aigerim",
    "Aliya",
    "Almas",
    "Arman",
    "Askar",
    "Aida",
    "Bakhyt",
    "Dana",
    "Daniyar",
    "Dinara",
    "Erlan",
    "Gulnara",
    "Nurlan",
    "Saule",
    "Serik",
    "Timur",
    "Yerlan",
    "Zhanna",
    "Kamila",
    "Aldiyar",
    "Karlygash",
    "Madina",
    "Olga",
    "Sergei",
    "Irina",
    "Dmitry",
    "Anna",
    "Elena",
    "Rustam",
    "Farida",
    "Marat",
    "Svetlana",
    "Azamat",
    "Nargiza",
    "Bekzod",
    "Dilnoza",
    "Sherzod",
    "Malika",
    "Emily",
    "John",
    "Sarah",
    "David",
    "Laura",
    "Michael",
    "Sophie",
    "Thomas",
    "Marlene",
    "Paolo",
    "Ayesha",
    "Hiroshi",
]
LAST = [
    "Abenov",
    "Akhmetova",
    "Baimukhamedov",
    "Beissembayev",
    "Dzhaksybekova",
    "Ermekov",
    "Ibraimova",
    "Kassymov",
    "Kuanyshev",
    "Mukhametkali",
    "Nurpeisova",
    "Omarov",
    "Sadykova",
    "Seitkali",
    "Tokhtarov",
    "Utepova",
    "Zhakupov",
    "Zhovtis",
    "Kovyazina",
    "Auyezbek",
    "Kabatova",
    "Tsoy",
    "Ivanova",
    "Petrov",
    "Sokolova",
    "Kim",
    "Pak",
    "Lee",
    "Rakhimov",
    "Yusupova",
    "Karimov",
    "Tashkentova",
    "Smith",
    "Johnson",
    "Brown",
    "Miller",
    "Laruelle",
    "Rossi",
    "Schmidt",
    "Dubois",
    "Novak",
    "Haddad",
    "Tanaka",
    "Fischer",
    "Moreau",
    "Wilson",
]
CITIES = [
    ("Almaty", "Kazakhstan"),
    ("Astana", "Kazakhstan"),
    ("Shymkent", "Kazakhstan"),
    ("Aktau", "Kazakhstan"),
    ("Bishkek", "Kyrgyzstan"),
    ("Tashkent", "Uzbekistan"),
    ("Dushanbe", "Tajikistan"),
    ("Ashgabat", "Turkmenistan"),
    ("Washington", "United States"),
    ("Berlin", "Germany"),
    ("London", "United Kingdom"),
    ("Paris", "France"),
    ("Vienna", "Austria"),
    ("Warsaw", "Poland"),
]
FIELDS = [
    "Public Policy",
    "Human Rights",
    "Social Research",
    "Central Asian Studies",
    "Democracy",
    "Journalism",
    "Economic Research",
    "Law and Justice",
    "Sociology",
    "Gender Studies",
    "Security Studies",
    "Civic Education",
]
ORG_PATTERNS = [
    ("{city} University", enums.OrganizationKind.UNIVERSITY),
    ("{city} Institute for {field}", enums.OrganizationKind.INSTITUTE),
    ("Center for {field}, {city}", enums.OrganizationKind.THINK_TANK),
    ("{city} Bureau for {field}", enums.OrganizationKind.NGO),
    ("{field} Foundation of {city}", enums.OrganizationKind.FOUNDATION),
    ("{city} Public Opinion Monitor", enums.OrganizationKind.POLLSTER),
    ("{city} Media Network", enums.OrganizationKind.MEDIA),
    ("Program on {field}", enums.OrganizationKind.PROGRAM),
]
TITLES = [
    "Research Fellow",
    "Senior Researcher",
    "Director",
    "Professor",
    "Program Associate",
    "Co-founder",
    "Lecturer",
    "Analyst",
    "Journalist",
    "Lawyer",
]
EVENT_PATTERNS = [
    "{topic} in Central Asia: What Has Changed?",
    "Public Perceptions of {topic}",
    "{topic} after the January Events",
    "Book Talk: {topic} and the State",
    "Roundtable on {topic}",
    "{topic}: Evidence from New Surveys",
]
OPTIONS = [
    ["Approve", "Disapprove", "Difficult to answer", "Did not know about it"],
    ["Fully trust", "Rather trust", "Rather do not trust", "Do not trust at all", "Hard to say"],
    ["Yes", "No", "Difficult to answer"],
    ["Very likely", "Somewhat likely", "Unlikely", "Hard to say"],
]


@dataclass
class CorpusReport:
    organizations: int = 0
    people: int = 0
    events: int = 0
    surveys: int = 0
    questions: int = 0
    results: int = 0

    def __str__(self):
        return (
            f"{self.organizations} organizations, {self.people} people, {self.events} events, "
            f"{self.surveys} surveys, {self.questions} questions, {self.results} results"
        )


def _shares(rng: random.Random, n: int) -> list[Decimal]:
    """n shares of one decimal that add up to exactly 100."""
    cuts = sorted(rng.sample(range(1, 1000), n - 1))
    parts = [b - a for a, b in zip([0, *cuts], [*cuts, 1000], strict=True)]
    return [Decimal(p) / 10 for p in parts]


def _topics() -> list[Topic]:
    by_slug = {t.slug: t for t in Topic.objects.all()}
    position = 0
    for slug, name, parent in RIGHTS:
        if slug not in by_slug and not Topic.objects.filter(name=name).exists():
            position += 1
            by_slug[slug] = Topic.objects.create(
                slug=slug,
                name=name,
                kind=enums.TopicKind.HUMAN_RIGHT,
                parent=by_slug.get(parent),
                position=position,
                published=True,
            )
    for slug, name in THEMES:
        if slug not in by_slug and not Topic.objects.filter(name=name).exists():
            position += 1
            by_slug[slug] = Topic.objects.create(
                slug=slug, name=name, kind=enums.TopicKind.THEME, position=position, published=True
            )
    return list(by_slug.values())


@transaction.atomic
def build_corpus(
    *,
    events: int = 10_000,
    people: int = 30_000,
    organizations: int = 2_000,
    surveys: int = 500,
    questions_per_survey: int = 20,
    seed: int = 20231207,
    today: datetime.date | None = None,
) -> CorpusReport:
    """Add a synthetic corpus of the given size to the database; returns what was made."""
    rng = random.Random(seed)
    today = today or datetime.date.today()
    report = CorpusReport()
    topics = _topics()
    # Numbers continue from an earlier run, so slugs stay unique when the builder runs twice.
    start = Organization.objects.filter(slug__startswith="syn-").count()
    person_start = Person.objects.filter(slug__startswith="syn-").count()

    # Organizations: a tenth are top-level universities; some programs sit inside them.
    orgs: list[Organization] = []
    tops = max(1, organizations // 10)
    for batch_start, batch_end, with_parent in ((0, tops, False), (tops, organizations, True)):
        batch = []
        for i in range(batch_start, batch_end):
            city, country = rng.choice(CITIES)
            pattern, kind = ORG_PATTERNS[0] if not with_parent else rng.choice(ORG_PATTERNS[1:])
            name = pattern.format(city=city, field=rng.choice(FIELDS))
            number = start + i
            batch.append(
                Organization(
                    slug=f"syn-{slugify(name)[:90]}-{number}",
                    name=f"{name} {number}",
                    kind=kind,
                    city=city,
                    country=country,
                    website=f"https://www.{slugify(name)[:40]}-{number}.example.org/",
                    parent=rng.choice(orgs[:tops]) if with_parent and rng.random() < 0.3 else None,
                    description=f"A made-up organization working on **{rng.choice(FIELDS)}**.",
                    published=rng.random() > 0.02,
                )
            )
        orgs.extend(Organization.objects.bulk_create(batch, batch_size=BATCH))
    report.organizations = len(orgs)
    through = Organization.topics.through
    through.objects.bulk_create(
        [
            through(organization_id=org.pk, topic_id=topic.pk)
            for org in orgs
            for topic in rng.sample(topics, 2)
        ],
        batch_size=BATCH,
    )

    # People, each with one or two positions.
    persons = []
    for i in range(people):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        number = person_start + i
        persons.append(
            Person(
                slug=f"syn-{slugify(first)}-{slugify(last)}-{number}",
                name=f"{first} {last}",
                sort_name=f"{last} {first}",
                alternate_names=f"{first[0]}. {last}",
                bio=f"{first} {last} works on *{rng.choice(FIELDS).lower()}* in Central Asia.",
                research_interests=", ".join(t.name.lower() for t in rng.sample(topics, 2)),
                website=f"https://people.example.org/{slugify(last)}-{number}",
                published=rng.random() > 0.02,
                is_public=rng.random() > 0.02,
                bio_public=rng.random() > 0.05,
                affiliations_public=rng.random() > 0.05,
            )
        )
    persons = Person.objects.bulk_create(persons, batch_size=BATCH)
    report.people = len(persons)
    affiliations = []
    for person in persons:
        for position in range(rng.choice((1, 1, 2))):
            affiliations.append(
                Affiliation(
                    person_id=person.pk,
                    organization_id=rng.choice(orgs).pk,
                    title=rng.choice(TITLES),
                    start_date=datetime.date(rng.randint(2000, 2020), 1, 1),
                    end_date=datetime.date(2021, 12, 31) if position else None,
                    position=position,
                )
            )
    affiliations = Affiliation.objects.bulk_create(affiliations, batch_size=BATCH)
    first_affiliation = {}
    for aff in affiliations:
        first_affiliation.setdefault(aff.person_id, aff.pk)
    through = Person.topics.through
    through.objects.bulk_create(
        [
            through(person_id=p.pk, topic_id=t.pk)
            for p in persons
            for t in rng.sample(topics, rng.randint(0, 3))
        ],
        batch_size=BATCH,
    )

    # Sources: one press release per survey, one page per 50 events.
    documents = SourceDocument.objects.bulk_create(
        [
            SourceDocument(
                slug=f"syn-document-{start}-{i}",
                title=f"Press release {i}",
                kind=enums.DocumentKind.PRESS_RELEASE,
                publisher_id=rng.choice(orgs).pk,
                url=f"https://news.example.org/releases/{start}-{i}",
                issued=today - datetime.timedelta(days=rng.randint(0, 5000)),
                text=f"Press release {i}. " + "A survey found that 42.0% agree. " * 20,
                published=True,
            )
            for i in range(surveys + events // 50 + 1)
        ],
        batch_size=BATCH,
    )

    # Surveys with questions, results (some nets with parts) and sample composition.
    survey_rows = []
    for i in range(surveys):
        field_end = today - datetime.timedelta(days=rng.randint(0, 6000))
        topic = rng.choice(topics)
        survey_rows.append(
            Survey(
                slug=f"syn-survey-{slugify(topic.name)}-{start}-{i}",
                title=f"What people think about {topic.name.lower()} ({field_end:%B %Y})",
                headline=f"Survey {i}: opinions divided on {topic.name.lower()}",
                summary="A made-up survey of **realistic shape**.",
                field_start=field_end - datetime.timedelta(days=rng.randint(5, 30)),
                field_end=field_end,
                mode=rng.choice(enums.SurveyMode.values),
                population="Residents aged 18 and over",
                geography="17 regions and the cities of republican significance",
                country="Kazakhstan",
                sample_size=rng.randint(800, 2500),
                weighting="By gender and age",
                margin_of_error=Decimal("3.0"),
                confidence_level=Decimal("95.0"),
                response_rate=Decimal(rng.randint(5, 40)),
                published=rng.random() > 0.02,
            )
        )
    survey_rows = Survey.objects.bulk_create(survey_rows, batch_size=BATCH)
    report.surveys = len(survey_rows)
    SurveyOrganization.objects.bulk_create(
        [
            SurveyOrganization(survey_id=s.pk, organization_id=org.pk, role=role, position=n)
            for s in survey_rows
            for n, (org, role) in enumerate(
                zip(rng.sample(orgs, 3), enums.SurveyOrganizationRole.values, strict=False)
            )
        ],
        batch_size=BATCH,
    )
    compositions = []
    for s in survey_rows:
        men = Decimal(rng.randint(440, 560)) / 10
        for dimension, pairs in (
            (enums.CompositionDimension.GENDER, (("Men", men), ("Women", 100 - men))),
            (enums.CompositionDimension.LANGUAGE, (("Russian", 60), ("Kazakh", 40))),
        ):
            for n, (category, percent) in enumerate(pairs):
                compositions.append(
                    SampleComposition(
                        survey_id=s.pk,
                        dimension=dimension,
                        category=category,
                        percent=percent,
                        position=n,
                    )
                )
    SampleComposition.objects.bulk_create(compositions, batch_size=BATCH)
    survey_sources = Survey.sources.through
    survey_sources.objects.bulk_create(
        [
            survey_sources(survey_id=s.pk, sourcedocument_id=documents[n].pk)
            for n, s in enumerate(survey_rows)
        ],
        batch_size=BATCH,
    )
    survey_topics = Survey.topics.through
    survey_topics.objects.bulk_create(
        [
            survey_topics(survey_id=s.pk, topic_id=t.pk)
            for s in survey_rows
            for t in rng.sample(topics, 2)
        ],
        batch_size=BATCH,
    )

    questions = []
    for n, s in enumerate(survey_rows):
        for number in range(1, questions_per_survey + 1):
            topic = rng.choice(topics)
            questions.append(
                Question(
                    survey_id=s.pk,
                    number=number,
                    text=f"How do you feel about the authorities' record on {topic.name.lower()}?",
                    short_label=f"{topic.name}: view {number}",
                    kind=enums.QuestionKind.MULTIPLE
                    if rng.random() < 0.1
                    else enums.QuestionKind.SINGLE,
                    topline_complete=rng.random() > 0.05,
                    source_id=documents[n].pk,
                    source_quote="A survey found that 42.0% agree.",
                )
            )
    questions = Question.objects.bulk_create(questions, batch_size=BATCH)
    report.questions = len(questions)
    question_topics = Question.topics.through
    question_topics.objects.bulk_create(
        [question_topics(question_id=q.pk, topic_id=rng.choice(topics).pk) for q in questions],
        batch_size=BATCH,
    )
    results, nets = [], []
    for q in questions:
        options = rng.choice(OPTIONS)
        shares = _shares(rng, len(options))
        for position, (label, percent) in enumerate(zip(options, shares, strict=True)):
            results.append(
                Result(
                    question_id=q.pk,
                    position=position * 10 + 10,
                    label=label,
                    percent=percent,
                    source_quote=f"{percent}% answered “{label.lower()}”.",
                )
            )
        if len(options) == 5:  # trust scale: a net over the two trust options
            nets.append((q.pk, shares[0] + shares[1]))
    results = Result.objects.bulk_create(results, batch_size=BATCH)
    net_rows = Result.objects.bulk_create(
        [
            Result(question_id=qid, position=1, label="Trust", percent=total, is_net=True)
            for qid, total in nets
        ],
        batch_size=BATCH,
    )
    net_of = {net.question_id: net.pk for net in net_rows}
    parts = [r for r in results if r.question_id in net_of and r.position in (10, 20)]
    for part in parts:
        part.net_id = net_of[part.question_id]
    Result.objects.bulk_update(parts, ["net"], batch_size=BATCH)
    report.results = len(results) + len(net_rows)

    # Events: one organizer (a few organizers run most events), people in order, topics.
    busy = orgs[: max(1, len(orgs) // 20)]
    event_rows = []
    for i in range(events):
        topic = rng.choice(topics)
        day = today + datetime.timedelta(days=rng.randint(-5000, 120))
        title = rng.choice(EVENT_PATTERNS).format(topic=topic.name)
        event_rows.append(
            Event(
                slug=f"syn-{slugify(title)[:80]}-{day:%Y-%m-%d}-{start}-{i}",
                title=title,
                kind=rng.choice(enums.EventKind.values),
                format=rng.choice(enums.EventFormat.values),
                date=day,
                start_time=datetime.time(rng.choice((9, 10, 14, 16, 18)), 0),
                end_time=datetime.time(rng.choice((19, 20)), 30),
                time_zone=rng.choice(("Asia/Almaty", "America/New_York", "Europe/Berlin")),
                online_url=f"https://events.example.org/{start}-{i}",
                summary=f"A discussion of {topic.name.lower()} with researchers and advocates.",
                description="Speakers present **new findings** and answer questions.\n\n"
                "- findings\n- discussion",
                published=rng.random() > 0.02,
            )
        )
    event_rows = Event.objects.bulk_create(event_rows, batch_size=BATCH)
    report.events = len(event_rows)
    event_orgs, event_people, event_sources = [], [], []
    for n, event in enumerate(event_rows):
        organizer = rng.choice(busy) if rng.random() < 0.7 else rng.choice(orgs)
        event_orgs.append(
            EventOrganization(
                event_id=event.pk,
                organization_id=organizer.pk,
                role=enums.EventOrganizationRole.ORGANIZER,
            )
        )
        sponsor = rng.choice(orgs)
        if sponsor.pk != organizer.pk and rng.random() < 0.5:
            event_orgs.append(
                EventOrganization(
                    event_id=event.pk,
                    organization_id=sponsor.pk,
                    role=enums.EventOrganizationRole.CO_SPONSOR,
                    position=1,
                )
            )
        chosen = rng.sample(persons, rng.randint(3, 5))
        for position, person in enumerate(chosen):
            role = (
                enums.EventPersonRole.MODERATOR
                if position == len(chosen) - 1
                else enums.EventPersonRole.SPEAKER
            )
            event_people.append(
                EventPerson(
                    event_id=event.pk,
                    person_id=person.pk,
                    role=role,
                    position=position,
                    affiliation_id=first_affiliation.get(person.pk),
                )
            )
        if n % 50 == 0:
            event_sources.append(
                EventSource(
                    event_id=event.pk,
                    document_id=documents[surveys + n // 50].pk,
                    quote="A survey found that 42.0% agree.",
                )
            )
    EventOrganization.objects.bulk_create(event_orgs, batch_size=BATCH)
    EventPerson.objects.bulk_create(event_people, batch_size=BATCH)
    EventSource.objects.bulk_create(event_sources, batch_size=BATCH)
    event_topics = Event.topics.through
    event_topics.objects.bulk_create(
        [
            event_topics(event_id=e.pk, topic_id=t.pk)
            for e in event_rows
            for t in rng.sample(topics, rng.randint(1, 3))
        ],
        batch_size=BATCH,
    )
    if survey_rows:
        event_surveys = Event.surveys.through
        event_surveys.objects.bulk_create(
            [
                event_surveys(event_id=e.pk, survey_id=rng.choice(survey_rows).pk)
                for e in event_rows
                if rng.random() < 0.1
            ],
            batch_size=BATCH,
        )
    return report
