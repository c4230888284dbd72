"""The Whoosh backend (the default): an index on disk (KENES_INDEX_DIR). The only package that
imports whoosh.

Read it in this order: schema (the fields), compiling (our query tree to Whoosh's), matching
and ranking (a search, on bitmaps of documents: bitmaps, postings, scoring), facets, snapshot
(what an open index keeps), and below them the on-disk parts: codec and parts (what we write
beside Whoosh's segments), storage (the mapped files), rebuild (the full rebuild's writer),
version (which Whoosh, which format). backend puts them together.
"""

from . import version  # first: refuses another Whoosh release before anything reads it
from .backend import WhooshBackend

FORMAT_VERSION = version.FORMAT_VERSION

__all__ = ["FORMAT_VERSION", "WhooshBackend"]
