"""The backend interface and the setting that picks one (KENES_SEARCH_BACKEND)."""

from __future__ import annotations

import threading

from django.conf import settings

from .base import (
    Hit,
    IndexStatus,
    SearchBackend,
    SearchPage,
    SearchRequest,
    SearchUnavailable,
)

__all__ = [
    "Hit",
    "IndexStatus",
    "SearchBackend",
    "SearchPage",
    "SearchRequest",
    "SearchUnavailable",
    "get_backend",
]

_cache = threading.local()


def get_backend(name: str | None = None) -> SearchBackend:
    """The configured backend; one instance per thread and configuration (tests change it)."""
    name = name or settings.KENES_SEARCH_BACKEND
    config = (name, str(settings.KENES_INDEX_DIR))
    backend = getattr(_cache, "backends", {}).get(config)
    if backend is None:
        if name == "whoosh":
            from .whoosh import WhooshBackend

            backend = WhooshBackend(settings.KENES_INDEX_DIR)
        elif name == "postgres":
            from .postgres import PostgresBackend

            backend = PostgresBackend()
        else:
            raise ValueError(f"KENES_SEARCH_BACKEND={name!r}: use 'whoosh' or 'postgres'")
        _cache.__dict__.setdefault("backends", {})[config] = backend
    return backend
