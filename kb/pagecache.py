"""A cache of whole public pages for anonymous visitors, invalidated by any edit.

Pages show each other's data (a person's name is on every event they spoke at), so one edit
anywhere in `kb` makes every cached page old: each key carries a content version that any save,
delete or link change bumps after its transaction commits. Search pages also carry the search
index's own stamp, because the index catches up after the commit (kb.search.indexing).

The version lives where every process sees it: in the cache when it is shared (CACHE_URL,
Redis: several servers), else in a small file under the var folder (one server, several
workers). Staff (a signed-in staff session, checked only when a session cookie comes) are never
served from the cache; any other visitor, a made-up session cookie included, is. The key holds
the scheme and the host: pages carry absolute addresses (JSON-LD, citations).
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


def _index_stamp() -> str | None:
    """The Whoosh folder's mtime changes with every commit to the index; None: do not cache."""
    if settings.KENES_SEARCH_BACKEND != "whoosh":
        return None
    try:
        return str(os.stat(settings.KENES_INDEX_DIR).st_mtime_ns)
    except OSError:
        return None


def _staff_session(request) -> bool:
    """A signed-in staff member (who sees drafts): fresh pages. Only a request that brings a
    session cookie costs a look-up (the session row, then the user); a cookie that names no
    session is an anonymous visitor's."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    try:
        return is_staff(request.user)
    except (OperationalError, InterfaceError):
        # No database: nobody can be told apart, and cached pages keep being served.
        return False


class PublicPageCacheMiddleware:
    """Serves anonymous GETs of public pages from the cache (the innermost middleware, so the
    security headers and the CSP are still added to every response on its way out)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = self._key(request)
        if key is None:
            return self.get_response(request)
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
        if (
            not settings.KENES_PAGE_CACHE_SECONDS
            or request.method not in ("GET", "HEAD")
            or request.path.startswith(SKIP_PREFIXES)
            or _staff_session(request)
        ):
            return None
        parts = [content_version(), request.scheme, request.get_host(), request.get_full_path()]
        if request.path.startswith("/search/"):
            stamp = _index_stamp()
            if stamp is None:
                return None
            parts.append(stamp)
        digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
        return f"kenes:page:{digest}"
