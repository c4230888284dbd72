"""What the index holds: one flat SearchDoc per public record, built the same way for both backends.

Only what the public may see is indexed, and every text of a document passes the rules of
kb/visibility.py as the record's page does: published records, people not withheld, a person's
withheld fields left out, linked names (an event's speakers and their positions, a survey's
contact, a parent, a publisher) only when the linked record is visible.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _

from kb import visibility
from kb.enums import EventPersonRole
from kb.models import (
    Event,
    EventOrganization,
    EventPerson,
    Organization,
    Person,
    Question,
    QuestionSeries,
    Result,
    SeriesWave,
    SourceDocument,
    Survey,
    SurveyOrganization,
    Topic,
    TranscriptSegment,
)
from kb.text import markdown_text

from . import doc_lines
from .languages import in_languages, translations
from .organizations import PARENTS, named, org_words, with_parents
from .text import fold, spelling_keys, text_fold

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
NO_FIGURE = _("no figure")  # an answer the source names without a share
# Roles a person facet offers, in the words of a researcher.
ROLE_LABELS = {EventPersonRole.SPEAKER: "spoke", EventPersonRole.MODERATOR: "moderated"}
ROLE_LABELS.update({EventPersonRole.DISCUSSANT: "discussed", EventPersonRole.CHAIR: "chaired"})


@dataclass
class SearchDoc:
    key: str  # "<type>:<pk>"
    type: str
    title: str
    url: str
    slug: str = ""  # the record's own slug (none for a question): the API links by it
    names: str = ""  # the record's own names and other spellings
    body: str = ""  # everything else a researcher may search for, already public
    people: str = ""  # names of the people the record is about or linked to
    orgs: str = ""  # names, short names and slugs of linked organizations
    topics: str = ""  # names of linked topics
    figures: str = ""  # a question's leading figures, shown with the hit
    date: datetime.date | None = None
    years: list[int] = field(default_factory=list)
    topic_slugs: list[str] = field(default_factory=list)
    org_slugs: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    # What a Russian or Kazakh results page shows of it (kb.search.localized), by language.
    languages: dict = field(default_factory=dict)

    @property
    def name_keys(self) -> str:
        """Folded spellings of the record's own names (and its title's words): a person's
        names folded whatever they are, other records' ordinary English words as spelt."""
        names = f"{self.title} {self.names}"
        return fold(names) if self.type == "person" else text_fold(names)

    @functools.cached_property
    def text_keys(self) -> str:
        """Folded keys of the proper names in all its text and of the parts of joined words
        (kept: the PostgreSQL backend reads them twice, for the row and the vocabulary)."""
        return spelling_keys(f"{self.title}\n{self.names}\n{self.body}")

    @property
    def people_keys(self) -> str:
        return fold(self.people)

    @property
    def datekey(self) -> int:
        return int(self.date.strftime("%Y%m%d")) if self.date else 0


def key_of(instance) -> str:
    return f"{MODEL_TYPES[type(instance)]}:{instance.pk}"


def _lines(*parts) -> str:
    return "\n".join(str(p) for p in parts if p)


def _topic_words(topic: Topic) -> str:
    """A topic's names in every language: a Russian query meets an English record through them."""
    return " ".join(
        dict.fromkeys(p for p in (*translations(topic, "name"), topic.alternate_names) if p)
    )


def _person_names(person: Person) -> str:
    return " ".join(dict.fromkeys([*person.all_names, *translations(person, "name")]))


# --- builders: each takes a queryset already narrowed to what may be shown ----------------------


def event_docs(events) -> Iterator[SearchDoc]:
    events = events.published().prefetch_related(
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
    for event in events:
        orgs = with_parents(link.organization for link in event.organization_roles.all())
        people_lines = []
        for link in event.person_roles.all():
            line = f"{link.get_role_display()}: {link.person.name}"
            if position := visibility.shown_affiliation(link):
                line += f", {position}"
            if link.talk_title:
                line += f". {link.talk_title}"
            people_lines.append(line)
        topics = list(event.topics.all())
        yield SearchDoc(
            key=f"event:{event.pk}",
            type="event",
            title=event.title,
            url=event.get_absolute_url(),
            slug=event.slug,
            body=_lines(
                event.subtitle,
                event.summary,
                markdown_text(event.description),
                *people_lines,
                *(
                    f"{link.get_role_display()}: {named(link.organization)}"
                    for link in event.organization_roles.all()
                ),
                event.location,
            ),
            people=" ".join(_person_names(link.person) for link in event.person_roles.all()),
            orgs=" ".join(org_words(o) for o in orgs),
            topics=" ".join(_topic_words(t) for t in topics),
            date=event.date,
            years=[event.date.year],
            topic_slugs=sorted({t.slug for t in topics}),
            org_slugs=sorted({o.slug for o in orgs}),
        )


def person_docs(people) -> Iterator[SearchDoc]:
    people = people.filter(visibility.person_q(None)).prefetch_related(
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
    for person in people:
        affiliations = visibility.public_affiliations(person)
        orgs = with_parents(a.organization for a in affiliations)
        topics = list(person.topics.all())
        roles = person.event_roles.all()
        yield SearchDoc(
            key=f"person:{person.pk}",
            type="person",
            title=person.name,
            url=person.get_absolute_url(),
            slug=person.slug,
            names=person.alternate_names,
            body=_lines(
                *(a.label for a in affiliations),
                markdown_text(visibility.public_bio(person)),
                visibility.public_research_interests(person),
                *(doc_lines.at(link.get_role_display(), link.event.title) for link in roles),
            ),
            people=_person_names(person),
            orgs=" ".join(map(org_words, orgs)),
            topics=" ".join(_topic_words(t) for t in topics),
            topic_slugs=sorted({t.slug for t in topics}),
            org_slugs=sorted({o.slug for o in orgs}),
            roles=sorted({ROLE_LABELS.get(link.role, link.role) for link in roles}),
        )


def organization_docs(orgs) -> Iterator[SearchDoc]:
    orgs = (
        orgs.published()
        .select_related(PARENTS)
        .prefetch_related(Prefetch("topics", queryset=visibility.topics()))
    )
    for org in orgs:
        parents = []
        node = org.parent
        while node is not None and len(parents) < 5:
            parents.append(node)
            node = node.parent
        topics = list(org.topics.all())
        yield SearchDoc(
            key=f"organization:{org.pk}",
            type="organization",
            title=org.name,
            url=org.get_absolute_url(),
            slug=org.slug,
            names=_lines(org.short_name, org.alternate_names),
            body=_lines(
                org.get_kind_display(),
                *(doc_lines.part_of(p.name) for p in parents if visibility.record_visible(p)),
                org.city,
                org.country,
                markdown_text(org.description),
            ),
            orgs=" ".join(map(org_words, with_parents([org]))),
            topics=" ".join(_topic_words(t) for t in topics),
            topic_slugs=sorted({t.slug for t in topics}),
            org_slugs=[o.slug for o in with_parents([org])],
        )


def topic_docs(topics) -> Iterator[SearchDoc]:
    for topic in topics.published().select_related("parent"):
        parent = visibility.linked(topic.parent)
        yield SearchDoc(
            key=f"topic:{topic.pk}",
            type="topic",
            title=topic.name,
            url=topic.get_absolute_url(),
            slug=topic.slug,
            names=topic.alternate_names,
            body=_lines(
                topic.get_kind_display(),
                parent and doc_lines.part_of(parent.name),
                markdown_text(topic.description),
            ),
            topics=_topic_words(topic),
            topic_slugs=sorted({topic.slug, *([parent.slug] if parent else [])}),
        )


def _survey_orgs(survey):
    return list(survey.organization_roles.all())


def _survey_prefetch(surveys):
    return surveys.prefetch_related(
        Prefetch(
            "organization_roles",
            queryset=visibility.organization_links(SurveyOrganization).select_related(
                f"organization__{PARENTS}"
            ),
        ),
        Prefetch("topics", queryset=visibility.topics()),
    )


def _survey_years(survey) -> list[int]:
    days = [d for d in (survey.field_start, survey.field_end) if d]
    return sorted({d.year for d in days})


def survey_docs(surveys) -> Iterator[SearchDoc]:
    surveys = _survey_prefetch(surveys.published().select_related("contact"))
    for survey in surveys:
        links = _survey_orgs(survey)
        topics = list(survey.topics.all())
        contact = visibility.survey_contact(survey)
        yield SearchDoc(
            key=f"survey:{survey.pk}",
            type="survey",
            title=survey.title,
            url=survey.get_absolute_url(),
            slug=survey.slug,
            body=_lines(
                survey.headline,
                markdown_text(survey.summary),
                *(f"{link.get_role_display()} {link.organization.name}" for link in links),
                survey.get_mode_display(),
                survey.population,
                survey.geography,
                survey.country,
                survey.sample_size and doc_lines.respondents(survey.sample_size),
                survey.methodology_note,
                contact and doc_lines.contact(contact.name),
            ),
            people=_person_names(contact) if contact else "",
            orgs=" ".join(map(org_words, with_parents(link.organization for link in links))),
            topics=" ".join(_topic_words(t) for t in topics),
            date=survey.field_end or survey.field_start,
            years=_survey_years(survey),
            topic_slugs=sorted({t.slug for t in topics}),
            org_slugs=sorted({o.slug for o in with_parents(link.organization for link in links)}),
        )


def _number(percent) -> str:
    """A share as the active language writes it: 71.6 in English, 71,6 in Russian and Kazakh."""
    return str(percent).replace(".", get_format("DECIMAL_SEPARATOR"))


def _result_line(result: Result) -> str:
    """An answer as its question's text reads it: "Disapprove: 71.6%" (the active language's)."""
    if result.percent is None:
        return f"{result.label}: {NO_FIGURE}"
    return f"{result.label}: {_number(result.percent)}%"


def leading_figures(results: Iterable[Result], limit: int = 2) -> str:
    """The question's top shares as a line: "71.1% disapprove · 11.3% support".

    Nets stand for their parts; options without a figure are left out.
    """
    shown = [r for r in results if r.percent is not None and r.net_id is None]
    shown.sort(key=lambda r: (-r.percent, r.position))
    parts = []
    for result in shown[:limit]:
        prefix = "" if result.qualifier == "exact" else f"{result.get_qualifier_display()} "
        label = result.label[:1].lower() + result.label[1:]
        parts.append(f"{prefix}{_number(f'{result.percent.normalize():f}')}% {label}")
    return " · ".join(parts)


def question_docs(questions) -> Iterator[SearchDoc]:
    questions = (
        questions.published()
        .select_related("survey")
        .prefetch_related(
            Prefetch("results", queryset=Result.objects.order_by("position")),
            Prefetch("topics", queryset=visibility.topics()),
            Prefetch(
                "survey__organization_roles",
                queryset=visibility.organization_links(SurveyOrganization).select_related(
                    f"organization__{PARENTS}"
                ),
            ),
        )
    )
    for question in questions:
        survey = question.survey
        results = list(question.results.all())
        links = _survey_orgs(survey)
        # The question's own topics: the survey's would tag every question with all of them.
        topics = {t.slug: t for t in question.topics.all()}
        yield SearchDoc(
            key=f"question:{question.pk}",
            type="question",
            title=question.short_label or question.text[:200],
            url=question.get_absolute_url(),
            body=_lines(
                question.text,
                *map(_result_line, results),
                question.note,
                doc_lines.survey(survey.title),
            ),
            orgs=" ".join(map(org_words, with_parents(link.organization for link in links))),
            topics=" ".join(_topic_words(t) for t in topics.values()),
            figures=leading_figures(results),
            date=survey.field_end or survey.field_start,
            years=_survey_years(survey),
            topic_slugs=sorted(topics),
            org_slugs=sorted({o.slug for o in with_parents(link.organization for link in links)}),
        )


def series_docs(series) -> Iterator[SearchDoc]:
    """A question series: its questions' wordings and the surveys that asked them."""
    series = series.published().prefetch_related(
        Prefetch(
            "waves",
            queryset=SeriesWave.objects.filter(question__survey__published=True).select_related(
                "question__survey"
            ),
        ),
        Prefetch("topics", queryset=Topic.objects.published()),
    )
    for item in series:
        waves = item.ordered_waves()
        surveys = [wave.survey for wave in waves]
        topics = list(item.topics.all())
        days = [d for s in surveys for d in (s.field_start, s.field_end) if d]
        yield SearchDoc(
            key=f"series:{item.pk}",
            type="series",
            title=item.title,
            url=item.get_absolute_url(),
            slug=item.slug,
            body=_lines(
                markdown_text(item.description),
                *dict.fromkeys(wave.question.text for wave in waves),
                *(doc_lines.survey(survey.title) for survey in surveys),
                *(wave.wording_note for wave in waves),
            ),
            topics=" ".join(_topic_words(t) for t in topics),
            date=max(days) if days else None,
            years=sorted({d.year for d in days}),
            topic_slugs=sorted({t.slug for t in topics}),
        )


def document_docs(documents) -> Iterator[SearchDoc]:
    for document in documents.published().select_related(f"publisher__{PARENTS}"):
        publisher = visibility.linked(document.publisher)
        yield SearchDoc(
            key=f"document:{document.pk}",
            type="document",
            title=document.title,
            url=document.get_absolute_url(),
            slug=document.slug,
            body=_lines(document.get_kind_display(), publisher and publisher.name, document.text),
            orgs=" ".join(map(org_words, with_parents([publisher]))) if publisher else "",
            date=document.issued,
            years=[document.issued.year] if document.issued else [],
            org_slugs=[o.slug for o in with_parents([publisher])] if publisher else [],
        )


def transcript_docs(segments) -> Iterator[SearchDoc]:
    from .transcript_docs import transcript_docs  # builds on this module's SearchDoc

    return transcript_docs(segments)


BUILDERS = {
    "event": (Event, event_docs),
    "person": (Person, person_docs),
    "organization": (Organization, organization_docs),
    "topic": (Topic, topic_docs),
    "survey": (Survey, survey_docs),
    "question": (Question, question_docs),
    "series": (QuestionSeries, series_docs),
    "document": (SourceDocument, document_docs),
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
