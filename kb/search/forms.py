"""The search parameters, read by one form for both doors: the page and /api/search/.

One definition of a valid value. The API's form is strict: a malformed value is an error that
names it (400). The page's is lenient: a bad facet value is ignored with a note, a bad sort is
relevance, a page number out of range is the nearest one, so a hand-edited address still gets
a page. Either way the result is a SearchQuery, which `searching.search_run` runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .backends.base import FACETS, SORTS
from .documents import TYPE_LABELS
from .facets import FACET_TITLES
from .query import YEAR_MAX, YEAR_MIN
from .search_doc import ROLE_LABELS
from .text import clean

PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_PAGE = 500
MAX_QUERY = 2000
FACET_VALUE = re.compile(r"^[\w.-]{1,120}$")
Q_HELP = (
    'Words (all must match), "a phrase", person:zhovtis, org:paperlab, topic:torture, '
    "type:question, year:2023 or year:2022..2023, trust*, -word, word OR other."
)


@dataclass
class SearchQuery:
    """One search as asked: the query text, facet filters (strings), sort, page."""

    q: str = ""
    filters: dict[str, str] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    per_page: int = PER_PAGE
    notes: list[str] = field(default_factory=list)

    def state(self) -> dict[str, str]:
        """The parameters that ask for this search again (page and page size aside)."""
        state = {"q": self.q, **self.filters}
        if self.sort != "relevance":
            state["sort"] = self.sort
        return state


# The API's wording of an error (what its other endpoints say, through REST framework).
CHOICE_ERRORS = {"invalid_choice": _('"%(value)s" is not a valid choice.')}
NUMBER_ERRORS = {"invalid": _("A valid integer is required.")}
SLUG_ERRORS = {
    "invalid": _("This value does not match the required pattern."),
    "max_length": _("Ensure this field has no more than %(limit_value)d characters."),
}


def _slug_field(help_text: str) -> forms.RegexField:
    return forms.RegexField(
        FACET_VALUE,
        max_length=120,
        required=False,
        help_text=help_text,
        error_messages=SLUG_ERRORS,
    )


def _number_field(high: int, help_text: str = "") -> forms.IntegerField:
    return forms.IntegerField(
        min_value=1,
        max_value=high,
        required=False,
        help_text=help_text,
        error_messages=NUMBER_ERRORS,
    )


class SearchForm(forms.Form):
    q = forms.CharField(required=False, strip=False, help_text=Q_HELP)
    type = forms.ChoiceField(
        choices=[("", ""), *TYPE_LABELS.items()],
        required=False,
        help_text="Only records of this type.",
        error_messages=CHOICE_ERRORS,
    )
    topic = _slug_field("A topic's slug.")
    org = _slug_field("An organization's slug.")
    year = forms.IntegerField(
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        required=False,
        help_text="Only this year.",
        error_messages=NUMBER_ERRORS,
    )
    role = forms.ChoiceField(
        choices=[("", ""), *((v, v) for v in sorted(set(ROLE_LABELS.values())))],
        required=False,
        help_text="People who did this at a published event.",
        error_messages=CHOICE_ERRORS,
    )
    sort = forms.ChoiceField(
        choices=[(s, s) for s in SORTS], required=False, error_messages=CHOICE_ERRORS
    )
    page = _number_field(MAX_PAGE)
    page_size = _number_field(MAX_PER_PAGE)
    per_page = _number_field(MAX_PER_PAGE, "The search page's name for page_size.")

    # What a parameter is when not given, as the API's schema states it.
    DEFAULTS = {"sort": "relevance", "page": 1, "page_size": PER_PAGE}

    def __init__(self, data=None, *, strict: bool = False):
        super().__init__(data if data is not None else {})
        self.strict = strict

    def clean(self):
        data = super().clean()
        if self.strict and not self.errors:
            has_filter = any(data.get(name) not in (None, "") for name in FACETS)
            if not (self.data.get("q") or "").strip() and not has_filter:
                self.add_error("q", gettext("Give words to search for, or a filter."))
        return data

    def query(self) -> SearchQuery:
        """The search asked for; on the lenient page, bad values read as described above."""
        self.is_valid()
        valid = self.cleaned_data
        errors = self.errors
        if self.strict and errors:
            raise ValueError("query() on a strict form with errors; check is_valid() first")
        notes = []
        raw_q = valid["q"] if "q" in valid else self.data.get("q", "")
        filters = {}
        for name in FACETS:
            if name in errors:
                value = clean(self.data.get(name, "")).strip()
                # The filter by the name the page shows it under, not the address's "org".
                notes.append(
                    gettext("The %(name)s filter %(value)s is not a value Kenes knows; ignored.")
                    % {"name": FACET_TITLES[name], "value": repr(value[:40])}
                )
            elif valid.get(name) not in (None, ""):
                filters[name] = str(valid[name])
        per_page = self._number("per_page", None, MAX_PER_PAGE)
        return SearchQuery(
            q=clean(raw_q or "")[:MAX_QUERY].strip(),
            filters=filters,
            sort=valid.get("sort") or "relevance",
            page=self._number("page", 1, MAX_PAGE),
            per_page=per_page or self._number("page_size", PER_PAGE, MAX_PER_PAGE),
            notes=notes,
        )

    def _number(self, name: str, default, high: int):
        """A valid number as given; an invalid one clamped into range, or the default."""
        if name not in self.errors:
            value = self.cleaned_data.get(name)
            return default if value is None else value
        try:
            return min(max(int(self.data.get(name)), 1), high)
        except (TypeError, ValueError):
            return default
