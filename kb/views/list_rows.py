"""What a list row (a "card") shows of a record's links, as plain names.

A card names an event's organizations, people and topics, or a person's current positions; it
links none of them. So a page of cards reads those names as tuples, one query per kind of link for
the whole page, and hands each record a plain list (`card_organizations`, `card_people`,
`card_topics`, `card_positions`). Django's prefetch would build two model instances per link and
clone a queryset per record (docs/benchmarks.md, "Pages").

Only what `user` may see is read: the public never meets a draft organization or topic, or a
withheld person, through a card.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence

from kb import visibility
from kb.models import Affiliation, Event, EventOrganization, EventPerson, Survey, SurveyOrganization
from kb.visibility import visible_q


def _attach(records: Sequence, attr: str, rows: Iterable[tuple]) -> None:
    """Set `record.<attr>` to the values `rows` pair with its pk, in the rows' order, each once
    (an organization that both ran and partnered a survey is named once)."""
    values = defaultdict(list)
    for owner, value in rows:
        if value not in values[owner]:
            values[owner].append(value)
    for record in records:
        setattr(record, attr, values.get(record.pk, []))


def _topic_names(through, owner: str, ids, user):
    return (
        through.objects.filter(**{f"{owner}__in": ids})
        .filter(visible_q(user, "topic"))
        .order_by("topic__kind", "topic__position", "topic__name")
        .values_list(owner, "topic__name")
    )


def _organization_names(link_model, owner: str, ids, user):
    return (
        link_model.objects.filter(**{f"{owner}__in": ids})
        .filter(visible_q(user, "organization"))
        .order_by(owner, "position", "pk")
        .values_list(owner, "organization__name")
    )


def attach_event_cards(events: Sequence[Event], user=None) -> None:
    ids = [event.pk for event in events]
    if not ids:
        return
    _attach(
        events, "card_organizations", _organization_names(EventOrganization, "event", ids, user)
    )
    _attach(
        events,
        "card_people",
        EventPerson.objects.filter(event__in=ids)
        .filter(visibility.person_q(user, "person"))
        .order_by("event", "position", "pk")
        .values_list("event", "person__name"),
    )
    _attach(events, "card_topics", _topic_names(Event.topics.through, "event", ids, user))


def attach_survey_cards(surveys: Sequence[Survey], user=None) -> None:
    ids = [survey.pk for survey in surveys]
    if not ids:
        return
    _attach(
        surveys, "card_organizations", _organization_names(SurveyOrganization, "survey", ids, user)
    )
    _attach(surveys, "card_topics", _topic_names(Survey.topics.through, "survey", ids, user))


def attach_person_cards(people: Sequence, user=None) -> None:
    """A person's current positions ("Director, Kazakhstan Bureau"), unless withheld."""
    ids = [person.pk for person in people if visibility.field_shown(person, "affiliations")]
    rows = (
        Affiliation.objects.filter(person__in=ids, end_date__isnull=True)
        .filter(visible_q(user, "organization"))
        .order_by("person", "position", "-start_date")
        .values_list("person", "title", "organization__name")
        if ids
        else ()
    )
    _attach(
        people,
        "card_positions",
        ((person, f"{title}, {name}" if title else name) for person, title, name in rows),
    )
