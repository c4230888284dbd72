"""Every public output's address, for tests that must look at all of them (backups, privacy,
bad input). Pages, search, and whatever API, feed, export and sitemap routes are installed."""

import itertools
import re

import pytest
from django.urls import NoReverseMatch, get_resolver, reverse

from kb.models import Event, Organization, Person, SourceDocument, Survey, Topic

LIST_ROUTES = [
    "kb:home",
    "kb:event-list",
    "kb:person-list",
    "kb:organization-list",
    "kb:topic-list",
    "kb:survey-list",
]
DETAIL_MODELS = [Event, Person, Organization, Topic, Survey, SourceDocument]
SEARCHES = ["", "torture", "trust", "Zhovtis", "Жовтис", "paperlab", "survey", "type:person"]


def page_urls() -> list[str]:
    """The HTML pages: home, lists, every published record's detail, a few searches."""
    urls = [reverse(name) for name in LIST_ROUTES]
    for model in DETAIL_MODELS:
        queryset = model.objects.public() if model is Person else model.objects.published()
        urls += [obj.get_absolute_url() for obj in queryset.order_by("slug")]
    urls += [f"{reverse('search:search')}?q={q}" for q in SEARCHES]
    return urls


def other_public_urls() -> list[str]:
    """Routes outside the pages (API, feeds, exports, sitemap), found by name when installed."""
    urls = []
    for pattern_name in [
        "sitemap",
        "django.contrib.sitemaps.views.sitemap",
        "kb:sitemap",
        "kb:feed",
        "kb:event-feed",
        "kb:events-feed",
        "kb:event-ical",
        "kb:events-ics",
        "api:root",
        "api:api-root",
        "api:schema",
    ]:
        try:
            urls.append(reverse(pattern_name))
        except NoReverseMatch:
            continue
    return urls


def all_route_patterns() -> list[str]:
    """Every URL pattern outside the admin, as text (for tests that walk the whole site)."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            text = prefix + str(pattern.pattern)
            if hasattr(pattern, "url_patterns"):
                yield from walk(pattern.url_patterns, text)
            else:
                yield text

    return [p for p in walk(get_resolver().url_patterns) if not p.startswith("admin/")]


FORMATS = ["json", "csv", "bib", "txt", "api"]
HOLE = re.compile(r"<(?:(\w+):)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def concrete_urls(*, slugs: list[str], pks: list[str], numbers=("1",)) -> list[str]:
    """Every route outside the admin with its holes filled: slugs, ids, question numbers and
    formats (a wrong guess just answers 404, which the callers allow)."""
    urls = []
    for pattern in all_route_patterns():
        if pattern.startswith(("static", "media")):
            continue
        pattern = pattern.replace("^", "").replace("\\Z", "").replace("/?$", "/")
        pattern = pattern.replace("$", "").replace("\\.", ".")
        choices = []
        for match in HOLE.finditer(pattern):
            name = match.group(2) or match.group(3)
            if name == "slug":
                choices.append(slugs)
            elif name in {"pk", "id"}:
                choices.append(pks)
            elif name == "number":
                choices.append(list(numbers))
            else:
                choices.append(FORMATS)
        pieces = HOLE.split(pattern)[:: HOLE.groups + 1]
        for values in itertools.product(*choices):
            url = pieces[0] + "".join(v + rest for v, rest in zip(values, pieces[1:], strict=True))
            urls.append("/" + url)
    return list(dict.fromkeys(urls))


def _installed(module: str) -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


# Tests that need the public pages (issue 3) or search (issue 4) skip, saying so, on a branch
# that does not have them yet; once merged they run.
needs_pages = pytest.mark.skipif(
    not _installed("bench.synthetic"), reason="the public pages (issue 3) are not merged yet"
)
needs_search = pytest.mark.skipif(
    not _installed("kb.search.backends"), reason="search (issue 4) is not merged yet"
)
