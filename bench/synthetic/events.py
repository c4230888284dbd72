"""The synthetic corpus's events: one organizer (a few run most events), people in order, topics."""

from __future__ import annotations

import datetime
import random

from django.utils.text import slugify

from kb import enums
from kb.models import (
    Event,
    EventOrganization,
    EventPerson,
    EventSource,
    Organization,
    Person,
    SourceDocument,
    Survey,
    Topic,
)

from .words import BATCH, EVENT_PATTERNS


def add_events(
    *,
    rng: random.Random,
    today: datetime.date,
    start: int,
    topics: list[Topic],
    orgs: list[Organization],
    persons: list[Person],
    first_affiliation: dict[int, int],
    documents: list[SourceDocument],
    survey_rows: list[Survey],
    events: int,
    surveys: int,
    report,
) -> None:
    """Every 50th event cites one of the documents after the surveys' own."""
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
