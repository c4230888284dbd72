"""The template engine of the public pages: Django's Jinja2 backend (config/settings.py).

Every public page, the search page and the error pages are Jinja2 templates under jinja2/;
the admin (its overrides in templates/) and the API's browsable pages keep Django's engine.
Jinja2 compiles a template to Python: the pages repeat a card or a question block 10 to 100
times, and Django's engine cost a quarter of the busiest pages' time on such partials
(docs/benchmarks.md).

Autoescaping is on. Undefined names raise (StrictUndefined): a typo in a template fails the page
tests instead of printing nothing; a name a view may leave out is tested with `is defined`.
What templates can call is listed in `environment()`; helpers that touch records live in
kb.jinja2.helpers, filters that format values in kb.jinja2.filters.
"""

from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from jinja2 import Environment, StrictUndefined, pass_context

from kb import visibility
from kb.i18n import alternate_links, language_links
from kb.jinja2 import filters, helpers, languages
from kb.jinja2.filters import date
from kb.models.base import fast_reverse
from kb.passages import PassageLinks

__all__ = ["date", "environment"]


def url(name: str, *args, **kwargs) -> str:
    """Django's `{% url %}`: `url('kb:event-detail', event.slug)`. A page's links without
    arguments (the header's, the footer's: ten on every page) are reversed once per language
    and script prefix (kb.models.base.fast_reverse): reverse() walks the resolver, ~80 µs each."""
    if not args and not kwargs:
        return fast_reverse(name)
    return reverse(name, args=args or None, kwargs=kwargs or None)


@pass_context
def visible(context, record):
    """`record` (a parent, a publisher, a source) when the reader may see it, else None."""
    return visibility.linked(record, context.get("user"))


def environment(**options) -> Environment:
    options.pop("autoescape", None)
    options.pop("undefined", None)
    extensions = [*options.pop("extensions", []), "jinja2.ext.i18n"]
    env = Environment(autoescape=True, undefined=StrictUndefined, extensions=extensions, **options)
    # `{% trans %}`, `_()`, `gettext()`, `ngettext()`: Django's catalogues, active language.
    env.install_gettext_translations(translation, newstyle=True)
    env.filters.update(
        date=filters.date,
        time=filters.time,
        figure=filters.local_figure,
        result_figure=filters.result_figure,
        markdown=filters.markdown,
        intcomma=filters.intcomma,
        truncatechars=filters.truncatechars,
        pluralize=filters.pluralize,
        linebreaks=filters.linebreaks,
        linebreaksbr=filters.linebreaksbr,
    )
    env.globals.update(
        url=url,
        static=static,
        querystring=helpers.querystring,
        admin_change_url=helpers.admin_change_url,
        chart_rows=helpers.chart_rows,
        question_sources=helpers.question_sources,
        widget_control=helpers.widget_control,
        jsonld=helpers.jsonld,
        cite_this=helpers.cite_this,
        translated=languages.translated,
        fallback_lang=languages.fallback_lang,
        question_label=languages.question_label,
        visible=visible,
        current_language=translation.get_language,
        language_links=language_links,
        alternate_links=alternate_links,
        # Pages that show figures put their own in the context (kb.passages): elsewhere a figure
        # has no passage to link to.
        passage_links=PassageLinks(),
    )
    return env
