"""A cache of whole public pages for anonymous visitors, invalidated by any edit.

Pages show each other's data (a person's name is on every event they spoke at), so one edit
anywhere in `kb` makes every cached page old: each key carries a content version that any save,
delete or link change bumps after its transaction commits. Search pages also carry the search
index's own stamp, because the index catches up after the commit (kb.search.indexing).

The version lives where every process sees it: in the cache when it is shared (CACHE_URL,
Redis: several servers), else in a small file under the var folder (one server, several
workers). Staff (a signed-in staff session with its mark, see STAFF_MARK_COOKIE) are never
served from the cache; any other visitor, a made-up session cookie included, is. The key holds
the scheme and the host: pages carry absolute addresses (JSON-LD, citations); and the language
(kb.i18n), which LocaleMiddleware, outside this one, has already chosen.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import translation
from django.utils.crypto import constant_time_compare, salted_hmac

from kb.i18n import split_language
from kb.models.base import is_staff

VERSION_KEY = "kenes:content-version"
SKIP_PREFIXES = ("/admin/", "/api/", "/static/", "/media/")
STORED_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language", "Link")


def _shared_cache() -> bool:
    return "locmem" not in settings.CACHES["default"]["BACKEND"].lower()


def content_version() -> str:
    if _shared_cache():
        return str(cache.get_or_set(VERSION_KEY, uuid.uuid4().hex, timeout=None))
    try:
        return Path(settings.KENES_CONTENT_STAMP).read_text()
    except FileNotFoundError:
        return content_version_bump()


def content_version_bump() -> str:
    token = uuid.uuid4().hex
    if _shared_cache():
        cache.set(VERSION_KEY, token, timeout=None)
        return token
    stamp = Path(settings.KENES_CONTENT_STAMP)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    temporary = stamp.with_name(f".{stamp.name}.{os.getpid()}.{token[:8]}")
    temporary.write_text(token)
    os.replace(temporary, stamp)  # atomic: readers see the old token or the new one
    return token


def _changed(sender, **kwargs):
    if sender._meta.app_label == "kb":
        transaction.on_commit(content_version_bump)


def _m2m_changed(sender, action, **kwargs):
    if action.startswith("post_") and kwargs["instance"]._meta.app_label == "kb":
        transaction.on_commit(content_version_bump)


def connect_signals():
    post_save.connect(_changed, dispatch_uid="kb-pagecache-save")
    post_delete.connect(_changed, dispatch_uid="kb-pagecache-delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="kb-pagecache-m2m")


INDEX_VERSION_KEY = "kenes:index-version"


def index_version_bump() -> None:
    """Called after every commit to the PostgreSQL index (kb.search.backends.postgres)."""
    if _shared_cache():
        cache.set(INDEX_VERSION_KEY, uuid.uuid4().hex, timeout=None)


def _index_stamp() -> str | None:
    """The Whoosh folder's mtime changes with every commit to the index; the PostgreSQL index
    bumps a version in the shared cache (several servers). None: do not cache."""
    if settings.KENES_SEARCH_BACKEND == "postgres" and _shared_cache():
        return str(cache.get_or_set(INDEX_VERSION_KEY, uuid.uuid4().hex, timeout=None))
    if settings.KENES_SEARCH_BACKEND != "whoosh":
        return None
    try:
        return str(os.stat(settings.KENES_INDEX_DIR).st_mtime_ns)
    except OSError:
        return None


# Set beside the session cookie when a staff member uses the admin (where they sign in): an HMAC
# of the session key under the site's secret. A request whose session cookie has no matching
# mark is a visitor's, without a database query: a made-up session cookie costs nothing.
STAFF_MARK_COOKIE = "kenes_staff"


def _staff_mark(session_key: str) -> str:
    return salted_hmac("kb.pagecache.staff-mark", session_key).hexdigest()


def _staff_session(request) -> bool:
    """A signed-in staff member (who sees drafts): fresh pages. Only a request that brings a
    session cookie and its staff mark costs a look-up (the session row, then the user)."""
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    mark = request.COOKIES.get(STAFF_MARK_COOKIE)
    if not session_key or not mark or not constant_time_compare(mark, _staff_mark(session_key)):
        return False
    try:
        return is_staff(request.user)
    except (OperationalError, InterfaceError):
        # No database: nobody can be told apart, and cached pages keep being served.
        return False


def _mark_staff(request, response) -> None:
    """In the admin (which has already looked the user up), give a staff session its mark."""
    session = getattr(request, "session", None)
    session_key = session.session_key if session is not None else None
    if not session_key or not is_staff(getattr(request, "user", None)):
        return
    mark = _staff_mark(session_key)
    if request.COOKIES.get(STAFF_MARK_COOKIE) != mark:
        response.set_cookie(
            STAFF_MARK_COOKIE,
            mark,
            max_age=settings.SESSION_COOKIE_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )


class PublicPageCacheMiddleware:
    """Serves anonymous GETs of public pages from the cache (the innermost middleware, so the
    security headers and the CSP are still added to every response on its way out)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = self._key(request)
        if key is None:
            response = self.get_response(request)
            if request.path.startswith("/admin/"):
                _mark_staff(request, response)
            return response
        stored = cache.get(key)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            return response
        response = self.get_response(request)
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in response.get("Cache-Control", "")
        ):
            headers = [(h, response[h]) for h in STORED_HEADERS if h in response]
            cache.set(key, (200, headers, response.content), settings.KENES_PAGE_CACHE_SECONDS)
        return response

    def _key(self, request) -> str | None:
        _, bare_path = split_language(request.path)
        if (
            not settings.KENES_PAGE_CACHE_SECONDS
            or request.method not in ("GET", "HEAD")
            or bare_path.startswith(SKIP_PREFIXES)
            or _staff_session(request)
        ):
            return None
        # The language too, though the path says it: a page is one language's, whatever decides it.
        parts = [
            content_version(),
            request.scheme,
            request.get_host(),
            translation.get_language(),
            request.get_full_path(),
        ]
        if bare_path.startswith("/search/"):
            stamp = _index_stamp()
            if stamp is None:
                return None
            parts.append(stamp)
        digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
        return f"kenes:page:{digest}"
