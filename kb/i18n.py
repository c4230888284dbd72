"""The interface's languages: which one a request is in, and the same page in the others.

Public pages carry their language in the URL (English unprefixed, /ru/, /kk/: config/urls.py),
so a page's address says what it is in and a cached page is one language's. The admin and the
API are unprefixed: the admin speaks the staff member's choice (a cookie set by Django's
set_language view, else the browser's languages); the API serves data, not interface.
"""

from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.utils import translation


class LanguageLink(NamedTuple):
    """One entry of the language switcher and of the page's hreflang alternates."""

    code: str
    name: str
    path: str  # the same page (and query) in this language
    current: bool


def split_language(path: str) -> tuple[str | None, str]:
    """("ru", "/events/x/") for "/ru/events/x/"; (None, path) for an unprefixed path."""
    code = translation.get_language_from_path(path)
    if code is None or code == settings.LANGUAGE_CODE:
        return None, path
    return code, path[len(code) + 1 :]


def in_language(path: str, code: str) -> str:
    """`path` (of a public page, with or without a language prefix) in language `code`."""
    _, bare = split_language(path)
    return bare if code == settings.LANGUAGE_CODE else f"/{code}{bare}"


def language_links(request) -> list[LanguageLink]:
    """The reader's page in every language, the query string kept (a list's filters, a search)."""
    current = translation.get_language()
    query = request.META.get("QUERY_STRING", "")
    suffix = f"?{query}" if query else ""
    return [
        LanguageLink(code, name, in_language(request.path, code) + suffix, code == current)
        for code, name in settings.LANGUAGES
    ]


def alternate_links(request, links: list[LanguageLink]) -> list[tuple[str, str]]:
    """(code, absolute URL) of each language's page, for the head's hreflang alternates; none
    for a request to a host the site does not serve (its 400 page would otherwise fail on the
    same Host header that made it a 400, and answer 500)."""
    try:
        return [(link.code, request.build_absolute_uri(link.path)) for link in links]
    except DisallowedHost:
        return []


class AdminLanguageMiddleware:
    """The admin in the language its user chose (the language cookie), else their browser's.

    LocaleMiddleware gives every unprefixed path the default language, which is right for the
    public pages and the API but not for staff at work in the admin.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/admin/"):
            code = translation.get_language_from_request(request, check_path=False)
            translation.activate(code)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
