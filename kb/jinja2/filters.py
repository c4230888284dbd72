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
from django.utils.formats import get_format
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import get_language, gettext, pgettext

from kb.enums import FigureQualifier
from kb.text import figure, render_markdown

__all__ = ["figure", "intcomma", "local_figure"]

QUALIFIER_NAMES = dict(FigureQualifier.choices)  # (lazy: named in the reader's language)

# The templates name English date formats; a Russian date puts the month in the genitive
# ("5 января 2024"), a Kazakh one reads year first, month in lower case ("2024 жылғы 5 қаңтар").
LOCAL_DATE_FORMATS = {
    "ru": {"j F Y": "j E Y", "j M Y": "j E Y", "l, j F Y": "l, j E Y", "M Y": "F Y"},
    "kk": {
        "j F Y": "Y жылғы j F",
        "j M Y": "Y жылғы j F",
        "l, j F Y": "Y жылғы j F, l",
        "M Y": "Y жылғы F",
        "F Y": "Y жылғы F",
    },
}
LOWER_CASE_MONTHS = {"kk"}

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
    language = get_language()
    if type(value) is datetime.date:
        return _date_text(value, arg, language)
    return _local_date(template_localtime(value), arg, language)


@lru_cache(maxsize=4096)
def _date_text(value, arg, language):
    return _local_date(value, arg, language)


def _local_date(value, arg, language):
    text = defaultfilters.date(value, LOCAL_DATE_FORMATS.get(language, {}).get(arg, arg))
    return text.lower() if language in LOWER_CASE_MONTHS and text else text


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


def local_figure(value):
    """A figure as the reader's language writes it: 71.1 in English, 71,1 in Russian and Kazakh.

    kb.text.figure stays the machine's form (chart widths, exports)."""
    text = figure(value)
    if "." in text:
        return text.replace(".", get_format("DECIMAL_SEPARATOR"))
    return text


def result_figure(result):
    """The figure with its qualifier, honestly: "71.1%", "less than 2%", or no figure at all."""
    return figure_text(result.percent, result.qualifier)


def figure_text(percent, qualifier: str) -> str:
    """result_figure() from a result's percent and qualifier (rows read without the model)."""
    if percent is None:
        return gettext("named, no figure given")
    text = pgettext("percentage", "%(figure)s%%") % {"figure": local_figure(percent)}
    if qualifier != FigureQualifier.EXACT:
        text = f"{QUALIFIER_NAMES.get(qualifier, qualifier)} {text}"
    return text
