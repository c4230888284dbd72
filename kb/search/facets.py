"""The facet options of a search, built once for both doors (the page and /api/search/).

An option is `selected` when its value is the filter in force; its link narrows the search to
it, or, when selected, widens the search back without it. Years come newest first. Each door
passes its own way of writing a link (the page: "?q=...", the API: its absolute address).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .backends.base import FACETS

FACET_TITLES = {
    "type": _("Type"),
    "topic": _("Topic"),
    "org": _("Organization"),
    "year": _("Year"),
    "role": _("Role (people)"),
}

# The role facet's values (what the index keeps: kb.search.search_doc.ROLE_LABELS) as a reader
# sees them; the value in the address stays the English key.
ROLE_VALUE_LABELS = {
    "spoke": pgettext_lazy("search facet: a person's role at events", "spoke"),
    "moderated": pgettext_lazy("search facet: a person's role at events", "moderated"),
    "discussed": pgettext_lazy("search facet: a person's role at events", "discussed"),
    "chaired": pgettext_lazy("search facet: a person's role at events", "chaired"),
}


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    url: str


@dataclass
class Facet:
    name: str
    title: str
    options: list[FacetOption]
    selected: str | None  # the value in force, whether or not among the options


def facet_options(outcome, link: Callable[..., str], *, limit: int | None = None) -> list[Facet]:
    """Every facet of the outcome's page, in FACETS order; `link(**changes)` writes a link to
    this search with some parameters changed (None removes one)."""
    facets = []
    for name in FACETS:
        labels = outcome.facet_labels.get(name, {})
        selected = outcome.filters.get(name)
        options = [
            FacetOption(
                value=value,
                label=labels.get(value, value),
                count=count,
                selected=value == selected,
                url=link(**{name: None if value == selected else value}),
            )
            for value, count in outcome.page.facets.get(name, [])[:limit]
        ]
        if name == "year":
            options.sort(key=lambda option: option.value, reverse=True)
        facets.append(Facet(name, str(FACET_TITLES[name]), options, selected))  # translated once
    return facets
