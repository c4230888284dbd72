"""The unpublished people and organizations a record links to (public pages leave them out)."""

from __future__ import annotations

from .events import Event
from .organizations import Organization
from .people import Person
from .surveys import Survey


def unpublished_links(record: Event | Survey) -> list[Person | Organization]:
    """People first, then organizations, each by name; empty for other records."""
    if isinstance(record, Event):
        people = Person.objects.filter(event_roles__event=record)
        organizations = Organization.objects.filter(
            event_roles__event=record
        ) | Organization.objects.filter(affiliations__event_roles__event=record)
    elif isinstance(record, Survey):
        people = Person.objects.filter(surveys_as_contact=record)
        organizations = Organization.objects.filter(survey_roles__survey=record)
    else:
        return []
    return [
        *people.filter(published=False).distinct().order_by("name"),
        *organizations.filter(published=False).distinct().order_by("name"),
    ]
