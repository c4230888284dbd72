"""Atom and RSS feeds of what is new: published events and surveys, newest first."""

from itertools import islice

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kb.jinja2.filters import date
from kb.jinja2.languages import is_fallback
from kb.models import Event, Survey
from kb.text import one_line, plain_text, render_markdown

FEED_LENGTH = 30


def _summary_field(item) -> str:
    """The field a feed item's summary is: its summary, or a survey's headline without one."""
    return "summary" if item.summary or not hasattr(item, "headline") else "headline"


class LatestFeed(Feed):
    # In the feed's language: /ru/feeds/latest.atom is Russian (config/urls.py).
    title = _("Kenes: new events and surveys")
    description = _("Events and opinion surveys newly published on Kenes.")

    def link(self):
        """The home page in the feed's language (/ru/ for the Russian feed)."""
        return reverse("kb:home")

    def items(self):
        events = Event.objects.published().order_by("-created_at")[:FEED_LENGTH]
        surveys = Survey.objects.published().order_by("-created_at")[:FEED_LENGTH]
        merged = sorted([*events, *surveys], key=lambda item: item.created_at, reverse=True)
        return list(islice(merged, FEED_LENGTH))

    def item_title(self, item):
        if isinstance(item, Event):
            return f"{one_line(item.title)} ({date(item.date, 'j F Y')})"
        return gettext("Survey: %(title)s") % {"title": one_line(item.title)}

    def item_description(self, item):
        """HTML (Atom's summary type="html", RSS's description): staff's text rendered and
        sanitised like on the page, never as it was typed. XML 1.0 has no control characters."""
        return render_markdown(plain_text(getattr(item, _summary_field(item))))

    def item_extra_kwargs(self, item):
        """Which of the item's texts are English standing in for the feed's language: Atom
        marks them xml:lang="en" (RSS has no language but the channel's)."""
        return {
            "title_lang": "en" if is_fallback(item, "title") else "",
            "summary_lang": "en" if is_fallback(item, _summary_field(item)) else "",
        }

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_guid(self, item):
        # Stable across edits and address changes of the site: kind and slug.
        return f"kenes:{item._meta.model_name}:{item.slug}"

    item_guid_is_permalink = False

    def item_categories(self, item):
        return [item._meta.verbose_name]


class _MarkedElements:
    """A feed's XML writer that adds xml:lang to the named elements (the rest passes through)."""

    def __init__(self, handler, languages: dict[str, str]):
        self._handler = handler
        self._languages = languages

    def addQuickElement(self, name, contents=None, attrs=None):  # (the writer's own name)
        if self._languages.get(name):
            attrs = {**(attrs or {}), "xml:lang": self._languages[name]}
        self._handler.addQuickElement(name, contents, attrs)

    def __getattr__(self, name):
        return getattr(self._handler, name)


class MarkedAtom1Feed(Atom1Feed):
    """Atom with an entry's English title or summary marked xml:lang="en" in a Russian or
    Kazakh feed."""

    def add_item_elements(self, handler, item):
        marked = {"title": item.get("title_lang"), "summary": item.get("summary_lang")}
        if any(marked.values()):
            handler = _MarkedElements(handler, marked)
        super().add_item_elements(handler, item)


class LatestAtomFeed(LatestFeed):
    feed_type = MarkedAtom1Feed
    subtitle = LatestFeed.description
