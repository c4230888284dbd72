"""Surveys, their questions and question series as search documents (kb.search.documents has
the other types; kb.search.search_doc what a builder is)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Prefetch
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _

from kb import visibility
from kb.models import Result, SeriesWave, SurveyOrganization, Topic

from . import doc_lines
from .organizations import PARENTS
from .search_doc import (
    Builder,
    Shown,
    display,
    lines,
    org_fields,
    person_names,
    plain,
    topic_fields,
    topic_words,
)

NO_FIGURE = _("no figure")  # an answer the source names without a share


def _survey_years(survey) -> list[int]:
    days = [d for d in (survey.field_start, survey.field_end) if d]
    return sorted({d.year for d in days})


def _survey_records(surveys):
    return (
        surveys.published()
        .select_related("contact")
        .prefetch_related(
            Prefetch(
                "organization_roles",
                queryset=visibility.organization_links(SurveyOrganization).select_related(
                    f"organization__{PARENTS}"
                ),
            ),
            Prefetch("topics", queryset=visibility.topics()),
        )
    )


def _survey_shown(survey) -> Shown:
    contact = visibility.survey_contact(survey)
    return Shown(
        key=f"survey:{survey.pk}",
        title=survey.title,
        body=lines(
            survey.headline,
            plain(survey.summary),
            *(
                f"{display(link, 'role')} {link.organization.name}"
                for link in survey.organization_roles.all()
            ),
            display(survey, "mode"),
            survey.population,
            survey.geography,
            survey.country,
            survey.sample_size and doc_lines.respondents(survey.sample_size),
            survey.methodology_note,
            contact and doc_lines.contact(contact.name),
        ),
    )


def _survey_rest(survey) -> dict:
    contact = visibility.survey_contact(survey)
    return {
        "type": "survey",
        "url": survey.get_absolute_url(),
        "slug": survey.slug,
        "people": person_names(contact) if contact else "",
        "date": survey.field_end or survey.field_start,
        "years": _survey_years(survey),
        **topic_fields(list(survey.topics.all())),
        **org_fields(link.organization for link in survey.organization_roles.all()),
    }


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
        prefix = "" if result.qualifier == "exact" else f"{display(result, 'qualifier')} "
        label = result.label[:1].lower() + result.label[1:]
        parts.append(f"{prefix}{_number(f'{result.percent.normalize():f}')}% {label}")
    return " · ".join(parts)


def _question_records(questions):
    return (
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


def _question_shown(question) -> Shown:
    results = list(question.results.all())
    return Shown(
        key=f"question:{question.pk}",
        title=question.short_label or question.text[:200],
        body=lines(
            question.text,
            *map(_result_line, results),
            question.note,
            doc_lines.survey(question.survey.title),
        ),
        figures=leading_figures(results),
    )


def _question_rest(question) -> dict:
    survey = question.survey
    # The question's own topics: the survey's would tag every question with all of them.
    topics = {t.slug: t for t in question.topics.all()}
    return {
        "type": "question",
        "url": question.get_absolute_url(),
        "topics": " ".join(topic_words(t) for t in topics.values()),
        "date": survey.field_end or survey.field_start,
        "years": _survey_years(survey),
        "topic_slugs": sorted(topics),
        **org_fields(link.organization for link in survey.organization_roles.all()),
    }


def _series_records(series):
    return series.published().prefetch_related(
        Prefetch(
            "waves",
            queryset=SeriesWave.objects.filter(question__survey__published=True).select_related(
                "question__survey"
            ),
        ),
        Prefetch("topics", queryset=Topic.objects.published()),
    )


def _series_shown(item) -> Shown:
    """A question series: its questions' wordings and the surveys that asked them."""
    waves = item.ordered_waves()
    return Shown(
        key=f"series:{item.pk}",
        title=item.title,
        body=lines(
            plain(item.description),
            *dict.fromkeys(wave.question.text for wave in waves),
            *(doc_lines.survey(wave.survey.title) for wave in waves),
            *(wave.wording_note for wave in waves),
        ),
    )


def _series_rest(item) -> dict:
    days = [
        d for w in item.ordered_waves() for d in (w.survey.field_start, w.survey.field_end) if d
    ]
    return {
        "type": "series",
        "url": item.get_absolute_url(),
        "slug": item.slug,
        "date": max(days) if days else None,
        "years": sorted({d.year for d in days}),
        **topic_fields(list(item.topics.all())),
    }


SURVEYS = Builder(_survey_records, _survey_shown, _survey_rest)
QUESTIONS = Builder(_question_records, _question_shown, _question_rest)
SERIES = Builder(_series_records, _series_shown, _series_rest)
