"""Build the synthetic corpus: organizations, people, documents, then surveys and events."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils.text import slugify

from kb import enums
from kb.models import Affiliation, Organization, Person, SourceDocument, Topic

from .events import add_events
from .series import add_series
from .surveys import add_surveys
from .words import BATCH, CITIES, FIELDS, FIRST, LAST, ORG_PATTERNS, RIGHTS, THEMES, TITLES


@dataclass
class CorpusReport:
    organizations: int = 0
    people: int = 0
    events: int = 0
    surveys: int = 0
    questions: int = 0
    results: int = 0
    series: int = 0

    def __str__(self):
        return (
            f"{self.organizations} organizations, {self.people} people, {self.events} events, "
            f"{self.surveys} surveys, {self.questions} questions, {self.results} results, "
            f"{self.series} question series"
        )


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
    orgs = _organizations(rng, start, organizations, topics)
    report.organizations = len(orgs)
    persons, first_affiliation = _people(rng, person_start, people, orgs, topics)
    report.people = len(persons)
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

    survey_rows = add_surveys(
        rng=rng,
        today=today,
        start=start,
        topics=topics,
        orgs=orgs,
        documents=documents,
        surveys=surveys,
        questions_per_survey=questions_per_survey,
        report=report,
    )
    add_events(
        rng=rng,
        today=today,
        start=start,
        topics=topics,
        orgs=orgs,
        persons=persons,
        first_affiliation=first_affiliation,
        documents=documents,
        survey_rows=survey_rows,
        events=events,
        surveys=surveys,
        report=report,
    )
    # Last, so that the rows made before are the same as without series.
    report.series = add_series(rng=rng, start=start, survey_rows=survey_rows)
    return report


def _organizations(rng, start: int, organizations: int, topics) -> list[Organization]:
    """A tenth are top-level universities; some programs sit inside them."""
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
    through = Organization.topics.through
    through.objects.bulk_create(
        [
            through(organization_id=org.pk, topic_id=topic.pk)
            for org in orgs
            for topic in rng.sample(topics, 2)
        ],
        batch_size=BATCH,
    )
    return orgs


def _people(rng, person_start: int, people: int, orgs, topics) -> tuple[list[Person], dict]:
    """Each with one or two positions; returns the people and each one's first affiliation."""
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
    return persons, first_affiliation
