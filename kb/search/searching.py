"""One search as the page runs it: read the parameters, search, suggest a spelling, label facets."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kb.models import Organization, Topic

from .backends import SearchPage, SearchRequest, SearchUnavailable, get_backend
from .backends.base import FACETS, SORTS
from .documents import TYPE_LABELS
from .query import ParsedQuery, parse
from .text import clean

PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_PAGE = 500
FACET_VALUE = re.compile(r"^[\w.-]{1,120}$")


@dataclass
class SearchOutcome:
    q: str
    parsed: ParsedQuery
    filters: dict[str, str]
    sort: str
    page: SearchPage | None = None
    suggestion: str = ""
    notes: list[str] = field(default_factory=list)
    facet_labels: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def searched(self) -> bool:
        return self.page is not None


def _int(value, default: int, low: int, high: int) -> int:
    try:
        return min(max(int(value), low), high)
    except (TypeError, ValueError):
        return default


def read_params(params) -> tuple[str, dict[str, str], str, int, int, list[str]]:
    """The query string, facet filters, sort and page from GET parameters; bad values noted."""
    notes = []
    q = clean(params.get("q", ""))[:2000].strip()
    filters = {}
    for name in FACETS:
        value = clean(params.get(name, "")).strip()
        if not value:
            continue
        if FACET_VALUE.match(value):
            filters[name] = value
        else:
            notes.append(f"The {name} filter {value[:40]!r} is not a value Kenes knows; ignored.")
    sort = params.get("sort", "relevance")
    if sort not in SORTS:
        sort = "relevance"
    page = _int(params.get("page"), 1, 1, MAX_PAGE)
    per_page = _int(params.get("per_page"), PER_PAGE, 1, MAX_PER_PAGE)
    return q, filters, sort, page, per_page, notes


def search_run(*, params) -> SearchOutcome:
    """Raises SearchUnavailable when the index cannot be read."""
    q, filters, sort, page_number, per_page, notes = read_params(params)
    parsed = parse(q)
    outcome = SearchOutcome(q=q, parsed=parsed, filters=filters, sort=sort)
    outcome.notes = notes + parsed.notes
    if parsed.is_empty and not filters:
        return outcome
    backend = get_backend()
    request = SearchRequest(parsed, filters, sort, page_number, per_page)
    outcome.page = backend.search(request)
    if q:
        outcome.suggestion = _suggestion(backend, q, parsed, filters, outcome.page.total)
    outcome.facet_labels = _labels(outcome.page, filters)
    return outcome


def _suggestion(backend, q, parsed, filters, total) -> str:
    corrected = q
    changed = False
    for word in list(dict.fromkeys(parsed.text_words()))[:6]:
        better = backend.suggest(word)
        if better and better != word.lower():
            corrected = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", better, corrected, count=1)
            changed = True
    if not changed:
        return ""
    try:
        found = backend.search(SearchRequest(parse(corrected), filters, per_page=1, facets=False))
    except SearchUnavailable:
        return ""
    return corrected if found.total > total else ""


def _labels(page: SearchPage, filters) -> dict[str, dict[str, str]]:
    """Names for facet values: topic and organization slugs to their names (two queries)."""
    values = {name: {v for v, _ in page.facets.get(name, [])} for name in FACETS}
    for name, value in filters.items():
        values[name].add(value)
    topics = dict(
        Topic.objects.published().filter(slug__in=values["topic"]).values_list("slug", "name")
    )
    orgs = dict(
        Organization.objects.published().filter(slug__in=values["org"]).values_list("slug", "name")
    )
    return {
        "type": {v: TYPE_LABELS.get(v, v) for v in values["type"]},
        "topic": {v: topics.get(v, v) for v in values["topic"]},
        "org": {v: orgs.get(v, v) for v in values["org"]},
        "year": {v: v for v in values["year"]},
        "role": {v: v for v in values["role"]},
    }
