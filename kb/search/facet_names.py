"""The names of the topic and organization facet values a page shows, kept in the process.

A broad search shows the same few dozen topics and organizations as the last one did: their
names are read from the database once per content version (any edit, on any server, bumps it:
kb.pagecache), index generation (a commit to the index; SearchPage.generation) and language,
not once per search. A backend that gives no generation (None) has them read every time.
"""

from __future__ import annotations

from django.db.models import Value
from django.utils.translation import get_language

from kb.models import Organization, Topic
from kb.pagecache import content_version

MODELS = {"topic": Topic, "org": Organization}
# Names kept per (content version, index generation, language); a new version or generation
# empties the store once it holds this many.
KEPT = 8
_kept: dict[tuple, dict[tuple[str, str], str | None]] = {}


def facet_names(values: dict[str, set[str]], generation) -> dict[str, dict[str, str]]:
    """{"topic": {slug: name}, "org": {slug: name}} for the published records among `values`
    (slugs by facet); at most one query, none when every slug was named before."""
    names: dict[str, dict[str, str]] = {kind: {} for kind in MODELS}
    if not any(values.get(kind) for kind in MODELS):
        return names
    kept: dict[tuple[str, str], str | None] = {}
    if generation is not None:
        key = (content_version(), generation, get_language())
        if key not in _kept and len(_kept) >= KEPT:
            _kept.clear()
        kept = _kept.setdefault(key, {})
    missing = {kind: [v for v in values.get(kind, ()) if (kind, v) not in kept] for kind in MODELS}
    if missing["topic"] or missing["org"]:
        found = {kind: {} for kind in MODELS}
        for kind, slug, name in _named("topic", missing["topic"]).union(
            _named("org", missing["org"]), all=True
        ):
            found[kind][slug] = name
        for kind, slugs in missing.items():
            for slug in slugs:  # an unpublished or unknown slug is kept as unnamed
                kept[(kind, slug)] = found[kind].get(slug)
    for kind in MODELS:
        for slug in values.get(kind, ()):
            if (name := kept[(kind, slug)]) is not None:
                names[kind][slug] = name
    return names


def _named(kind: str, slugs):
    """(kind, slug, name) of the published records of the facet's model with these slugs."""
    return (
        MODELS[kind]
        .objects.published()
        .filter(slug__in=slugs)
        .annotate(facet=Value(kind))
        .order_by()
        .values_list("facet", "slug", "name")
    )
