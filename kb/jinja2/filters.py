"""Filters of the public templates: values as Django's own filters print them, and figures.

Django's filters are reused as they are (same text, same escaping); `date` and `time` first move
datetimes to the current time zone, as Django's engine does for filters that expect local time.
"""

import datetime
from functools import lru_cache

from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import defaultfilters
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import get_language

from kb.enums import FigureQualifier
from kb.text import figure, render_markdown

__all__ = ["figure", "intcomma"]

truncatechars = defaultfilters.truncatechars
pluralize = defaultfilters.pluralize


def date(value, arg=None):
    """Django's `date` filter, on the local time as Django templates give it.

    A topic page or a list prints 25 to 60 calendar dates, most of them repeated (the same
    month, the same day of a busy conference); Django parses the format and looks up the month
    name's translation for each. A plain date's text depends only on the date, the format and
    the active language, so it is kept (a few thousand at most). Datetimes are not: two equal
    instants in different time zones print differently.
    """
    if type(value) is datetime.date:
        return _date_text(value, arg, get_language())
    return defaultfilters.date(template_localtime(value), arg)


@lru_cache(maxsize=4096)
def _date_text(value, arg, language):
    return defaultfilters.date(value, arg)


@receiver(setting_changed)
def _forget_date_texts(setting, **kwargs):
    if setting in {"DATE_FORMAT", "LANGUAGE_CODE", "USE_I18N", "FORMAT_MODULE_PATH"}:
        _date_text.cache_clear()


def time(value, arg=None):
    return defaultfilters.time(template_localtime(value), arg)


def markdown(value):
    """Staff's Markdown as sanitized HTML (kb.text.render_markdown does the work)."""
    return mark_safe(render_markdown(value))  # noqa: S308 - sanitized by nh3 just above


def linebreaks(value):
    return defaultfilters.linebreaks_filter(value, autoescape=True)


def linebreaksbr(value):
    return defaultfilters.linebreaksbr(value, autoescape=True)


def result_figure(result):
    """The figure with its qualifier, honestly: "71.1%", "less than 2%", or no figure at all."""
    if result.percent is None:
        return "named, no figure given"
    text = f"{figure(result.percent)}%"
    if result.qualifier != FigureQualifier.EXACT:
        text = f"{result.get_qualifier_display()} {text}"
    return text
