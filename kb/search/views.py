from urllib.parse import urlencode

from django.shortcuts import render

from .backends import SearchUnavailable
from .backends.base import FACETS
from .searching import search_run

FACET_TITLES = {
    "type": "Type",
    "topic": "Topic",
    "org": "Organization",
    "year": "Year",
    "role": "Role (people)",
}
FACET_LIMIT = 15


def _url(params: dict, **changes) -> str:
    merged = {k: v for k, v in {**params, **changes}.items() if v not in (None, "")}
    return "?" + urlencode(merged)


def search(request):
    try:
        outcome = search_run(params=request.GET)
    except SearchUnavailable:
        context = {"query": request.GET.get("q", "")[:300], "unavailable": True}
        return render(request, "search/search.html", context, status=503)
    state = {"q": outcome.q, **outcome.filters}
    if outcome.sort != "relevance":
        state["sort"] = outcome.sort
    context = {"query": outcome.q, "outcome": outcome, "page": outcome.page}
    if outcome.page is not None:
        page = outcome.page
        facets = []
        for name in FACETS:
            labels = outcome.facet_labels.get(name, {})
            selected = outcome.filters.get(name)
            options = [
                {
                    "label": labels.get(value, value),
                    "count": count,
                    "url": _url(state, **{name: value}),
                    "selected": value == selected,
                }
                for value, count in page.facets.get(name, [])[:FACET_LIMIT]
            ]
            if name == "year":
                options.sort(key=lambda o: o["label"], reverse=True)
            if options or selected:
                facets.append({"name": name, "title": FACET_TITLES[name], "options": options})
        context.update(
            facets=facets,
            active_filters=[
                {
                    "title": FACET_TITLES[name],
                    "label": outcome.facet_labels.get(name, {}).get(value, value),
                    "remove_url": _url(state, **{name: None}),
                }
                for name, value in outcome.filters.items()
            ],
            sort_links=[
                {"label": label, "url": _url(state, sort=key), "current": outcome.sort == key}
                for key, label in (
                    ("relevance", "relevance"),
                    ("newest", "newest first"),
                    ("oldest", "oldest first"),
                )
            ],
            previous_url=_url(state, page=page.page - 1) if page.page > 1 else "",
            next_url=_url(state, page=page.page + 1) if page.page < page.num_pages else "",
            first_url=_url(state),
            past_end=page.page > page.num_pages,
            suggestion_url=_url(state, q=outcome.suggestion) if outcome.suggestion else "",
            first_index=(page.page - 1) * page.per_page + 1,
        )
    return render(request, "search/search.html", context)
