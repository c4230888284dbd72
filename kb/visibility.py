"""Who may see what: the one place that decides it for pages, the API, exports and the index.

Three rules, each answered here and nowhere else:

1. A record is visible when it is published; staff see drafts too (on pages, not in exports,
   feeds or the index, which are public whoever asks: they call these with `user=None`).
2. A person is visible when published and not withheld (`is_public`); staff see them too.
3. A visible person's withheld fields (`PERSON_FIELD_FLAGS`) are shown to nobody outside the
   admin, staff included. An affiliation shows only when the person's affiliations are shown
   and its organization is visible.

Three forms of each rule: Q builders (`visible_q`, `person_q`, `affiliation_q`) for querysets
and Prefetches, querysets for the relations the index prefetches (`topics`,
`organization_links`, `person_links`, `affiliations`), and predicates over already-prefetched
rows (`public_person_roles`, `shown_affiliation`, ...) that keep a caller's query count fixed.
A new withheld field of a person is one line in `PERSON_FIELD_FLAGS` (plus its model field).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

if TYPE_CHECKING:
    from kb.models import Affiliation, Event, Person, Survey

# A person's field → the flag that withholds it. Research interests are part of the
# biography: the person page hides them with it.
PERSON_FIELD_FLAGS = {
    "bio": "bio_public",
    "research_interests": "bio_public",
    "photo": "photo_public",
    "affiliations": "affiliations_public",
}


def is_staff(user) -> bool:
    return user is not None and user.is_active and user.is_staff


# --- Q builders ---------------------------------------------------------------------------------


def visible_q(user, path: str = "", *, person: bool = False) -> Q:
    """The condition "what `path` points at is visible to `user`", for filtering related rows.

    `person` adds the privacy flag: a withheld person is invisible like a draft.
    """
    if is_staff(user):
        return Q()
    prefix = f"{path}__" if path else ""
    condition = Q(**{f"{prefix}published": True})
    if person:
        condition &= Q(**{f"{prefix}is_public": True})
    return condition


def person_q(user, path: str = "") -> Q:
    return visible_q(user, path, person=True)


def field_shown_q(field: str, path: str = "person") -> Q:
    """The person's withheld-field flag for `field` is off (for everyone, staff included)."""
    prefix = f"{path}__" if path else ""
    return Q(**{f"{prefix}{PERSON_FIELD_FLAGS[field]}": True})


def affiliation_q(user, path: str = "") -> Q:
    """An affiliation (at `path`) a reader may see: its person's affiliations are shown and its
    organization is visible. The person's own visibility is the caller's concern."""
    prefix = f"{path}__" if path else ""
    return field_shown_q("affiliations", f"{prefix}person") & visible_q(
        user, f"{prefix}organization"
    )


# --- querysets for the relations every output prefetches ----------------------------------------


def topics(user=None) -> QuerySet:
    from kb.models import Topic

    return Topic.objects.visible_to(user)


def organization_links(model, user=None) -> QuerySet:
    """Rows of a link model (EventOrganization, SurveyOrganization) to visible organizations."""
    return model.objects.filter(visible_q(user, "organization"))


def person_links(model, user=None) -> QuerySet:
    """Rows of a link model (EventPerson) to visible people."""
    return model.objects.filter(person_q(user, "person"))


def affiliations(user=None) -> QuerySet:
    """Affiliations at organizations `user` may see (the person's own flag: `affiliation_q`)."""
    from kb.models import Affiliation

    return Affiliation.objects.filter(visible_q(user, "organization"))


# --- predicates over rows already loaded ---------------------------------------------------------
# Public outputs (API, exports, the index) pass no user: the public's view, whoever asks.


def record_visible(obj, user=None) -> bool:
    return obj is not None and (is_staff(user) or obj.published)


def linked(obj, user=None):
    """A related record (a parent, a publisher, a source) when visible, else None."""
    return obj if record_visible(obj, user) else None


def person_is_public(person: Person | None, user=None) -> bool:
    return person is not None and (is_staff(user) or (person.published and person.is_public))


def field_shown(person: Person, field: str) -> bool:
    return bool(getattr(person, PERSON_FIELD_FLAGS[field]))


def public_bio(person: Person) -> str:
    return person.bio if field_shown(person, "bio") else ""


def public_research_interests(person: Person) -> str:
    return person.research_interests if field_shown(person, "research_interests") else ""


def public_photo_url(person: Person) -> str:
    return person.photo.url if field_shown(person, "photo") and person.photo else ""


def public_affiliations(person: Person, user=None) -> list:
    """The person's prefetched affiliations a reader may see (none when withheld)."""
    if not field_shown(person, "affiliations"):
        return []
    return [a for a in person.affiliations.all() if record_visible(a.organization, user)]


def affiliation_shown(affiliation: Affiliation | None, person: Person, user=None) -> bool:
    return (
        affiliation is not None
        and field_shown(person, "affiliations")
        and record_visible(affiliation.organization, user)
    )


def shown_affiliation(link, user=None) -> str:
    """The position an event gave a person ("Director, KIBHR"), or "" when it may not show."""
    if not affiliation_shown(link.affiliation, link.person, user):
        return ""
    return link.affiliation.label


def public_person_roles(event: Event) -> list:
    """The event's prefetched people in order, without withheld or draft people."""
    return [link for link in event.person_roles.all() if person_is_public(link.person)]


def public_organization_roles(obj: Event | Survey) -> list:
    return [link for link in obj.organization_roles.all() if link.organization.published]


def organizations_in_role(obj: Event | Survey, role: str) -> list:
    return [link.organization for link in public_organization_roles(obj) if link.role == role]


def public_topics(obj) -> list:
    return [topic for topic in obj.topics.all() if topic.published]


def public_surveys(event: Event) -> list:
    return [survey for survey in event.surveys.all() if survey.published]


def survey_contact(survey: Survey, user=None) -> Person | None:
    return survey.contact if person_is_public(survey.contact, user) else None


# --- recordings, materials, transcripts ----------------------------------------------------------
# A private recording or material is staff's only, like a draft; a transcript's words said by a
# withheld or draft person are left out for the public (their name would show with them).


def media_q(user, path: str = "") -> Q:
    """A recording or material (at `path`) `user` may see: public, or any for staff."""
    if is_staff(user):
        return Q()
    prefix = f"{path}__" if path else ""
    return Q(**{f"{prefix}public": True})


def segment_shown(segment, user=None) -> bool:
    """A segment said by nobody matched, or by a person `user` may see."""
    return segment.speaker_id is None or person_is_public(segment.speaker, user)


def unmatched_speaker_name(segment, user=None) -> str:
    """A transcript's name that matched nobody, for staff only: it may be another spelling of a
    withheld person's name; the public reads "Unidentified speaker" until staff resolve it."""
    return segment.speaker_name if is_staff(user) else ""


def public_recordings(event: Event) -> list:
    """The event's prefetched recordings without the private ones (public outputs)."""
    return [recording for recording in event.recordings.all() if recording.public]


def public_materials(event: Event) -> list:
    return [material for material in event.materials.all() if material.public]


def media_file_visible(obj, user=None) -> bool:
    """An uploaded recording's or material's file: public and of a published event, or staff."""
    return is_staff(user) or (obj.public and obj.event.published)


def photo_file_visible(person: Person, user=None) -> bool:
    """A person's photo file: the person is public and their photo not withheld, or staff."""
    return is_staff(user) or (person_is_public(person) and field_shown(person, "photo"))
