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
from .bitmaps import bits_from_ids, ids_from_bits, values_per_document
from .postings import term_blocks
from .schema import FACET_FIELDS
from .snapshot import IndexSnapshot

SEPARATOR = "\x1f"  # between a facet's name and its value in a key
# A value held by fewer than one document in RARE is kept as document numbers, not a bitmap.
RARE = 256


class FacetFieldPlan(NamedTuple):
    """How one facet field's values are counted (see facet_plan)."""

    per_document: int  # n: every live document holds exactly n of its values (0: not so)
    cover: tuple[str, ...]  # keys of an earlier field's values covering the same documents
    derived: str | None  # the value counted as the sum less the others (None: every value)
    counted: list[tuple[str, int | array]]  # the other values and their documents


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
        plan.append(FacetFieldPlan(per_doc, cover, derived, counted))
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
        for key, docs in plan.counted:
            if not isinstance(docs, int):
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
    if total * 2 <= live.bit_count():
        return Counter(
            itertools.chain.from_iterable(map(by_doc.__getitem__, ids_from_bits(matched)))
        )
    counts = totals.copy()
    counts.subtract(
        itertools.chain.from_iterable(map(by_doc.__getitem__, ids_from_bits(live & ~matched)))
    )
    return counts


def facet_counts(
    snapshot: IndexSnapshot, matched: int, total: int
) -> dict[str, list[tuple[str, int]]]:
    counts = {}
    rare = None
    for per_doc, cover, derived, values in facet_plan(snapshot):
        field_total = 0
        for key, docs in values:
            if isinstance(docs, int):
                both = docs & matched
                n = both.bit_count() if both else 0  # the AND is cheap, the bit count is not
            else:
                if rare is None:
                    rare = _rare_counts(snapshot, matched, total)
                n = rare[key]
            if n:
                counts[key] = n
                field_total += n
        if derived is not None:
            # The match holds only live documents: the field's counts add up to per_doc *
            # total, or to its cover's counts (counted before it), see facet_plan.
            if per_doc:
                n = per_doc * total - field_total
            else:
                n = sum(counts.get(k, 0) for k in cover) - field_total
            if n:
                counts[derived] = n
    return split_facets(counts)


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
        values.sort()  # by value; then by count, largest first (a stable sort keeps the values')
        values.sort(key=operator.itemgetter(1), reverse=True)
    return facets
