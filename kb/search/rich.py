"""What the results page shows beside a hit, read from the database for the page's hits at once.

A question's leading figures as bars (kb.views.charts rows), a person's roles and the events
they took part in, an event's people. Who may be shown is kb/visibility.py's answer, as on the
records' own pages. One query per kind of detail whatever the number of hits (three at most:
questions' results, people's event roles, events' people).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils.translation import get_language

from kb import visibility
from kb.enums import EventPersonRole, FigureQualifier
from kb.jinja2.filters import figure_text
from kb.models import EventPerson, Result
from kb.models.base import slug_url
from kb.translation import DEFAULT
from kb.views.charts import bar_width

ROLE_NAMES = dict(EventPersonRole.choices)
CHART_BARS = 3  # a question's leading answers drawn
EVENTS_SHOWN = 3  # a person's latest events named
PEOPLE_SHOWN = 6  # an event's people named


class ChartBar(NamedTuple):
    """One of a question's leading answers as the results page draws it (what its page's
    chart rows show, read once here rather than by the template for each use)."""

    label: str
    figure: str  # "71.1%", "less than 2%"
    width: str  # the bar's length, in points of 100
    bound: bool  # the figure is a bound, not exact (the bar is drawn apart)
    lang: str = ""  # "en": the label is English standing in for the reader's language


class ResultRow(NamedTuple):
    """What a bar needs of a Result, read as a plain row (a page of questions reads ~65
    results: as model instances, with their translated labels' descriptors, they cost ~4 ms
    of CPU for 45 bars)."""

    pk: int
    english: str  # the label in English
    own: str  # the label in the reader's language ("" when not translated)
    percent: object  # Decimal or None
    qualifier: str
    net_id: int | None
    position: int


@dataclass
class PersonLink:
    name: str
    url: str
    role: str = ""  # the role's name when it is not "Speaker"
    lang: str = ""  # "en": the name is English standing in for the reader's language


@dataclass
class EventLink:
    title: str
    url: str
    date: object
    lang: str = ""  # "en": the title is English standing in for the reader's language


@dataclass
class HitDetail:
    chart: list[ChartBar] = field(default_factory=list)  # a question's leading answers
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


def leading_rows(rows: list[ResultRow]) -> list[ChartBar]:
    """A question's top answers with a figure (a net stands for its parts), largest first, as
    bars of its page's chart."""
    ids = {row.pk for row in rows}
    top = [r for r in rows if r.percent is not None and not (r.net_id and r.net_id in ids)]
    top.sort(key=lambda row: (-row.percent, row.position))
    english = _english()
    return [
        ChartBar(
            label=row.own or row.english,
            figure=figure_text(row.percent, row.qualifier),
            width=bar_width(row.percent),
            bound=row.qualifier != FigureQualifier.EXACT,
            lang=english if not row.own and row.english else "",
        )
        for row in top[:CHART_BARS]
    ]


def _question_charts(pks: list[int], details: dict[str, HitDetail]) -> None:
    english, own = _in_language("label")
    # (values_list() reads a column named twice once: on an English page, the one label.)
    labels = (english,) if own == english else (english, own)
    rows = (
        Result.objects.filter(question_id__in=pks)
        .filter(visibility.visible_q(None, "question__survey"))
        .order_by()
        .values_list("question_id", "pk", *labels, "percent", "qualifier", "net_id", "position")
    )
    by_question: dict[int, list[ResultRow]] = {}
    for question_id, pk, *row in rows:
        if len(labels) == 1:
            row.insert(0, row[0])
        by_question.setdefault(question_id, []).append(ResultRow(pk, *row))
    for pk, results in by_question.items():
        if chart := leading_rows(results):
            details[f"question:{pk}"] = HitDetail(chart=chart)


def _person_events(pks: list[int], details: dict[str, HitDetail]) -> None:
    links = (
        EventPerson.objects.filter(person_id__in=pks)
        .filter(visibility.visible_q(None, "event"))
        .order_by("person_id", "-event__date", "event_id")
        .values_list(
            "person_id",
            "role",
            "event_id",
            *_in_language("event__title"),
            "event__slug",
            "event__date",
        )
    )
    roles: dict[int, Counter] = {}
    events: dict[int, dict[int, EventLink]] = {}
    for person_id, role, event_id, english, own, slug, date in links:
        roles.setdefault(person_id, Counter())[ROLE_NAMES.get(role, role)] += 1
        seen = events.setdefault(person_id, {})
        if event_id not in seen and len(seen) < EVENTS_SHOWN:
            url = slug_url("kb:event-detail", slug)
            seen[event_id] = EventLink(own or english, url, date, "" if own else _english())
    for pk, counted in roles.items():
        details[f"person:{pk}"] = HitDetail(
            roles=counted.most_common(), events=list(events[pk].values())
        )


def _event_people(pks: list[int], details: dict[str, HitDetail]) -> None:
    links = (
        visibility.person_links(EventPerson)
        .filter(event_id__in=pks)
        .order_by("event_id", "position", "pk")
        .values_list("event_id", "role", *_in_language("person__name"), "person__slug")
    )
    for event_id, role, english, own, slug in links:
        detail = details.setdefault(f"event:{event_id}", HitDetail())
        if len(detail.people) >= PEOPLE_SHOWN:
            detail.more_people += 1
            continue
        shown_role = "" if role == EventPersonRole.SPEAKER else ROLE_NAMES.get(role, role).lower()
        url = slug_url("kb:person-detail", slug)
        detail.people.append(PersonLink(own or english, url, shown_role, "" if own else _english()))


def _in_language(path: str) -> tuple[str, str]:
    """A translated field's English column and the reader's language's (values_list() reads
    the untranslated column as it was, so the page names both)."""
    return f"{path}_{DEFAULT}", f"{path}_{get_language() or DEFAULT}"


def _english() -> str:
    """The lang a name shown in English is marked with: none on an English page."""
    return "" if (get_language() or DEFAULT) == DEFAULT else DEFAULT
