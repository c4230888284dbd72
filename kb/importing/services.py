"""Drafts from a proposal, in one transaction: the document, the records, their passages.

Everything is created unpublished; people and organizations the proposal matched are linked,
never duplicated, and new ones are drafted too. Every figure and fact that goes into a record
leaves a SourcePassage pointing at its sentence. Any error rolls the whole import back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext

from kb.enums import DocumentKind, OrganizationKind
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
    SourcePassage,
    Survey,
    SurveyOrganization,
    Topic,
)

from .pipeline import SURVEY
from .proposal import Passage, Proposal

SURVEY_FIELDS = {
    "title", "headline", "summary", "field_start", "field_end", "mode", "mode_detail", "sampling",
    "population", "geography", "country", "sample_size", "weighting", "margin_of_error",
    "margin_qualifier", "confidence_level", "response_rate", "methodology_note",
}  # fmt: skip
EVENT_FIELDS = {
    "title", "kind", "format", "date", "start_time", "end_time", "time_zone", "location",
    "online_url", "summary", "description",
}  # fmt: skip


@dataclass
class CreatedDrafts:
    document: SourceDocument
    survey: Survey | None = None
    event: Event | None = None
    # By the English plural name (the JSON's keys, whatever language staff read).
    counts: dict[str, int] = field(default_factory=dict)
    # The same names, as the model names them (translated when shown).
    names: dict = field(default_factory=dict)

    def __str__(self):
        main = self.survey or self.event
        parts = ", ".join(f"{n} {name}" for name, n in self.counts.items() if n)
        return f"{type(main).__name__.lower()} {main.slug!r} with {parts}"

    def summary(self) -> str:
        """What was made, in the active language: 'survey “slug” (questions: 11, ...)'."""
        main = self.survey or self.event
        parts = ", ".join(
            gettext("%(name)s: %(count)s") % {"name": self.names.get(name, name), "count": n}
            for name, n in self.counts.items()
            if n
        )
        return gettext("%(kind)s “%(slug)s” (%(parts)s)") % {
            "kind": main._meta.verbose_name,
            "slug": main.slug,
            "parts": parts,
        }

    def as_json(self) -> dict:
        main = self.survey or self.event
        return {
            "document": self.document.slug,
            "survey" if self.survey else "event": main.slug,
            "counts": self.counts,
        }


def unique_slug(model, text: str, *, limit: int = 100) -> str:
    base = slugify(text, allow_unicode=False)[:limit].strip("-") or model._meta.model_name
    slug, n = base, 2
    while model._default_manager.filter(slug=slug).exists():
        slug = f"{base[: limit - 4]}-{n}"
        n += 1
    return slug


class _Recorder:
    """Creates rows and their passages, and counts what it made."""

    def __init__(self, document: SourceDocument):
        self.document = document
        self.counts: dict[str, int] = {}
        self.names: dict = {}
        self._english: dict[str, str] = {}
        self.passages: list[SourcePassage] = []

    def made(self, obj, passage: Passage | None = None, fact: str = "record"):
        opts = obj._meta
        name = self._english.get(opts.label)
        if name is None:  # the English name once per model (keys that staff's language keeps)
            with translation.override("en"):
                name = self._english[opts.label] = str(opts.verbose_name_plural)
            self.names[name] = opts.verbose_name_plural
        self.counts[name] = self.counts.get(name, 0) + 1
        self.cite(obj, passage, fact)
        return obj

    def cite(self, obj, passage: Passage | None, fact: str) -> None:
        if passage is None:
            return
        self.passages.append(
            SourcePassage(
                document=self.document,
                content_type=ContentType.objects.get_for_model(obj),
                object_id=obj.pk,
                field=fact,
                start=passage.start,
                end=passage.end,
                quote=passage.quote,
            )
        )

    def save_passages(self) -> None:
        SourcePassage.objects.bulk_create(self.passages)
        self.counts["source passages"] = len(self.passages)
        self.names["source passages"] = SourcePassage._meta.verbose_name_plural


@transaction.atomic
def drafts_create(*, proposal: Proposal, user=None) -> CreatedDrafts:
    """The source document, the draft survey or event, and the provenance of each fact.

    The drafts' first version in their history says who imported them from which file.
    """
    from kb.history import recorded

    with recorded(user=user, comment=f"Imported from {proposal.filename or 'pasted text'}"):
        return _create(proposal)


def _create(proposal: Proposal) -> CreatedDrafts:
    survey_kind = proposal.kind == SURVEY
    document = SourceDocument.objects.create(
        published=False,
        slug=unique_slug(SourceDocument, proposal.title or proposal.filename),
        title=(proposal.title or proposal.filename or "Imported document")[:300],
        kind=DocumentKind.PRESS_RELEASE if survey_kind else DocumentKind.EVENT_PAGE,
        original_filename=proposal.filename[:255],
        language=proposal.language,
        text=proposal.text,
    )
    recorder = _Recorder(document)
    created = CreatedDrafts(document=document)
    topics = list(Topic.objects.filter(pk__in=[t.pk for t in proposal.topics]))
    if survey_kind:
        created.survey = _survey(proposal, recorder, topics)
    else:
        created.event = _event(proposal, recorder, topics)
    recorder.save_passages()
    created.counts, created.names = recorder.counts, recorder.names
    return created


def _values(facts, allowed) -> dict:
    return {f.field: f.value for f in facts if f.field in allowed and f.value not in (None, "")}


def _survey(proposal: Proposal, recorder: _Recorder, topics) -> Survey:
    part = proposal.survey
    values = _values(part.facts, SURVEY_FIELDS)
    values["title"] = str(values.get("title") or proposal.title)[:300]
    for name in ("margin_of_error", "confidence_level", "response_rate"):
        if name in values:
            values[name] = Decimal(str(values[name]))
    survey = Survey(published=False, slug=unique_slug(Survey, values["title"]), **values)
    if part.contact:
        survey.contact = _person(part.contact, recorder)
    survey.full_clean(exclude=["slug"])
    survey.save()
    recorder.made(survey)
    for fact in part.facts:
        if fact.field in values:
            recorder.cite(survey, fact.passage, fact.field)
    survey.sources.add(recorder.document)
    survey.topics.set(topics)
    for position, role in enumerate(part.organizations):
        organization = _organization(role.name, role.existing, recorder)
        link, made = SurveyOrganization.objects.get_or_create(
            survey=survey,
            organization=organization,
            role=role.role,
            defaults={"position": position},
        )
        if made:
            recorder.made(link, role.passage, "organization")
    for position, share in enumerate(part.composition):
        row = SampleComposition.objects.create(
            survey=survey,
            dimension=share.dimension,
            category=share.category,
            percent=share.percent,
            position=position,
            source_quote=share.passage.quote if share.passage else "",
        )
        recorder.made(row, share.passage, "percent")
    for proposed in part.questions:
        _question(survey, proposed, recorder, topics)
    return survey


def _question(survey: Survey, proposed, recorder: _Recorder, topics) -> Question:
    question = Question.objects.create(
        survey=survey,
        number=proposed.number,
        text=proposed.text,
        kind=proposed.kind,
        topline_complete=proposed.topline_complete,
        note=proposed.note,
        source=recorder.document,
        source_quote=proposed.passage.quote if proposed.passage else "",
    )
    recorder.made(question, proposed.passage, "text")
    by_position: dict[int, Result] = {}
    for option in proposed.options:
        result = Result.objects.create(
            question=question,
            position=option.position,
            label=option.label[:300],
            percent=option.percent,
            qualifier=option.qualifier,
            is_net=option.is_net,
            source_quote=option.passage.quote if option.passage else "",
        )
        by_position[option.position] = result
        recorder.made(result, option.passage, "percent")
    for option in proposed.options:
        if option.net is not None and option.net in by_position and by_position[option.net].is_net:
            result = by_position[option.position]
            result.net = by_position[option.net]
            result.save(update_fields=["net", "updated_at"])
    return question


def _organization(name: str, existing: int | None, recorder: _Recorder) -> Organization:
    if existing:
        return Organization.objects.get(pk=existing)
    found = Organization.objects.filter(name__iexact=name).first()
    if found:
        return found
    organization = Organization.objects.create(
        published=False,
        slug=unique_slug(Organization, name),
        name=name[:255],
        kind=OrganizationKind.OTHER,
    )
    return recorder.made(organization)


def _person(proposed, recorder: _Recorder) -> Person:
    if proposed.existing:
        return Person.objects.get(pk=proposed.existing)
    person = Person.objects.create(
        published=False,
        slug=unique_slug(Person, proposed.name),
        name=proposed.name[:200],
        bio=proposed.bio,
    )
    return recorder.made(person, proposed.passage, "name")


def _event(proposal: Proposal, recorder: _Recorder, topics) -> Event:
    part = proposal.event
    values = _values(part.facts, EVENT_FIELDS)
    values["title"] = str(values.get("title") or proposal.title)[:300]
    event = Event(
        published=False,
        slug=unique_slug(Event, f"{values['title']} {values.get('date') or ''}"),
        **values,
    )
    event.full_clean(exclude=["slug"])
    event.save()
    recorder.made(event)
    for fact in part.facts:
        if fact.field in values:
            recorder.cite(event, fact.passage, fact.field)
    event.topics.set(topics)
    quote = next((f.passage.quote for f in part.facts if f.field == "date" and f.passage), "")
    EventSource.objects.create(event=event, document=recorder.document, quote=quote)
    for position, role in enumerate(part.organizations):
        organization = _organization(role.name, role.existing, recorder)
        link, made = EventOrganization.objects.get_or_create(
            event=event, organization=organization, role=role.role, defaults={"position": position}
        )
        if made:
            recorder.made(link, role.passage, "organization")
    for proposed in part.people:
        person = _person(proposed, recorder)
        affiliation = _affiliation(person, proposed, recorder)
        link, made = EventPerson.objects.get_or_create(
            event=event,
            person=person,
            role=proposed.role,
            defaults={"position": proposed.position, "affiliation": affiliation},
        )
        if made:
            recorder.made(link, proposed.passage, "person")
    return event


def _affiliation(person: Person, proposed, recorder: _Recorder) -> Affiliation | None:
    if not proposed.organization:
        return None
    organization = _organization(proposed.organization, proposed.organization_existing, recorder)
    affiliation = (
        Affiliation.objects.filter(
            person=person, organization=organization, title__iexact=proposed.title
        ).first()
        or Affiliation.objects.filter(person=person, organization=organization).first()
    )
    if affiliation:
        return affiliation
    affiliation = Affiliation.objects.create(
        person=person, organization=organization, title=proposed.title[:255]
    )
    return recorder.made(affiliation, proposed.passage, "title")
