"""Citations of surveys, questions and events: formatted text, BibTeX and CSL-JSON.

One `Citation` per record, built from what the public page shows; the three formats are
renderings of it, so they always agree. Every citation carries the permanent URL and the date
accessed (today), as citation styles ask for web sources.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass, field

from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import formats, timezone
from django.utils.translation import get_language, gettext

from kb import visibility
from kb.enums import EventPersonRole, SurveyOrganizationRole
from kb.jinja2.filters import date
from kb.models import Event, Question, Survey

SITE_NAME = "Kenes"


@dataclass
class Author:
    """A person (given and family names) or an organization (a literal name)."""

    literal: str = ""
    given: str = ""
    family: str = ""

    @classmethod
    def person(cls, name: str) -> Author:
        *given, family = name.split() or [""]
        return cls(given=" ".join(given), family=family)

    @property
    def display(self) -> str:
        """Family name and initials (Zhovtis, Y.); an organization's name as it is."""
        if self.literal:
            return self.literal
        initials = " ".join(f"{part[0]}." for part in self.given.split() if part)
        return f"{self.family}, {initials}" if initials else self.family

    def csl(self) -> dict:
        if self.literal:
            return {"literal": self.literal}
        return {"family": self.family, "given": self.given}

    def bibtex(self) -> str:
        if self.literal:
            return "{" + bibtex_escape(self.literal) + "}"
        return f"{bibtex_escape(self.family)}, {bibtex_escape(self.given)}"


@dataclass
class Citation:
    key: str
    csl_type: str  # dataset, speech
    bibtex_type: str
    medium: str  # what the bracket after the title says: [Data set], [Online discussion]
    title: str
    url: str
    accessed: datetime.date
    authors: list[Author] = field(default_factory=list)
    issued: datetime.date | None = None
    container_title: str = ""
    publisher: str = ""
    event_title: str = ""
    event_place: str = ""
    note: str = ""

    def text(self) -> str:
        """APA-like: Authors. (Date). Title [Medium]. In Container. Publisher. URL (accessed)."""
        english = (get_language() or "en").startswith("en")
        if self.issued is None:
            when = gettext("n.d.")
        elif self.csl_type == "speech":
            # APA's "2023, December 7" in English; the reader's own way of writing a date else.
            when = (
                f"{self.issued:%Y, %B} {self.issued.day}" if english else date(self.issued, "j F Y")
            )
        else:
            when = f"{self.issued:%Y}"
        who = join_names([author.display for author in self.authors])
        title = f"{self.title} [{self.medium}]."
        if who:
            pieces = [f"{who}{'' if who.endswith('.') else '.'} ({when}).", title]
        else:
            pieces = [title, f"({when})."]
        if self.container_title:
            pieces.append(gettext("In %(container)s.") % {"container": self.container_title})
        if self.publisher:
            pieces.append(f"{self.publisher}.")
        accessed = date(self.accessed, "j F Y")
        pieces.append(gettext("%(url)s (accessed %(date)s).") % {"url": self.url, "date": accessed})
        return " ".join(pieces)

    def csl_json(self) -> dict:
        item = {
            "id": self.key,
            "type": self.csl_type,
            "title": self.title,
            "URL": self.url,
            "accessed": date_parts(self.accessed),
            "medium": self.medium,
        }
        if self.authors:
            item["author"] = [author.csl() for author in self.authors]
        if self.issued:
            item["issued"] = date_parts(self.issued)
        for key, value in (
            ("container-title", self.container_title),
            ("publisher", self.publisher),
            ("event-title", self.event_title),
            ("event-place", self.event_place),
            ("note", self.note),
        ):
            if value:
                item[key] = value
        if self.csl_type == "speech" and self.issued:
            item["event-date"] = date_parts(self.issued)
        return item

    def bibtex(self) -> str:
        fields = [("title", "{" + bibtex_escape(self.title) + "}")]
        if self.authors:
            fields.append(("author", " and ".join(author.bibtex() for author in self.authors)))
        if self.issued:
            fields += [("year", str(self.issued.year)), ("date", self.issued.isoformat())]
        for name, value in (
            ("howpublished", self.medium),
            ("booktitle" if self.bibtex_type == "inproceedings" else "note", self.container_title),
            ("publisher", self.publisher),
            ("eventtitle", self.event_title),
            ("venue", self.event_place),
        ):
            if value:
                fields.append((name, bibtex_escape(value)))
        fields += [("url", self.url), ("urldate", self.accessed.isoformat())]
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        return f"@{self.bibtex_type}{{{self.key},\n{body}\n}}\n"


BIBTEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def bibtex_escape(text: str) -> str:
    return "".join(BIBTEX_SPECIALS.get(char, char) for char in text)


def join_names(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    if len(names) == 2:
        return f"{names[0]} & {names[1]}"
    return ", ".join(names[:-1]) + ", & " + names[-1]


def date_parts(day: datetime.date) -> dict:
    return {"date-parts": [[day.year, day.month, day.day]]}


def bibtex_key(*parts) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "", "".join(str(p).title() for p in parts if p)) or "kenes"


def survey_authors(survey: Survey) -> list[Author]:
    """Who ran it; failing that, the first organization named in any role (partner, ...)."""
    organizations = visibility.organizations_in_role(survey, SurveyOrganizationRole.CONDUCTOR)
    if not organizations:
        organizations = [link.organization for link in visibility.public_organization_roles(survey)]
        organizations = organizations[:1]
    return [Author(literal=organization.name) for organization in organizations]


def key_words(slug: str, count: int = 2) -> list[str]:
    """The slug's first words (dates left out): a BibTeX key never ends mid-word."""
    return [word for word in slug.split("-") if not word.isdigit()][:count]


def survey_medium(survey: Survey) -> str:
    bits = [gettext("Data set"), survey.get_mode_display().lower()]
    if survey.sample_size:
        bits.append(f"n = {formats.number_format(survey.sample_size, force_grouping=True)}")
    return ", ".join(bits)


def survey_citation(survey: Survey, *, url: str, accessed: datetime.date) -> Citation:
    authors = survey_authors(survey)
    first = authors[0].literal.split()[0] if authors else ""
    return Citation(
        key=bibtex_key(first, survey.year, survey.slug.split("-")[0]),
        csl_type="dataset",
        bibtex_type="misc",
        medium=survey_medium(survey),
        title=survey.title,
        url=url,
        accessed=accessed,
        authors=authors,
        issued=survey.field_end or survey.field_start,
        publisher=SITE_NAME,
        note=fieldwork_note(survey),
    )


def fieldwork_note(survey: Survey) -> str:
    if survey.field_start and survey.field_end:
        return f"Fieldwork {survey.field_start.isoformat()} to {survey.field_end.isoformat()}"
    return ""


def question_citation(question: Question, *, url: str, accessed: datetime.date) -> Citation:
    survey = question.survey
    base = survey_citation(survey, url=url, accessed=accessed)
    base.key = f"{base.key}Q{question.number}"
    base.title = f"Q{question.number}. {question.short_label or question.text}"
    base.container_title = survey.title
    return base


def event_citation(event: Event, *, url: str, accessed: datetime.date) -> Citation:
    links = visibility.public_person_roles(event)
    speakers = [
        Author.person(link.person.name)
        for link in links
        if link.role in (EventPersonRole.SPEAKER, EventPersonRole.DISCUSSANT)
    ]
    organizers = [link.organization.name for link in visibility.public_organization_roles(event)]
    authors = speakers or [Author(literal=name) for name in organizers[:1]]
    return Citation(
        key=bibtex_key(
            speakers[0].family if speakers else "", event.date.year, *key_words(event.slug)
        ),
        csl_type="speech",
        bibtex_type="misc",
        medium=event.get_kind_display(),
        title=event.title,
        url=url,
        accessed=accessed,
        authors=authors,
        issued=event.date,
        publisher=organizers[0] if organizers else "",
        event_title=event.title,
        event_place=event.location or event.get_format_display(),
    )


def citation_for(obj, request) -> Citation:
    url = request.build_absolute_uri(obj.get_absolute_url())
    accessed = timezone.localdate()
    if isinstance(obj, Survey):
        return survey_citation(obj, url=url, accessed=accessed)
    if isinstance(obj, Question):
        return question_citation(obj, url=url, accessed=accessed)
    if isinstance(obj, Event):
        return event_citation(obj, url=url, accessed=accessed)
    raise TypeError(f"No citation for {type(obj).__name__}")


def citation_response(citation: Citation, fmt: str, filename: str):
    if fmt == "bib":
        response = HttpResponse(
            citation.bibtex(), content_type="application/x-bibtex; charset=utf-8"
        )
    elif fmt == "json":
        # CSL-JSON is a list of items; Zotero, Pandoc and citeproc read it as it is.
        response = HttpResponse(
            json.dumps([citation.csl_json()], ensure_ascii=False, indent=2),
            content_type="application/vnd.citationstyles.csl+json; charset=utf-8",
        )
    elif fmt == "txt":
        response = HttpResponse(citation.text() + "\n", content_type="text/plain; charset=utf-8")
    else:  # the URL patterns only let the three through
        return JsonResponse({"error": f"Unknown citation format {fmt!r}."}, status=404)
    extension = {"bib": "bib", "json": "csl.json", "txt": "txt"}[fmt]
    response["Content-Disposition"] = f'attachment; filename="{filename}.{extension}"'
    return response


def survey_cite(request, slug, fmt):
    survey = get_object_or_404(Survey.objects.published().with_list_related(), slug=slug)
    return citation_response(citation_for(survey, request), fmt, survey.slug)


def question_cite(request, slug, number, fmt):
    question = get_object_or_404(
        Question.objects.published()
        .select_related("survey")
        .prefetch_related("survey__organization_roles__organization"),
        survey__slug=slug,
        number=number,
    )
    return citation_response(
        citation_for(question, request), fmt, f"{question.survey.slug}-q{question.number}"
    )


def event_cite(request, slug, fmt):
    event = get_object_or_404(Event.objects.published().with_list_related(), slug=slug)
    return citation_response(citation_for(event, request), fmt, event.slug)
