"""Facet counts over every match: each facet value's documents kept per index snapshot, counted
against the match's bitmap (no scores needed)."""

from __future__ import annotations

import functools
import itertools
import operator
from array import array
from collections import Counter
from typing import NamedTuple

from . import internals
from .bitmaps import bits_from_ids, bytes_from_bits, values_per_document
from .postings import term_blocks
from .schema import FACET_FIELDS
from .snapshot import IndexSnapshot

SEPARATOR = "\x1f"  # between a facet's name and its value in a key
# A value held by fewer than one document in RARE is kept as document numbers, not a bitmap.
RARE = 256


class FacetFieldPlan(NamedTuple):
    """How one facet field's values are counted (see facet_plan)."""

    name: str  # the facet
    per_document: int  # n: every live document holds exactly n of its values (0: not so)
    cover: tuple[str, ...]  # keys of an earlier field's values covering the same documents
    derived: str | None  # the value counted as the sum less the others (None: every value)
    common: list[tuple[str, int]]  # the other values held as bitmaps, and their bitmaps
    rare: list[tuple[str, array]]  # the other values held as document numbers (rare_values)


def facet_key(name: str, value: str) -> str:
    return f"{name}{SEPARATOR}{value}"


def facet_sets(snapshot: IndexSnapshot) -> dict[str, int | array]:
    """Each facet value's documents, as a bitmap when the value is common (counting is then one
    AND and a bit count) and as document numbers when it is rare (a bitmap costs one bit per
    record, however few hold the value). Per index snapshot."""
    if snapshot.facet_sets is not None:
        return snapshot.facet_sets
    reader = snapshot.reader
    leaves = snapshot.leaves()
    deleted = {base + doc for sub, base in leaves for doc in internals.deleted_docs(sub)}
    values: dict[str, int | array] = {}
    for name, fieldname in FACET_FIELDS.items():
        for btext in reader.lexicon(fieldname):
            docs = array("I")
            for sub, base in leaves:
                for ids, _w, _v in term_blocks(sub, fieldname, btext):
                    docs.extend(map(base.__add__, ids) if base else ids)
            if deleted:
                docs = array("I", (d for d in docs if d not in deleted))
            if not docs:
                continue
            key = facet_key(name, btext.decode("utf-8"))
            values[key] = bits_from_ids(docs) if len(docs) * RARE >= snapshot.size else docs
    snapshot.facet_sets = values
    return values


def facet_plan(snapshot: IndexSnapshot) -> list[FacetFieldPlan]:
    """Per index snapshot and facet field. When every live document holds exactly n of the
    field's values, or (no document holding two of them) the values of an earlier field held
    by exactly the documents holding one of them cover it (years: the events, questions and
    surveys; roles: the people), the field's counts add up to n * matches, or to the cover's
    counts, and the value most documents hold is that sum less the others' counts: one bit
    count fewer per such field."""
    if snapshot.facet_plan is not None:
        return snapshot.facet_plan
    live = snapshot.live()
    by_field: dict[str, list[tuple[str, int | array]]] = {name: [] for name in FACET_FIELDS}
    for key, docs in facet_sets(snapshot).items():
        by_field[key.partition(SEPARATOR)[0]].append((key, docs))
    plan = []
    partitions: list[list[tuple[str, int]]] = []  # fields each live document holds once
    for values in by_field.values():
        if not values:
            continue
        bitmaps = [docs if isinstance(docs, int) else bits_from_ids(docs) for _k, docs in values]
        per_doc = values_per_document(live, bitmaps)
        cover: tuple = ()
        if per_doc == 1:
            partitions.append([(k, bits) for (k, _d), bits in zip(values, bitmaps, strict=True)])
        elif not per_doc:
            union = 0
            for bits in bitmaps:
                union |= bits
            if union.bit_count() == sum(bits.bit_count() for bits in bitmaps):
                for partition in partitions:
                    touching = [(k, bits) for k, bits in partition if bits & union]
                    covered = 0
                    for _k, bits in touching:
                        covered |= bits
                    if covered == union:
                        cover = tuple(k for k, _bits in touching)
                        break
        derived = None
        if per_doc or cover:
            derived = values[max(range(len(values)), key=lambda i: bitmaps[i].bit_count())][0]
        counted = [(k, docs) for k, docs in values if k != derived]
        common = [(k, docs) for k, docs in counted if isinstance(docs, int)]
        rare = [(k, docs) for k, docs in counted if not isinstance(docs, int)]
        name = _split_key(values[0][0])[0]
        plan.append(FacetFieldPlan(name, per_doc, cover, derived, common, rare))
    snapshot.facet_plan = plan
    return plan


def rare_values(snapshot: IndexSnapshot) -> tuple[list[tuple[str, ...]], Counter]:
    """Per index snapshot: each document's rare facet values (those kept as document numbers,
    see facet_sets), and how many documents hold each."""
    if snapshot.facet_rare is not None:
        return snapshot.facet_rare
    held: dict[int, list[str]] = {}
    totals: Counter = Counter()
    for plan in facet_plan(snapshot):
        for key, docs in plan.rare:
            totals[key] = len(docs)
            for doc in docs:
                held.setdefault(doc, []).append(key)
    by_doc: list[tuple[str, ...]] = [()] * snapshot.size
    for doc, keys in held.items():
        by_doc[doc] = tuple(keys)
    snapshot.facet_rare = (by_doc, totals)
    return snapshot.facet_rare


def _rare_counts(snapshot: IndexSnapshot, matched: int, total: int) -> Counter:
    """The rare values' counts in the match: each matched document's values counted in C
    (a Counter over a chain), or, when most documents match, the totals less the counts
    of the documents that do not: the work follows the smaller side, never every posting."""
    by_doc, totals = rare_values(snapshot)
    if not totals or not total:
        return Counter()
    live = snapshot.live()
    size = len(by_doc)
    if total * 2 <= live.bit_count():
        held = itertools.compress(by_doc, bytes_from_bits(matched, size))
        return Counter(itertools.chain.from_iterable(held))
    counts = totals.copy()
    counts.subtract(
        itertools.chain.from_iterable(
            itertools.compress(by_doc, bytes_from_bits(live & ~matched, size))
        )
    )
    return counts


def facet_counts(
    snapshot: IndexSnapshot, matched: int, total: int
) -> dict[str, list[tuple[str, int]]]:
    """Each facet's values with their numbers of matched documents, most common first (then
    by value). The rare values are counted first, in one pass over those the match holds."""
    facets: dict[str, list[tuple[str, int]]] = {name: [] for name in FACET_FIELDS}
    plans = facet_plan(snapshot)
    counts: dict[str, int] = {}
    field_totals: Counter = Counter()
    if any(plan.rare for plan in plans):
        for key, n in _rare_counts(snapshot, matched, total).items():
            if n > 0:  # (counting by the unmatched documents leaves zeros)
                name, value = _split_key(key)
                facets[name].append((value, n))
                field_totals[name] += n
                counts[key] = n
    for plan in plans:
        values = facets[plan.name]
        field_total = field_totals[plan.name]
        for key, docs in plan.common:
            both = docs & matched
            if both and (n := both.bit_count()):  # the AND is cheap, the bit count is not
                values.append((_split_key(key)[1], n))
                counts[key] = n
                field_total += n
        if plan.derived is not None:
            # The match holds only live documents: the field's counts add up to per_document
            # * total, or to its cover's counts (counted before it), see facet_plan.
            if plan.per_document:
                n = plan.per_document * total - field_total
            else:
                n = sum(counts.get(k, 0) for k in plan.cover) - field_total
            if n:
                values.append((_split_key(plan.derived)[1], n))
                counts[plan.derived] = n
    for values in facets.values():
        _order(values)
    return facets


def _order(values: list[tuple[str, int]]) -> None:
    """Most common first, then by value: two sorts in C (the second is stable)."""
    values.sort()
    values.sort(key=operator.itemgetter(1), reverse=True)


@functools.lru_cache(maxsize=65536)
def _split_key(key: str) -> tuple[str, str]:
    name, _, value = key.partition(SEPARATOR)
    return name, value


def split_facets(counts: dict[str, int]) -> dict[str, list[tuple[str, int]]]:
    """Counts by key as {facet name: [(value, count)]}, most common first (then by value)."""
    facets: dict[str, list[tuple[str, int]]] = {name: [] for name in FACET_FIELDS}
    for key, count in counts.items():
        name, value = _split_key(key)
        facets[name].append((value, count))
    for values in facets.values():
        _order(values)
    return facets
