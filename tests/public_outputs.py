"""Every public output's address, for tests that must look at all of them (backups, privacy,
bad input). Pages, search, and whatever API, feed, export and sitemap routes are installed."""

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
