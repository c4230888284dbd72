"""The Whoosh backend (the default): an index on disk (KENES_INDEX_DIR). The only package that
imports whoosh.

Read it in this order:
- backend: opens the index, hands out writers, runs a search by putting the parts below together;
- schema (the fields), compiling (our query tree to Whoosh query objects);
- a search on bitmaps of documents: matching (which documents), ranking (the page, branch and
  bound) with scoring (Whoosh's BM25F arithmetic), facets (counts), fuzzy (Levenshtein words);
- snapshot (an open searcher and what is kept per index state), postings (a term's blocks and
  weight classes), bitmaps (pure functions);
- on disk: codec and parts (what we write beside Whoosh's segments), storage (mapped files),
  rebuild and fast_analysis (the full rebuild's writer), folder_lock (the rebuild's lock),
  version (which Whoosh, which on-disk format), internals (every read of Whoosh's private state).
"""

from . import version  # first: refuses another Whoosh release before anything reads it
from .backend import WhooshBackend

FORMAT_VERSION = version.FORMAT_VERSION

__all__ = ["FORMAT_VERSION", "WhooshBackend"]
