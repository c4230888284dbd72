"""Organizations as search records name them: each with the organizations it sits inside.

A programme's event is also its institute's and its university's (Central Asia Program ⊂
IERES ⊂ The George Washington University), so org: and the organization facet find it under
each of them. The chain is read with select_related(PARENTS): no query per record.
"""

from __future__ import annotations

from collections.abc import Iterable

from kb import visibility
from kb.models import Organization

PARENTS = "parent__parent__parent"  # the deepest chain staff record: program < institute < uni
MAX_DEPTH = 5  # a longer chain (or a loop a migration let through) stops here


def with_parents(orgs: Iterable[Organization]) -> list[Organization]:
    """The organizations, then the published ones they sit inside, each once, in order."""
    found: dict[int, Organization] = {}
    for org in orgs:
        found.setdefault(org.pk, org)
        node, depth = org.parent, 1
        while node is not None and depth < MAX_DEPTH:
            if visibility.record_visible(node):
                found.setdefault(node.pk, node)
            node, depth = node.parent, depth + 1
    return list(found.values())


def org_words(org: Organization) -> str:
    """Every name of the organization, for org: and typo matching."""
    return " ".join(
        p for p in (org.name, org.short_name, org.alternate_names, org.slug.replace("-", " ")) if p
    )


def named(org: Organization) -> str:
    """The organization as a line of text says it: "Central Asia Program (CAP)"."""
    return f"{org.name} ({org.short_name})" if org.short_name else org.name
