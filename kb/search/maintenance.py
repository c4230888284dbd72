"""Index-wide workflows the commands call: rebuild everything, check for drift."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from django.conf import settings
from django.utils import translation

from .backends import IndexStatus, SearchBackend
from .backends.base import digest
from .documents import all_docs
from .models import PendingChange


@translation.override(settings.LANGUAGE_CODE)  # English addresses, as kb.search.indexing.drain
def index_rebuild(
    *, backend: SearchBackend, progress: Callable[[int], None] | None = None
) -> dict[str, int]:
    """Replace the index with every public record; the queue up to now is included, so cleared."""
    last = PendingChange.objects.order_by("-pk").values_list("pk", flat=True).first()
    counts: Counter = Counter()

    def counted():
        for doc in all_docs():
            counts[doc.type] += 1
            yield doc

    backend.rebuild(counted(), progress=progress)
    if last is not None:
        PendingChange.objects.filter(pk__lte=last).delete()
    return dict(counts)


@translation.override(settings.LANGUAGE_CODE)
def index_check(*, backend: SearchBackend) -> IndexStatus:
    stored = backend.stored_digests()
    expected = {doc.key: digest(doc) for doc in all_docs()}
    return IndexStatus(
        missing=sorted(set(expected) - set(stored)),
        stale=sorted(k for k in expected.keys() & stored.keys() if expected[k] != stored[k]),
        extra=sorted(set(stored) - set(expected)),
        pending=PendingChange.objects.count(),
    )
