"""Globals of the public templates that look at records: survey charts, filters, metadata."""

from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple

from django import forms
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe
from jinja2 import pass_context

from kb.enums import FigureQualifier
from kb.exports import citations
from kb.exports.jsonld import jsonld_for, script_tag
from kb.jinja2.filters import figure
from kb.models import Event, Question, Survey


class ChartRow(NamedTuple):
    """One bar of a question's chart (jinja2/kb/includes/results_chart.html)."""

    result: object
    is_part: bool  # drawn under its net
    width: str | None  # the bar's length in percent; None without a figure
    bound: bool  # "less than", "more than": the bar is drawn as a bound


def chart_rows(question) -> list[ChartRow]:
    """A question's results in reading order: each net followed by its parts.

    Uses the prefetched results only, so a survey page's query count does not grow with its
    questions.
    """
    results = question.ordered_results()
    parts_of: dict[int, list] = {}
    for result in results:
        if result.net_id:
            parts_of.setdefault(result.net_id, []).append(result)
    ids = {result.pk for result in results}
    rows = []

    def add(result, is_part):
        percent = result.percent
        width = None
        if percent is not None:
            width = figure(min(max(percent, Decimal(0)), Decimal(100)))
        bound = percent is not None and result.qualifier != FigureQualifier.EXACT
        rows.append(ChartRow(result, is_part, width, bound))

    for result in results:
        if result.net_id and result.net_id in ids:
            continue  # drawn under its net
        add(result, is_part=False)
        for part in parts_of.get(result.pk, []):
            add(part, is_part=True)
    return rows


def question_sources(question) -> list[str]:
    """The distinct sentences a question's figures were taken from, in the order of the results."""
    quotes = []
    for text in [question.source_quote, *(r.source_quote for r in question.ordered_results())]:
        if text and text not in quotes:
            quotes.append(text)
    return quotes


INPUT_TYPES = {"NumberInput": "number", "DateInput": "date", "TextInput": "text"}


def widget_control(widget) -> str:
    """How a filter's widget is drawn (jinja2/kb/includes/filter_control.html): "select",
    or the type of its <input>."""
    if isinstance(widget, forms.Select):
        return "select"
    return INPUT_TYPES.get(type(widget).__name__, "text")


@pass_context
def querystring(context, **changes) -> str:
    """Django's `{% querystring %}`: the page's query string with some parameters changed
    (None removes one)."""
    query = context["request"].GET
    params = query.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        elif isinstance(value, Iterable) and not isinstance(value, str):
            params.setlist(key, value)
        else:
            params[key] = value
    if not params and not query:
        return ""
    return f"?{params.urlencode()}"


def admin_change_url(obj) -> str:
    """The admin page that edits `obj`, or "" while the admin does not register its model."""
    meta = obj._meta
    try:
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        return ""


@pass_context
def jsonld(context, obj):
    """schema.org JSON-LD for the page's record, in a safely escaped <script> element."""
    data = jsonld_for(obj, context.get("request"))
    if data is None:
        return ""
    return mark_safe(script_tag(data))  # noqa: S308 - script_tag escapes <, > and &


def cite_urls(obj) -> dict:
    if isinstance(obj, Question):
        return obj.cite_links
    if isinstance(obj, Survey):
        name, args = "exports:survey-cite", [obj.slug]
    else:
        name, args = "exports:event-cite", [obj.slug]
    return {fmt: reverse(name, args=[*args, fmt]) for fmt in ("bib", "json", "txt")}


@pass_context
def cite_this(context, obj):
    """The "Cite this" box of a survey, question or event page (kb/includes/cite_this.html)."""
    request = context.get("request")
    citation = None
    if request is not None and isinstance(obj, Survey | Question | Event):
        published = obj.survey.published if isinstance(obj, Question) else obj.published
        if published:
            citation = citations.citation_for(obj, request)
    if citation is None:
        return ""
    partial = context.environment.get_template("kb/includes/cite_this.html")
    anchor = f"cite-q{obj.number}" if isinstance(obj, Question) else "cite"
    return mark_safe(  # noqa: S308 - an autoescaped template's output
        partial.render(citation=citation, urls=cite_urls(obj), anchor=anchor)
    )
