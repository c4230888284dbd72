"""Page metadata and open formats in templates: `{% jsonld object %}`, `{% cite_this object %}`."""

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

from kb.exports import citations
from kb.exports.jsonld import jsonld_for, script_tag
from kb.models import Event, Question, Survey

register = template.Library()


@register.simple_tag(takes_context=True)
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


@register.inclusion_tag("kb/includes/cite_this.html", takes_context=True)
def cite_this(context, obj):
    """The "Cite this" box of a survey, question or event page."""
    request = context.get("request")
    if request is None or not isinstance(obj, Survey | Question | Event):
        return {"citation": None}
    published = obj.survey.published if isinstance(obj, Question) else obj.published
    if not published:
        return {"citation": None}
    return {
        "citation": citations.citation_for(obj, request),
        "urls": cite_urls(obj),
        "anchor": f"cite-q{obj.number}" if isinstance(obj, Question) else "cite",
    }
