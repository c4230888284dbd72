"""What the results page shows beside a hit, read from the database for the page's hits at once.

A question's leading figures as bars (kb.views.charts rows), a person's roles and the events
they took part in, an event's people. Who may be shown is kb/visibility.py's answer, as on the
records' own pages. One query per kind of detail whatever the number of hits (four at most:
questions, their results, people's event roles, events' people).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from kb import visibility
from kb.enums import EventPersonRole
from kb.models import EventPerson, Question
from kb.models.questions import results_prefetch
from kb.views.charts import ResultRow, result_rows

CHART_BARS = 3  # a question's leading answers drawn
EVENTS_SHOWN = 3  # a person's latest events named
PEOPLE_SHOWN = 6  # an event's people named


@dataclass
class PersonLink:
    name: str
    url: str
    role: str = ""  # the role's name when it is not "Speaker"


@dataclass
class EventLink:
    title: str
    url: str
    date: object


@dataclass
class HitDetail:
    chart: list[ResultRow] = field(default_factory=list)  # a question's leading answers
    roles: list[tuple[str, int]] = field(default_factory=list)  # a person's: (role, events)
    events: list[EventLink] = field(default_factory=list)  # a person's latest events
    people: list[PersonLink] = field(default_factory=list)  # an event's people, in order
    more_people: int = 0  # an event's people not named


def hit_details(hits) -> dict[str, HitDetail]:
    """HitDetail by hit key, for the hits that have one."""
    ids: dict[str, list[int]] = {"question": [], "person": [], "event": []}
    for hit in hits:
        kind, _, pk = hit.key.partition(":")
        if kind in ids and pk.isdigit():
            ids[kind].append(int(pk))
    details: dict[str, HitDetail] = {}
    if ids["question"]:
        _question_charts(ids["question"], details)
    if ids["person"]:
        _person_events(ids["person"], details)
    if ids["event"]:
        _event_people(ids["event"], details)
    return details


def leading_rows(question) -> list[ResultRow]:
    """The question's top answers with a figure (a net stands for its parts), largest first."""
    rows = [row for row in result_rows(question, None) if row.has_bar and not row.is_part]
    rows.sort(key=lambda row: (-row.result.percent, row.result.position))
    return rows[:CHART_BARS]


def _question_charts(pks: list[int], details: dict[str, HitDetail]) -> None:
    questions = (
        Question.objects.published()
        .filter(pk__in=pks)
        .only("pk")
        .order_by()
        .prefetch_related(results_prefetch())
    )
    for question in questions:
        if rows := leading_rows(question):
            details[f"question:{question.pk}"] = HitDetail(chart=rows)


def _person_events(pks: list[int], details: dict[str, HitDetail]) -> None:
    links = (
        EventPerson.objects.filter(person_id__in=pks)
        .filter(visibility.visible_q(None, "event"))
        .select_related("event")
        .only("person_id", "role", "event__title", "event__slug", "event__date")
        .order_by("person_id", "-event__date", "event_id")
    )
    roles: dict[int, Counter] = {}
    events: dict[int, dict[int, EventLink]] = {}
    for link in links:
        roles.setdefault(link.person_id, Counter())[link.get_role_display()] += 1
        seen = events.setdefault(link.person_id, {})
        if link.event_id not in seen and len(seen) < EVENTS_SHOWN:
            event = link.event
            seen[link.event_id] = EventLink(event.title, event.get_absolute_url(), event.date)
    for pk, counted in roles.items():
        details[f"person:{pk}"] = HitDetail(
            roles=counted.most_common(), events=list(events[pk].values())
        )


def _event_people(pks: list[int], details: dict[str, HitDetail]) -> None:
    links = (
        visibility.person_links(EventPerson)
        .filter(event_id__in=pks)
        .select_related("person")
        .only("event_id", "role", "person__name", "person__slug")
        .order_by("event_id", "position", "pk")
    )
    for link in links:
        detail = details.setdefault(f"event:{link.event_id}", HitDetail())
        if len(detail.people) >= PEOPLE_SHOWN:
            detail.more_people += 1
            continue
        role = "" if link.role == EventPersonRole.SPEAKER else link.get_role_display().lower()
        person = link.person
        detail.people.append(PersonLink(person.name, person.get_absolute_url(), role))
