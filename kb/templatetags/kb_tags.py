"""Template helpers for the public pages: safe Markdown, figures as printed, survey bars."""

from decimal import Decimal

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe

from kb.enums import FigureQualifier
from kb.text import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(value):
    """Staff's Markdown as sanitized HTML (kb.text.render_markdown does the work)."""
    return mark_safe(render_markdown(value))  # noqa: S308 - sanitized by nh3 just above


@register.filter
def figure(value):
    """A percentage as printed in the source: 71.1 stays 71.1, 53.0 shows as 53."""
    if value is None or value == "":
        return ""
    number = Decimal(value)
    if number == number.to_integral_value():
        return str(int(number))
    return str(number)


@register.filter
def result_figure(result):
    """The figure with its qualifier, honestly: "71.1%", "less than 2%", or no figure at all."""
    if result.percent is None:
        return "named, no figure given"
    text = f"{figure(result.percent)}%"
    if result.qualifier != FigureQualifier.EXACT:
        text = f"{result.get_qualifier_display()} {text}"
    return text


@register.simple_tag
def chart_rows(question):
    """A question's results in reading order: each net followed by its parts.

    Returns dicts (result, is_part, width, bound) for the template to draw; uses the prefetched
    results only, so a survey page's query count does not grow with its questions.
    """
    results = list(question.results.all())
    parts_of: dict[int, list] = {}
    for result in results:
        if result.net_id:
            parts_of.setdefault(result.net_id, []).append(result)
    ids = {result.pk for result in results}
    rows = []

    def add(result, is_part):
        percent = result.percent
        rows.append(
            {
                "result": result,
                "is_part": is_part,
                "width": figure(min(max(percent, Decimal(0)), Decimal(100)))
                if percent is not None
                else None,
                "bound": percent is not None and result.qualifier != FigureQualifier.EXACT,
            }
        )

    for result in results:
        if result.net_id and result.net_id in ids:
            continue  # drawn under its net
        add(result, is_part=False)
        for part in parts_of.get(result.pk, []):
            add(part, is_part=True)
    return rows


@register.simple_tag
def question_sources(question):
    """The distinct sentences a question's figures were taken from, in the order of the results."""
    quotes = []
    for text in [question.source_quote, *(r.source_quote for r in question.results.all())]:
        if text and text not in quotes:
            quotes.append(text)
    return quotes


@register.simple_tag
def admin_change_url(obj):
    """The admin page that edits `obj`, or "" while the admin does not register its model."""
    meta = obj._meta
    try:
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        return ""
