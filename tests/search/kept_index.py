"""The documents' Whoosh index, built once per test process and copied for each test after.

Over a hundred search tests start from the documents' rows indexed from scratch, and the
rebuild cost more than most of those tests themselves. The `documents` fixture gives every test
the very same rows (primary keys included), so a copy of the folder built from them is what a
rebuild would write; each test reads and edits a copy of its own. The key also holds what else
a rebuild reads (the settings, the active language, today's date) and the rows' counts, so a
test whose rows differ is rebuilt for real.
"""

import atexit
import shutil
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db.models import Count, Max
from django.utils import timezone, translation

from kb.search.backends import get_backend
from kb.search.maintenance import index_rebuild
from kb.search.models import PendingChange

_kept: dict[tuple, Path] = {}
_root: Path | None = None


def _key() -> tuple:
    rows = tuple(
        (model._meta.label, *model._base_manager.aggregate(Count("pk"), Max("pk")).values())
        for model in apps.get_app_config("kb").get_models(include_auto_created=True)
    )
    config = tuple(
        (name, repr(getattr(settings, name)))
        for name in sorted(dir(settings))
        if name.startswith("KENES_") and name != "KENES_INDEX_DIR"
    )
    return rows, config, repr(settings.LANGUAGES), translation.get_language(), timezone.localdate()


def rebuild_documents_index():
    """`index_rebuild(backend=get_backend())` on the documents' rows, from a copy when this
    process has built the same index before (Whoosh only: PostgreSQL's is in the database)."""
    global _root
    backend = get_backend()
    target = Path(settings.KENES_INDEX_DIR)
    if backend.name != "whoosh" or target.exists():
        index_rebuild(backend=backend)
        return backend
    key = _key()
    kept = _kept.get(key)
    if kept is None:
        index_rebuild(backend=backend)
        if _root is None:
            _root = Path(tempfile.mkdtemp(prefix="kenes-kept-index-"))
            atexit.register(shutil.rmtree, _root, ignore_errors=True)
        kept = _root / str(len(_kept))
        shutil.copytree(target, kept)
        _kept[key] = kept
        return backend
    shutil.copytree(kept, target)
    PendingChange.objects.all().delete()  # the rebuild includes the queue, so clears it
    return backend
