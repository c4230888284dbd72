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
from kb.jinja2.filters import result_figure
from kb.jinja2.languages import is_fallback
from kb.margins import points
from kb.models import EventPerson, Result
from kb.models.base import slug_url
from kb.translation import DEFAULT

ROLE_NAMES = dict(EventPersonRole.choices)
CHART_BARS = 3  # a question's leading answers drawn
EVENTS_SHOWN = 3  # a person's latest events named
PEOPLE_SHOWN = 6  # an event's people named


class ChartBar(NamedTuple):
    """One of a question's leading answers as the results page draws it (what its page's
    chart rows show, read once here rather than by the template for each use)."""

    result: Result  # (for what else a row may show of it, e.g. its label's language)
    label: str
    figure: str  # "71.1%", "less than 2%"
    width: str  # the bar's length, in points of 100
    bound: bool  # the figure is a bound, not exact (the bar is drawn apart)
    lang: str = ""  # "en": the label is English standing in for the reader's language


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


def leading_rows(results: list) -> list[ChartBar]:
    """A question's top answers with a figure (a net stands for its parts), largest first, as
    bars of its page's chart."""
    ids = {result.pk for result in results}
    top = [r for r in results if r.percent is not None and not (r.net_id and r.net_id in ids)]
    top.sort(key=lambda result: (-result.percent, result.position))
    return [
        ChartBar(
            result=result,
            label=result.label,
            figure=result_figure(result),
            width=points(min(max(float(result.percent), 0.0), 100.0)),
            bound=result.qualifier != FigureQualifier.EXACT,
            lang=DEFAULT if is_fallback(result, "label") else "",
        )
        for result in top[:CHART_BARS]
    ]


def _question_charts(pks: list[int], details: dict[str, HitDetail]) -> None:
    results = (
        Result.objects.filter(question_id__in=pks)
        .filter(visibility.visible_q(None, "question__survey"))
        .only("question_id", "label", "percent", "qualifier", "net_id", "position")
        .order_by()
    )
    by_question: dict[int, list] = {}
    for result in results:
        by_question.setdefault(result.question_id, []).append(result)
    for pk, rows in by_question.items():
        if chart := leading_rows(rows):
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
