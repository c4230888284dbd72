"""Loaded as a pytest plugin (`-p tests.env`) so it runs before pytest-django reads settings.

A throwaway key, plain static storage (no collectstatic in tests) and a search index folder of
the run's own: tests never touch var/.
"""

import os
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-not-secret-" + "k" * 40)
os.environ.setdefault("KENES_MANIFEST_STATIC", "0")
os.environ.setdefault("KENES_INDEX_DIR", tempfile.mkdtemp(prefix="kenes-test-index-"))
# Whole-page caching is tested on its own (tests/test_pagecache.py); elsewhere pages are fresh.
os.environ.setdefault("KENES_PAGE_CACHE_SECONDS", "0")
