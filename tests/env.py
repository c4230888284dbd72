"""Loaded as a pytest plugin (`-p tests.env`) so it runs before pytest-django reads settings.

A throwaway key, plain static storage (no collectstatic in tests) and a search index folder of
the run's own: tests never touch var/.
"""

import os
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-not-secret-" + "k" * 40)
os.environ.setdefault("KENES_MANIFEST_STATIC", "0")
# Each pytest-xdist worker gets an index of its own: workers inherit the controller's environment,
# and two workers rebuilding one index folder would race.
_worker = os.environ.get("PYTEST_XDIST_WORKER")
if _worker or not os.environ.get("KENES_INDEX_DIR"):
    os.environ["KENES_INDEX_DIR"] = tempfile.mkdtemp(prefix=f"kenes-index-{_worker or 'main'}-")
# The API throttle's shared count (files, as on a server without CACHE_URL): one per process.
if _worker or not os.environ.get("KENES_THROTTLE_DIR"):
    os.environ["KENES_THROTTLE_DIR"] = tempfile.mkdtemp(prefix=f"kenes-api-{_worker or 'main'}-")
# A lost index is rebuilt in the background by the process that finds it; tests that mean it
# switch it on (tests/search/test_recovery.py): a thread outliving its test would race the next.
os.environ.setdefault("KENES_INDEX_AUTO_REBUILD", "0")
# Whole-page caching is tested on its own (tests/test_pagecache.py); elsewhere pages are fresh.
os.environ.setdefault("KENES_PAGE_CACHE_SECONDS", "0")
# whitenoise looks for STATIC_ROOT at start-up; tests serve static files through the finders.
os.environ.setdefault("DJANGO_STATIC_ROOT", tempfile.mkdtemp(prefix="kenes-test-static-"))
