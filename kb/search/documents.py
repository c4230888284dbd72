"""What the index holds: one flat SearchDoc per public record, built the same way for both backends.

Only what the public may see is indexed, and every text of a document passes the rules of
kb/visibility.py as the record's page does: published records, people not withheld, a person's
withheld fields left out, linked names (an event's speakers and their positions, a survey's
contact, a parent, a publisher) only when the linked record is visible. Surveys, questions and
series are built in kb.search.survey_docs, passages in kb.search.transcript_docs; what a builder
is, kb.search.search_doc.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from kb import visibility
from kb.enums import EventFormat, EventKind
from kb.models import (
    Event,
    EventOrganization,
    EventPerson,
    Organization,
    Person,
    Question,
    QuestionSeries,
    SourceDocument,
    Survey,
    Topic,
    TranscriptSegment,
)

from . import doc_lines, survey_docs
from .languages import in_languages
from .organizations import PARENTS, named, org_words, with_parents
from .search_doc import (
    ROLE_LABELS,
    Builder,
    SearchDoc,
    Shown,
    display,
    lines,
    org_fields,
    person_names,
    plain,
    topic_fields,
    topic_words,
)
from .transcript_docs import transcript_docs

# Shown to readers (the page's language); the index keeps the keys.
TYPE_LABELS = {
    "event": _("Event"),
    "person": _("Person"),
    "organization": _("Organization"),
    "topic": _("Topic"),
    "survey": _("Survey"),
    "question": _("Survey question"),
    "series": _("Question series"),
    "document": _("Source document"),
    "transcript": _("Transcript passage"),
}


def key_of(instance) -> str:
    return f"{MODEL_TYPES[type(instance)]}:{instance.pk}"


# --- builders: each takes a queryset already narrowed to what may be shown ----------------------


def _event_records(events):
    return events.published().prefetch_related(
        Prefetch(
            "organization_roles",
            queryset=visibility.organization_links(EventOrganization).select_related(
                f"organization__{PARENTS}"
            ),
        ),
        Prefetch(
            "person_roles",
            queryset=visibility.person_links(EventPerson).select_related(
                "person", "affiliation__organization"
            ),
        ),
        Prefetch("topics", queryset=visibility.topics()),
    )


def _event_shown(event) -> Shown:
    people_lines = []
    for link in event.person_roles.all():
        line = f"{display(link, 'role')}: {link.person.name}"
        if position := visibility.shown_affiliation(link):
            line += f", {position}"
        if link.talk_title:
            line += f". {link.talk_title}"
        people_lines.append(line)
    return Shown(
        key=f"event:{event.pk}",
        title=event.title,
        body=lines(
            event.subtitle,
            event.summary,
            plain(event.description),
            *people_lines,
            *(
                f"{display(link, 'role')}: {named(link.organization)}"
                for link in event.organization_roles.all()
            ),
            event.location,
        ),
    )


@functools.cache
def _event_kind_words(kind: str, form: str) -> str:
    """What an event is, in every language ("Panel discussion", "Online", "Панельная
    дискуссия"...): a reader searches by it. An event held online is also what readers call a
    webinar, whatever its kind. ("In person" is left out: its "person" would make every such
    event a hit for the word.)"""
    labels = [dict(EventKind.choices).get(kind)]
    if form != EventFormat.IN_PERSON:
        labels.append(dict(EventFormat.choices).get(form))
    if form == EventFormat.ONLINE:
        labels.append(EventKind.WEBINAR.label)
    words: dict[str, None] = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            words.update(dict.fromkeys(str(label) for label in labels if label))
    return " ".join(words)


def _event_rest(event) -> dict:
    return {
        "type": "event",
        "names": _event_kind_words(event.kind, event.format),
        "url": event.get_absolute_url(),
        "slug": event.slug,
        "people": " ".join(person_names(link.person) for link in event.person_roles.all()),
        "date": event.date,
        "years": [event.date.year],
        **topic_fields(list(event.topics.all())),
        **org_fields(link.organization for link in event.organization_roles.all()),
    }


def _person_records(people):
    return people.filter(visibility.person_q(None)).prefetch_related(
        Prefetch(
            "affiliations",
            queryset=visibility.affiliations().select_related(f"organization__{PARENTS}"),
        ),
        Prefetch("topics", queryset=visibility.topics()),
        Prefetch(
            "event_roles",
            queryset=EventPerson.objects.filter(visibility.visible_q(None, "event")).select_related(
                "event"
            ),
        ),
    )


def _person_shown(person) -> Shown:
    return Shown(
        key=f"person:{person.pk}",
        title=person.name,
        body=lines(
            *(a.label for a in visibility.public_affiliations(person)),
            plain(visibility.public_bio(person)),
            visibility.public_research_interests(person),
            *(
                doc_lines.at(display(link, "role"), link.event.title)
                for link in person.event_roles.all()
            ),
        ),
    )


def _person_rest(person) -> dict:
    return {
        "type": "person",
        "url": person.get_absolute_url(),
        "slug": person.slug,
        "names": person.alternate_names,
        "people": person_names(person),
        **topic_fields(list(person.topics.all())),
        **org_fields(a.organization for a in visibility.public_affiliations(person)),
        "roles": sorted(
            {ROLE_LABELS.get(link.role, link.role) for link in person.event_roles.all()}
        ),
    }


def _organization_records(orgs):
    return (
        orgs.published()
        .select_related(PARENTS)
        .prefetch_related(Prefetch("topics", queryset=visibility.topics()))
    )


def _organization_shown(org) -> Shown:
    parents = []
    node = org.parent
    while node is not None and len(parents) < 5:
        parents.append(node)
        node = node.parent
    return Shown(
        key=f"organization:{org.pk}",
        title=org.name,
        body=lines(
            display(org, "kind"),
            *(doc_lines.part_of(p.name) for p in parents if visibility.record_visible(p)),
            org.city,
            org.country,
            plain(org.description),
        ),
    )


def _organization_rest(org) -> dict:
    orgs = with_parents([org])
    return {
        "type": "organization",
        "url": org.get_absolute_url(),
        "slug": org.slug,
        "names": lines(org.short_name, org.alternate_names),
        "orgs": " ".join(map(org_words, orgs)),
        **topic_fields(list(org.topics.all())),
        "org_slugs": [o.slug for o in orgs],  # the organization's own first
    }


def _topic_records(topics):
    return topics.published().select_related("parent")


def _topic_shown(topic) -> Shown:
    parent = visibility.linked(topic.parent)
    return Shown(
        key=f"topic:{topic.pk}",
        title=topic.name,
        body=lines(
            display(topic, "kind"),
            parent and doc_lines.part_of(parent.name),
            plain(topic.description),
        ),
    )


def _topic_rest(topic) -> dict:
    parent = visibility.linked(topic.parent)
    return {
        "type": "topic",
        "url": topic.get_absolute_url(),
        "slug": topic.slug,
        "names": topic.alternate_names,
        "topics": topic_words(topic),
        "topic_slugs": sorted({topic.slug, *([parent.slug] if parent else [])}),
    }


def _document_records(documents):
    return documents.published().select_related(f"publisher__{PARENTS}")


def _document_shown(document) -> Shown:
    publisher = visibility.linked(document.publisher)
    return Shown(
        key=f"document:{document.pk}",
        title=document.title,
        body=lines(display(document, "kind"), publisher and publisher.name, document.text),
    )


def _document_rest(document) -> dict:
    publisher = visibility.linked(document.publisher)
    orgs = with_parents([publisher]) if publisher else []
    return {
        "type": "document",
        "url": document.get_absolute_url(),
        "slug": document.slug,
        "orgs": " ".join(map(org_words, orgs)),
        "date": document.issued,
        "years": [document.issued.year] if document.issued else [],
        "org_slugs": [o.slug for o in orgs],
    }


BUILDERS = {
    "event": (Event, Builder(_event_records, _event_shown, _event_rest)),
    "person": (Person, Builder(_person_records, _person_shown, _person_rest)),
    "organization": (
        Organization,
        Builder(_organization_records, _organization_shown, _organization_rest),
    ),
    "topic": (Topic, Builder(_topic_records, _topic_shown, _topic_rest)),
    "survey": (Survey, survey_docs.SURVEYS),
    "question": (Question, survey_docs.QUESTIONS),
    "series": (QuestionSeries, survey_docs.SERIES),
    "document": (SourceDocument, Builder(_document_records, _document_shown, _document_rest)),
    "transcript": (TranscriptSegment, transcript_docs),
}
MODEL_TYPES = {model: name for name, (model, _builder) in BUILDERS.items()}


def all_docs(batch: int = 500) -> Iterator[SearchDoc]:
    """Every indexable record, in batches so memory stays flat on a large database."""
    for name, (model, builder) in BUILDERS.items():
        ids = list(model._default_manager.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), batch):
            chunk = ids[start : start + batch]
            yield from in_languages(builder, model._default_manager.filter(pk__in=chunk))
        del name


def docs_for_keys(keys: Iterable[str]) -> tuple[list[SearchDoc], set[str]]:
    """Build the documents for some keys; the keys that build nothing are to be removed."""
    by_type: dict[str, list[int]] = {}
    for key in keys:
        kind, _, pk = key.partition(":")
        if kind in BUILDERS and pk.isdigit():
            by_type.setdefault(kind, []).append(int(pk))
    docs, wanted = [], set()
    for kind, pks in by_type.items():
        model, builder = BUILDERS[kind]
        wanted.update(f"{kind}:{pk}" for pk in pks)
        for start in range(0, len(pks), 500):
            chunk = model._default_manager.filter(pk__in=pks[start : start + 500])
            docs.extend(in_languages(builder, chunk))
    return docs, wanted - {d.key for d in docs}
