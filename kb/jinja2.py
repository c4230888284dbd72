"""The Jinja2 environment for the partials that a page repeats (templates/kb/includes/*.jinja).

Pages are Django templates. A few partials are drawn 10 to 25 times per page (the event and
survey cards of the lists and the home page, a survey's question blocks): through Django's
template engine each costs 0.25-0.5 ms, a quarter of the busiest pages' time; compiled by
Jinja2 the same markup costs a fifth of that. Django templates include them with
`{% jinja "kb/includes/....jinja" name=value %}` (kb.templatetags.kb_tags.jinja).

Autoescaping is on, as in Django templates. Undefined names raise (StrictUndefined): a typo in a
partial fails the page tests instead of printing nothing.
"""

from django.contrib.humanize.templatetags.humanize import intcomma
from django.template import defaultfilters
from django.utils.timezone import template_localtime
from jinja2 import Environment, StrictUndefined


def date(value, arg=None):
    """Django's `date` filter, on the local time as Django templates give it."""
    return defaultfilters.date(template_localtime(value), arg)


def environment(**options) -> Environment:
    from kb.templatetags.kb_tags import question_sources, results_chart

    options.pop("autoescape", None)
    options.pop("undefined", None)
    env = Environment(autoescape=True, undefined=StrictUndefined, **options)
    env.filters.update(date=date, intcomma=intcomma, truncatechars=defaultfilters.truncatechars)
    env.globals.update(results_chart=results_chart, question_sources=question_sources)
    return env
