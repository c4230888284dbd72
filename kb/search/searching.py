"""Running one search, for the page and the API: search, suggest a spelling, label facets.

The parameters are read by kb/search/forms.py; facet options are built by kb/search/facets.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kb.models import Organization, Topic

from .backends import SearchPage, SearchRequest, SearchUnavailable, get_backend
from .backends.base import FACETS
from .documents import TYPE_LABELS
from .forms import SearchForm, SearchQuery
from .query import ParsedQuery, parse


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
    query: SearchQuery = field(default_factory=SearchQuery)

    @property
    def searched(self) -> bool:
        return self.page is not None


def search_run(
    *, params=None, query: SearchQuery | None = None, facet_limit: int | None = None
) -> SearchOutcome:
    """Run one search: `query` as a SearchForm read it, or GET `params` read as the page reads
    them (leniently). Facet values are named up to `facet_limit` a facet (the most frequent:
    what the page lists). Raises SearchUnavailable when the index cannot be read."""
    if query is None:
        query = SearchForm(params).query()
    parsed = parse(query.q)
    outcome = SearchOutcome(
        q=query.q, parsed=parsed, filters=query.filters, sort=query.sort, query=query
    )
    outcome.notes = query.notes + parsed.notes
    if parsed.is_empty and not query.filters:
        return outcome
    backend = get_backend()
    request = SearchRequest(parsed, query.filters, query.sort, query.page, query.per_page)
    outcome.page = backend.search(request)
    if query.q:
        outcome.suggestion = _suggestion(
            backend, query.q, parsed, query.filters, outcome.page.total
        )
    outcome.facet_labels = _labels(outcome.page, query.filters, facet_limit)
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


def _labels(page: SearchPage, filters, limit: int | None) -> dict[str, dict[str, str]]:
    """Names for facet values: topic and organization slugs to their names (two queries, for
    the values shown: a broad search counts a thousand organizations)."""
    values = {name: {v for v, _ in page.facets.get(name, [])[:limit]} for name in FACETS}
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
