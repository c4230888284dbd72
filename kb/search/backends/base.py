"""What every search backend does, and the plain objects it takes and returns."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import NamedTuple

from django.dispatch import Signal
from django.utils import translation
from django.utils.safestring import SafeString

from .. import localized
from ..documents import TYPE_LABELS, SearchDoc
from ..highlight import snippets
from ..localized import pack
from ..query import ParsedQuery
from ..transcript_docs import PASSAGE_TYPE, Passage

FACETS = ("type", "topic", "org", "year", "role")
SORTS = ("relevance", "newest", "oldest")


class SearchUnavailable(Exception):
    """The index is missing, locked for a rebuild or unreadable: the page says so (503)."""


# What a 503 from search tells clients to wait (Retry-After, seconds): a rebuild of the
# documents' records takes seconds, of a large corpus minutes.
RETRY_AFTER_SECONDS = 30


class IndexNeedsRebuild(SearchUnavailable):
    """The index is missing, unreadable or of another format: only a full rebuild may replace
    it (never a writer adding records to an empty one). The message names the reason."""


# Sent (sender=the backend's class, backend=, reason=) when a backend finds its index needs a
# full rebuild; kb.search.recovery starts one in the background.
index_needs_rebuild = Signal()


@dataclass
class SearchRequest:
    query: ParsedQuery
    filters: dict[str, str] = field(default_factory=dict)  # facet -> selected value
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    facets: bool = True
    # Each facet's most frequent values wanted, exactly counted (None: all of them). A backend
    # may return more; the page lists this many.
    facet_limit: int | None = None


@dataclass
class Hit:
    key: str
    type: str
    title: str
    url: str
    snippet: SafeString | str
    figures: str = ""
    date: datetime.date | None = None
    slug: str = ""  # the record's own slug, stored in the index (empty for a question)
    passage: Passage | None = None  # a transcript hit's speaker, time and recording
    # "en" when the title (or the snippet) is English standing in for the reader's language
    # (kb.search.localized): the page marks it lang="en".
    title_lang: str = ""
    snippet_lang: str = ""

    def __post_init__(self):
        # A transcript passage keeps its Passage in the stored figures (kb.search.transcript_docs).
        if self.type == PASSAGE_TYPE and self.passage is None:
            self.passage = Passage.unpack(self.figures)
            self.figures = ""
            if self.passage and not self.title:
                self.title, self.title_lang = self.passage.title()

    @property
    def type_label(self) -> str:
        return TYPE_LABELS.get(self.type, self.type)


@dataclass
class SearchPage:
    hits: list[Hit]
    total: int
    page: int
    per_page: int
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    # What changes with every commit to the index (None: not known), for what a process keeps
    # per state of the index (kb/search/facet_names.py).
    generation: object = field(default=None, compare=False)

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


@dataclass
class IndexStatus:
    """What check_index reports: keys missing from the index, stale in it, or extra."""

    missing: list[str]
    stale: list[str]
    extra: list[str]
    pending: int = 0

    @property
    def ok(self) -> bool:
        return not (self.missing or self.stale or self.extra)


# Raise when the words a record is indexed under change for the same text (kb/search/text.py).
# 2: the other spellings of names in running text, parts of joined words; zh/j, q/k, gh/g, ts/c.
# 3: the words run together in a name (UyatEmes: uyat, emes).
# 4: the records' Russian and Kazakh text and its Cyrillic words' stems (kb/search/languages.py).
# 5: each record's title, text and figures as a Russian or Kazakh results page shows them.
# 6: ordinary English words of titles and texts keyed as spelt (kb/search/data/english-words.txt).
# 7: PostgreSQL's vocabulary keeps names' keys of two and three letters (a short surname typo).
# 8: Whoosh drops PostgreSQL's English stop words (kb/search/data/english-stop.txt), not its own.
ANALYSIS = "analysis 8"


def digest(doc: SearchDoc) -> str:
    """A fingerprint of everything indexed for a record, to tell a stale entry from a fresh one.
    ANALYSIS is part of it: an entry analysed by an older Kenes is stale (check_index says so)."""
    parts = [
        ANALYSIS,
        doc.type,
        doc.title,
        doc.url,
        doc.slug,
        doc.names,
        doc.body,
        doc.people,
        doc.orgs,
        doc.topics,
        doc.figures,
        str(doc.datekey),
        ",".join(map(str, doc.years)),
        ",".join(doc.topic_slugs),
        ",".join(doc.org_slugs),
        ",".join(doc.roles),
        pack(doc.languages),
    ]
    return hashlib.sha1("\x1f".join(parts).encode(), usedforsecurity=False).hexdigest()


class PageRow(NamedTuple):
    """What a backend reads of a hit on the page: its stored fields, its body's word layout
    (kb.search.highlight.layout; None where the index keeps none) and its other languages."""

    key: str | None
    type: str | None
    title: str | None
    url: str | None
    slug: str
    body: str
    layout: bytes | None
    figures: str
    datekey: int
    languages: str | dict | None


def page_hits(rows: list[PageRow], marks: list[str]) -> list[Hit]:
    """The page's hits, the same on both backends: in the reader's language where the hit has
    a version in it (kb.search.localized), the passages made for the page's texts together
    (one matcher, each word looked at once)."""
    language = translation.get_language() or localized.DEFAULT  # once for the page
    versions = [localized.for_reader(row.languages, language) for row in rows]
    passages = snippets(
        [
            (row.body, row.layout) if version is None else (version.body, version.layout)
            for row, version in zip(rows, versions, strict=True)
        ],
        marks,
    )
    hits = []
    for row, version, passage in zip(rows, versions, passages, strict=True):
        hit = Hit(
            key=row.key,
            type=row.type,
            title=row.title,
            url=row.url,
            slug=row.slug,
            snippet=passage,
            figures=row.figures,
            date=datekey_to_date(row.datekey),
        )
        localized.apply(hit, version, passage)
        hits.append(hit)
    return hits


def datekey_to_date(value: int) -> datetime.date | None:
    if not value:
        return None
    return datetime.date(value // 10000, value // 100 % 100, value % 100)


class IndexWriter:
    """Changes made while holding the index lock; committed when the `with` block ends."""

    def update(self, docs: Iterable[SearchDoc]) -> None:
        raise NotImplementedError

    def remove(self, keys: Iterable[str]) -> None:
        raise NotImplementedError


class SearchBackend:
    name = ""

    def writer(self, *, timeout: float = 10.0) -> AbstractContextManager[IndexWriter | None]:
        """Hold the single index lock: yields a writer, or None when the lock stays taken."""
        raise NotImplementedError

    def search(self, request: SearchRequest) -> SearchPage:
        raise NotImplementedError

    def suggest(self, word: str) -> str | None:
        """A close, better-known spelling of a word, or None."""
        raise NotImplementedError

    def rebuild(
        self, docs: Iterator[SearchDoc], *, progress: Callable[[int], None] | None = None
    ) -> int:
        """Replace the whole index with these documents; return how many were indexed."""
        raise NotImplementedError

    def stored_digests(self) -> dict[str, str]:
        """key -> digest of every indexed record (for check_index)."""
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError
