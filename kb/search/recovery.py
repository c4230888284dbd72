"""A lost index comes back whole, without a person: the process that finds the index missing,
unreadable or of another format rebuilds it in a background thread, once, under the folder's
rebuild lock, then applies the changes queued meanwhile.

Until then search answers 503 ("being rebuilt") and saves leave their changes queued: a
partial index is never presented as complete (issue 13, finding 4).
"""

from __future__ import annotations

import logging
import threading
import time

from django.conf import settings
from django.db import connections

from .backends.base import index_needs_rebuild

log = logging.getLogger(__name__)

RETRY_AFTER_FAILURE = 60.0  # seconds before a failed automatic rebuild is tried again
_running: set[str] = set()
_failed_at: dict[str, float] = {}
_guard = threading.Lock()


def start_rebuild(sender, *, backend, reason: str, **kwargs) -> threading.Thread | None:
    """Start the background rebuild of backend's index unless one is running (or just failed)
    in this process; returns the thread started."""
    if not settings.KENES_INDEX_AUTO_REBUILD:
        return None
    key = str(backend.path)
    with _guard:
        if key in _running or time.monotonic() - _failed_at.get(key, -1e9) < RETRY_AFTER_FAILURE:
            return None
        _running.add(key)
    thread = threading.Thread(
        target=_rebuild, args=(type(backend)(backend.path), key, reason), daemon=True,
        name=f"kenes-index-rebuild {key}",
    )  # fmt: skip
    thread.start()
    return thread


def _rebuild(backend, key: str, reason: str) -> None:
    from .indexing import drain
    from .maintenance import index_rebuild

    try:
        with backend.rebuild_lock():
            if backend.index_problem() is None:
                log.info("search index at %s: rebuilt by another process", key)
            else:
                log.warning("search index: %s; rebuilding it in the background", reason)
                counts = index_rebuild(backend=backend)
                log.warning("search index at %s rebuilt: %d records", key, sum(counts.values()))
        drain(backend=backend)
    except Exception:
        log.exception("the automatic rebuild of %s failed; run manage.py rebuild_index", key)
        with _guard:
            _failed_at[key] = time.monotonic()
    finally:
        connections.close_all()  # this thread's own connections
        with _guard:
            _running.discard(key)


def connect() -> None:
    index_needs_rebuild.connect(start_rebuild, dispatch_uid="kb_search_index_recovery")
