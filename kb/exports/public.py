"""What a public output may show of a record's relations.

The helpers filter already-prefetched relations in Python, so a caller keeps a fixed number of
queries whatever it prefetched, and every output (API, CSV, iCal, feeds, JSON-LD, citations)
applies the same rules.
"""

from __future__ import annotations

from kb.models import Event, Person, Survey


def person_is_public(person: Person | None) -> bool:
    return person is not None and person.published and person.is_public


def public_person_roles(event: Event) -> list:
    """The event's people in order, without withheld or draft people."""
    return [link for link in event.person_roles.all() if person_is_public(link.person)]


def public_organization_roles(obj: Event | Survey) -> list:
    return [link for link in obj.organization_roles.all() if link.organization.published]


def organizations_in_role(obj: Event | Survey, role: str) -> list:
    return [link.organization for link in public_organization_roles(obj) if link.role == role]


def public_topics(obj) -> list:
    return [topic for topic in obj.topics.all() if topic.published]


def public_surveys(event: Event) -> list:
    return [survey for survey in event.surveys.all() if survey.published]


def public_bio(person: Person) -> str:
    return person.bio if person.bio_public else ""


def public_photo_url(person: Person) -> str:
    return person.photo.url if person.photo_public and person.photo else ""


def public_affiliations(person: Person) -> list:
    """The person's affiliations at published organizations, or none when they are withheld."""
    if not person.affiliations_public:
        return []
    return [a for a in person.affiliations.all() if a.organization.published]


def shown_affiliation(link) -> str:
    """The position an event page gave a person, when the person's affiliations may be shown."""
    affiliation = link.affiliation
    if affiliation is None or not link.person.affiliations_public:
        return ""
    if not affiliation.organization.published:
        return affiliation.title
    return affiliation.label


def survey_contact(survey: Survey) -> Person | None:
    return survey.contact if person_is_public(survey.contact) else None
