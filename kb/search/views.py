from urllib.parse import quote_plus, urlencode

from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kb.i18n import in_language

from .backends import SearchUnavailable
from .backends.base import RETRY_AFTER_SECONDS
from .facets import FACET_TITLES, facet_options
from .rich import hit_details
from .searching import search_run

# The page lists a facet's most frequent values; the API lists them all.
FACET_LIMIT = 15


def _url(params: dict, **changes) -> str:
    merged = {k: v for k, v in {**params, **changes}.items() if v not in (None, "")}
    return "?" + urlencode(merged)


def search(request):
    try:
        outcome = search_run(params=request.GET, facet_limit=FACET_LIMIT)
    except SearchUnavailable:
        context = {"query": request.GET.get("q", "")[:300], "unavailable": True}
        response = render(request, "search/search.html", context, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    state = outcome.query.state()
    context = {"query": outcome.q, "outcome": outcome, "page": outcome.page, "details": {}}
    if outcome.page is not None:
        page = outcome.page
        language = get_language()
        for hit in page.hits:  # the index holds English addresses
            hit.url = in_language(hit.url, language)

        base = _url(state)

        def link(**changes):
            # A facet's options each add one parameter the search has not got: appended to the
            # search's own (encoded once), in the order urlencode would give.
            if len(changes) == 1:
                ((name, value),) = changes.items()
                if value not in (None, "") and name not in state:
                    prefix = f"{base}&" if base != "?" else "?"
                    return f"{prefix}{name}={quote_plus(str(value))}"
            return _url(state, **changes)

        facets = facet_options(outcome, link, limit=FACET_LIMIT)
        context.update(
            facets=[facet for facet in facets if facet.options or facet.selected],
            details=hit_details(page.hits),
            active_filters=[
                {
                    "title": FACET_TITLES[name],
                    "label": outcome.facet_labels.get(name, {}).get(value, value),
                    "remove_url": link(**{name: None}),
                }
                for name, value in outcome.filters.items()
            ],
            sort_links=[
                {"label": label, "url": link(sort=key), "current": outcome.sort == key}
                for key, label in (
                    ("relevance", _("relevance")),
                    ("newest", _("newest first")),
                    ("oldest", _("oldest first")),
                )
            ],
            previous_url=link(page=page.page - 1) if page.page > 1 else "",
            next_url=link(page=page.page + 1) if page.page < page.num_pages else "",
            first_url=link(),
            past_end=page.page > page.num_pages,
            suggestion_url=link(q=outcome.suggestion) if outcome.suggestion else "",
            first_index=(page.page - 1) * page.per_page + 1,
        )
    return render(request, "search/search.html", context)
