"""Running one search, for the page and the API: search, suggest a spelling, label facets.

The parameters are read by kb/search/forms.py; facet options are built by kb/search/facets.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .backends import SearchPage, SearchRequest, SearchUnavailable, get_backend
from .backends.base import FACETS
from .documents import TYPE_LABELS
from .facet_names import facet_names
from .facets import ROLE_VALUE_LABELS
from .forms import SearchForm, SearchQuery
from .query import ParsedQuery, parse
from .reading import (
    STRICT,
    is_question,
    joined_readings,
    loose_reading,
    question_reading,
    typed_reading,
)


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
    # How the query was read (kb/search/reading.py): as typed, as a question, or loosely.
    reading: str = STRICT
    reading_note: str = ""

    @property
    def searched(self) -> bool:
        return self.page is not None


def search_run(
    *,
    params=None,
    query: SearchQuery | None = None,
    facet_limit: int | None = None,
    backend=None,
) -> SearchOutcome:
    """Run one search: `query` as a SearchForm read it, or GET `params` read as the page reads
    them (leniently). Facet values are named up to `facet_limit` a facet (the most frequent:
    what the page lists). When the query as typed finds nothing, its question reading and then
    its loose reading are tried (kb/search/reading.py). Raises SearchUnavailable when the index
    cannot be read."""
    if query is None:
        query = SearchForm(params).query()
    parsed = parse(query.q)
    outcome = SearchOutcome(
        q=query.q, parsed=parsed, filters=query.filters, sort=query.sort, query=query
    )
    outcome.notes = query.notes + parsed.notes
    if parsed.is_empty and not query.filters:
        return outcome
    backend = backend or get_backend()
    request = SearchRequest(
        parsed, query.filters, query.sort, query.page, query.per_page, facet_limit=facet_limit
    )
    # A question's words are read without its question words from the start; any other
    # query as typed first, its looser readings only when it finds nothing.
    question = question_reading(parsed) if is_question(query.q, parsed) else None
    outcome.page = None if question else backend.search(request)
    strict_total = outcome.page.total if outcome.page else 0
    if not strict_total:
        _read_looser(outcome, backend, request)
    if query.q:
        outcome.suggestion = _suggestion(backend, query.q, parsed, query.filters, strict_total)
    outcome.facet_labels = _labels(outcome.page, query.filters, facet_limit)
    return outcome


def _read_looser(outcome: SearchOutcome, backend, request: SearchRequest) -> None:
    """The question reading (narrowed to the kind of record it asks for, strictly then loosely;
    then not), then neighbouring words joined, then the loose reading of what is left: the
    first that finds
    anything replaces the empty page (or fills the page not yet searched)."""
    question = question_reading(request.query)
    typed = typed_reading(question)
    readings = (
        typed,
        # "How many ...": only a survey question's figures answer it, even holding some words.
        loose_reading(request.query, typed) if typed and typed.asks_for == "question" else None,
        question,
        *joined_readings(request.query, question),
        loose_reading(request.query, question),
    )
    for reading in readings:
        if reading is None:
            continue
        page = backend.search(replace(request, query=reading.parsed))
        if page.total or outcome.page is None:
            outcome.page = page
            outcome.reading, outcome.reading_note = reading.kind, reading.note
        if page.total:
            return


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
    """Names for facet values: topic and organization slugs to their names (for the values
    shown: a broad search counts a thousand organizations; kb/search/facet_names.py)."""
    values = {name: {v for v, _ in page.facets.get(name, [])[:limit]} for name in FACETS}
    for name, value in filters.items():
        values[name].add(value)
    names = facet_names(values, page.generation)
    return {
        # (translated once here, not at each use)
        "type": {v: str(TYPE_LABELS.get(v, v)) for v in values["type"]},
        "topic": {v: names["topic"].get(v, v) for v in values["topic"]},
        "org": {v: names["org"].get(v, v) for v in values["org"]},
        "year": {v: v for v in values["year"]},
        "role": {v: str(ROLE_VALUE_LABELS.get(v, v)) for v in values["role"]},
    }
