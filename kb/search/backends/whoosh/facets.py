"""Facet counts over every match: each facet value's documents kept per index snapshot, counted
against the match's bitmap (no scores needed)."""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
from array import array
from collections import Counter
from typing import NamedTuple

from . import internals
from .bitmaps import bits_from_ids, bytes_from_bits, ids_from_bits, values_per_document
from .postings import term_blocks
from .schema import FACET_FIELDS
from .snapshot import IndexSnapshot

SEPARATOR = "\x1f"  # between a facet's name and its value in a key
# A value held by fewer than one document in RARE is kept as document numbers, not a bitmap.
RARE = 256
# A match of fewer than one document in FEW has its rare values looked up document by document.
FEW = 16


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


class RareValues(NamedTuple):
    """The rare facet values (those kept as document numbers, see facet_sets) of a snapshot,
    numbered in the order of their keys (so a facet's values are neighbours)."""

    by_doc: list[tuple[int, ...]]  # each document's rare values, by number
    totals: Counter  # how many documents hold each value, by number
    keys: list[str]  # each number's key ("name\x1fvalue")
    numbers: dict[str, int]  # each key's number
    bounds: dict[str, tuple[int, int]]  # the numbers of each facet's values: [low, high)


def rare_values(snapshot: IndexSnapshot) -> RareValues:
    """Per index snapshot: each document's rare facet values, and how many documents hold
    each (numbers, not keys: counting and ordering small ints is cheaper)."""
    if snapshot.facet_rare is not None:
        return snapshot.facet_rare
    docs_of = {key: docs for plan in facet_plan(snapshot) for key, docs in plan.rare}
    keys = sorted(docs_of)
    numbers = {key: n for n, key in enumerate(keys)}
    held: dict[int, list[int]] = {}
    totals: Counter = Counter()
    for n, key in enumerate(keys):
        totals[n] = len(docs_of[key])
        for doc in docs_of[key]:
            held.setdefault(doc, []).append(n)
    by_doc: list[tuple[int, ...]] = [()] * snapshot.size
    for doc, values in held.items():
        by_doc[doc] = tuple(values)
    bounds = {}
    for name in FACET_FIELDS:
        low = bisect.bisect_left(keys, name + SEPARATOR)
        high = bisect.bisect_left(keys, name + chr(ord(SEPARATOR) + 1), low)
        if low < high:
            bounds[name] = (low, high)
    snapshot.facet_rare = RareValues(by_doc, totals, keys, numbers, bounds)
    return snapshot.facet_rare


def _rare_counts(snapshot: IndexSnapshot, matched: int, total: int) -> Counter:
    """The rare values' counts in the match, by number: each matched document's values
    counted in C (a Counter over a chain), or, when most documents match, the totals less the
    counts of the documents that do not: the work follows the smaller side, never every
    posting. A few matches are looked up by number (not a pass over a byte per document)."""
    by_doc, totals = rare_values(snapshot)[:2]
    if not totals or not total:
        return Counter()
    size = len(by_doc)
    if total * FEW <= size:
        held = map(by_doc.__getitem__, ids_from_bits(matched))
        return Counter(itertools.chain.from_iterable(held))
    live = snapshot.live()
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


def _rare_by_field(rare: Counter, bounds: dict) -> dict[str, list[tuple[int, int]]]:
    """The rare counts by facet, each as (number, count) in the order of the keys, zeros left
    out: sorted and cut in C (a facet's numbers are neighbours), no step per value."""
    items = sorted(rare.items())
    numbers = list(map(operator.itemgetter(0), items))
    out = {}
    for name, (low, high) in bounds.items():
        part = items[bisect.bisect_left(numbers, low) : bisect.bisect_left(numbers, high)]
        if part:  # (counting by the unmatched documents leaves zeros)
            out[name] = list(itertools.compress(part, map(operator.itemgetter(1), part)))
    return out


def facet_counts(
    snapshot: IndexSnapshot, matched: int, total: int, limit: int | None = None
) -> dict[str, list[tuple[str, int]]]:
    """Each facet's values with their numbers of matched documents, most common first (then
    by value); with `limit`, each facet's first `limit` of them (exactly the same, whatever
    the values left out: a page lists a broad match's first 15 of 2,000 organizations). The
    rare values are counted first, in one pass over those the match holds."""
    facets: dict[str, list[tuple[str, int]]] = {name: [] for name in FACET_FIELDS}
    plans = facet_plan(snapshot)
    rare_values_of = rare_values(snapshot) if any(p.rare for p in plans) else None
    rare = _rare_counts(snapshot, matched, total) if rare_values_of else Counter()
    rare_by_field = _rare_by_field(rare, rare_values_of.bounds) if rare else {}
    counts: dict[str, int] = {}  # the common and derived values' counts
    for plan in plans:
        values = []
        field_total = 0
        for key, docs in plan.common:
            both = docs & matched
            if both and (n := both.bit_count()):  # the AND is cheap, the bit count is not
                values.append((key, n))
                counts[key] = n
                field_total += n
        rare_part = rare_by_field.get(plan.name, [])
        if plan.derived is not None:
            # The match holds only live documents: the field's counts add up to per_document
            # * total, or to its cover's counts (counted before it), see facet_plan.
            field_total += sum(map(operator.itemgetter(1), rare_part))
            if plan.per_document:
                n = plan.per_document * total - field_total
            else:
                numbers = rare_values_of.numbers if rare_values_of else {}
                n = -field_total
                for k in plan.cover:
                    n += counts[k] if k in counts else rare.get(numbers.get(k), 0)
            if n:
                values.append((plan.derived, n))
                counts[plan.derived] = n
        if rare_part:
            if limit is not None and len(rare_part) > limit:
                # Any rare value among the facet's first `limit` is among the rare ones'
                # first (numbers are in the order of the keys, so ties order the same).
                rare_part = _ordered(rare_part)[:limit]
            keys = rare_values_of.keys
            values += [(keys[number], n) for number, n in rare_part]
        values = _ordered(values)
        if limit is not None:
            values = values[:limit]
        facets[plan.name] = [(_split_key(key)[1], n) for key, n in values]
    return facets


def _ordered(values: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """(key, count) most common first, then by key: two sorts in C (the second is stable)."""
    values.sort()
    values.sort(key=operator.itemgetter(1), reverse=True)
    return values


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
