"""The Jinja2 environment for the partials that a page repeats (templates/kb/includes/*.jinja).

Pages are Django templates. A few partials are drawn 10 to 25 times per page (the event and
survey cards of the lists and the home page, a survey's question blocks): through Django's
template engine each costs 0.25-0.5 ms, a quarter of the busiest pages' time; compiled by
Jinja2 the same markup costs a fifth of that. Django templates include them with
`{% jinja "kb/includes/....jinja" name=value %}` (kb.templatetags.kb_tags.jinja).

Autoescaping is on, as in Django templates. Undefined names raise (StrictUndefined): a typo in a
partial fails the page tests instead of printing nothing.
"""

import datetime
from functools import lru_cache

from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import defaultfilters
from django.utils.timezone import template_localtime
from django.utils.translation import get_language
from jinja2 import Environment, StrictUndefined


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


def environment(**options) -> Environment:
    from kb.templatetags.kb_tags import question_sources, results_chart

    options.pop("autoescape", None)
    options.pop("undefined", None)
    env = Environment(autoescape=True, undefined=StrictUndefined, **options)
    env.filters.update(date=date, intcomma=intcomma, truncatechars=defaultfilters.truncatechars)
    env.globals.update(results_chart=results_chart, question_sources=question_sources)
    return env
