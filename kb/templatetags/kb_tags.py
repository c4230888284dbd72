"""Template helpers for the public pages: safe Markdown, figures as printed, survey bars."""

from decimal import Decimal
from html import escape

from django import forms, template
from django.template import engines
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
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
    results = question.ordered_results()
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


BAR = (
    '<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" width="100%" '
    'height="14" aria-hidden="true" focusable="false">'
    '<rect class="bar__track" x="0" y="0" width="100" height="10"/>'
    '<rect class="{}" x="0" y="0" width="{}" height="10"/></svg>'
)


@register.simple_tag(takes_context=True)
def jinja(context, template_name, **values):
    """Render a repeated partial with Jinja2 (kb/jinja2.py says why), like `{% include ... only %}`.

    The partial sees the values passed and `user`; its output is autoescaped by Jinja2.
    """
    partial = engines["jinja2"].env.get_template(template_name)
    return mark_safe(partial.render(user=context.get("user"), **values))  # noqa: S308


@register.simple_tag
def results_chart(question):
    """A question's results as a table: label, the exact figure, an SVG bar (decorative).

    Built in Python rather than a template loop: a survey page draws a hundred rows. The table
    is what screen readers read; the bars are aria-hidden and take their width from an SVG
    attribute (no inline style, so a strict Content-Security-Policy holds). Every text from the
    database goes through `escape` (html.escape, as Django's own escape does).
    """
    rows = []
    for row in chart_rows(question):
        result = row["result"]
        row_class = "chart__row"
        fill_class = "bar__fill"
        if result.is_net:
            row_class += " chart__row--net"
            fill_class += " bar__fill--net"
        if row["is_part"]:
            row_class += " chart__row--part"
            fill_class += " bar__fill--part"
        if row["bound"]:
            fill_class += " bar__fill--bound"
        label = "".join(
            (
                '<span class="visually-hidden">of which </span>' if row["is_part"] else "",
                escape(result.label),
                ' <span class="net-tag">net</span>' if result.is_net else "",
            )
        )
        bar = BAR.format(fill_class, escape(row["width"])) if row["width"] is not None else ""
        figure_class = "chart__figure"
        if result.percent is None:
            figure_class += " chart__figure--none"
        rows.append(
            f'<tr class="{row_class}"><th scope="row" class="chart__label">{label}</th>'
            f'<td class="{figure_class}">{escape(result_figure(result))}</td>'
            f'<td class="chart__bar">{bar}</td></tr>'
        )
    caption = escape(question.short_label or question.text)
    return mark_safe(  # noqa: S308 - every database text escaped above
        f'<table class="chart"><caption class="visually-hidden">Results of question '
        f"{escape(str(question.number))}: {caption}"
        '</caption><thead class="visually-hidden"><tr><th scope="col">Answer</th>'
        '<th scope="col">Share of respondents</th><th scope="col">Bar</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


@register.simple_tag
def question_sources(question):
    """The distinct sentences a question's figures were taken from, in the order of the results."""
    quotes = []
    for text in [question.source_quote, *(r.source_quote for r in question.ordered_results())]:
        if text and text not in quotes:
            quotes.append(text)
    return quotes


EMPTY_LABELS = {"", "---------"}
INPUT_TYPES = {"NumberInput": "number", "DateInput": "date", "TextInput": "text"}


@register.simple_tag
def filter_control(bound):
    """One filter's control, rendered in Python: a 2,000-option <select> through Django's
    per-option widget templates costs tens of milliseconds; this costs one."""
    widget = bound.field.widget
    control_id = bound.id_for_label or bound.auto_id
    invalid = (
        format_html(' aria-invalid="true" aria-describedby="{}_error"', bound.auto_id)
        if bound.errors
        else ""
    )
    value = bound.value()
    value = "" if value is None else str(value)
    if isinstance(widget, forms.Select):
        empty_label = "Default" if bound.name == "ordering" else "Any"
        options = [
            format_html(
                '<option value="{}"{}>{}</option>',
                key,
                mark_safe(" selected") if str(key) == value else "",
                (empty_label if str(label) in EMPTY_LABELS else label),
            )
            for key, label in widget.choices
        ]
        return format_html(
            '<select id="{}" name="{}"{}>{}</select>',
            control_id,
            bound.html_name,
            invalid,
            mark_safe("".join(options)),  # noqa: S308 - each option built with format_html
        )
    attrs = widget.attrs
    return format_html(
        '<input type="{}" id="{}" name="{}" value="{}"{}{}>',
        INPUT_TYPES.get(type(widget).__name__, "text"),
        control_id,
        bound.html_name,
        value,
        format_html(' placeholder="{}"', attrs["placeholder"]) if attrs.get("placeholder") else "",
        invalid,
    )


@register.simple_tag
def admin_change_url(obj):
    """The admin page that edits `obj`, or "" while the admin does not register its model."""
    meta = obj._meta
    try:
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        return ""
