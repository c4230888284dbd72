"""The top matches by relevance, exactly as Whoosh's collector ranks them, scoring only the
documents that can reach the page (branch and bound over the terms' weight classes)."""

from __future__ import annotations

import functools
import heapq
import itertools
import math
from collections.abc import Callable
from typing import NamedTuple

from whoosh import query as wq
from whoosh import scoring

from . import scoring as bm25f
from .bitmaps import bits_from_ids, ids_from_bits
from .postings import SearchReads, term_classes
from .snapshot import IndexSnapshot, LengthBand

# A group of at most this many documents is scored as it is instead of being split further.
SCORE_DIRECTLY = 64


class BandBound(NamedTuple):
    """For a BM25F term's option: its field in its segment (the key of the length bands), and
    its bound for documents of at least a given length norm."""

    field_key: tuple[int, str]
    bound_at: Callable[[float], float]


class RankOption(NamedTuple):
    """Documents of one entry (a term in a segment, a phrase, a facet term) that score alike
    but for their field lengths: a term's documents of one weight."""

    bound: float  # no document here scores more
    bits: int
    score: Callable[[int], float]  # a document's exact score
    uniform: bool  # every document scores the same
    band: BandBound | None  # for a BM25F term: bounds by field length
    size: int | None  # how many documents, when known without counting


def positive_terms(q, out: list) -> bool:
    """Collect the terms and phrases whose scores add up to a document's score; False for
    anything else."""
    if isinstance(q, wq.Term) and type(q) is wq.Term:
        out.append(q)
        return True
    if type(q) is wq.Phrase and q.slop == 1 and not q.char_ranges:
        out.append(q)
        return True
    if isinstance(q, (wq.And, wq.Or)) and type(q) in (wq.And, wq.Or):
        if q.boost != 1.0 or getattr(q, "minmatch", 0) or getattr(q, "scale", None):
            return False
        return all(positive_terms(child, out) for child in q.subqueries)
    if isinstance(q, wq.AndNot) and q.boost == 1.0:
        return positive_terms(q.a, out)
    return False


def _to_bytes(searcher, term) -> bytes:
    return searcher.schema[term.fieldname].to_bytes(term.text)


def _facet_term_score(searcher, term) -> float | None:
    """A facet term's score, the same in every document holding it: every weight is 1.0 and
    the field keeps no lengths, so Whoosh scores it by its weight (BM25F does so for fields
    that are not scorable). Times the term's boost. None if the term is not so."""
    btext = _to_bytes(searcher, term)
    reader = searcher.reader()
    if (term.fieldname, btext) in reader:
        info = reader.term_info(term.fieldname, btext)
        if info.max_weight() != 1.0 or info.weight() != info.doc_frequency():
            return None
    scorer = searcher.weighting.scorer(searcher, term.fieldname, btext)
    if not isinstance(scorer, scoring.WeightScorer):
        return None
    return 1.0 * term.boost if term.boost != 1.0 else 1.0


def rank(q, snapshot: IndexSnapshot, matched: int, limit, reads: SearchReads) -> list[int] | None:
    """The top `limit` matches, or None when the query holds anything but And/Or/AndNot of
    terms and phrases (the caller lets Whoosh rank it).

    A document's score is the sum, over the terms it holds on the positive side, of the term's
    BM25F score times its boost (Whoosh's scorer parameters and arithmetic); a phrase adds
    the score matching gave it. Ties go to the lower document number, as in Whoosh's
    TopCollector. Terms are added in the order of their highest possible score: another
    order could change a sum in its last bit (documents holding the same terms get the same
    sum either way).
    """
    terms: list[wq.Term] = []
    if not positive_terms(q, terms):
        return None
    searcher = snapshot.searcher
    entries: list[tuple[float, list[RankOption]]] = []  # (best bound, options)
    fields_seen = {}  # (segment, field) -> (reader, first document, norms)
    for term in terms:
        if type(term) is wq.Phrase:
            found = reads.phrases.get(id(term))
            if found is None:
                return None
            if found:
                best = max(found.values()) * bm25f.ROUND_UP
                option = RankOption(
                    best, bits_from_ids(sorted(found)), found.__getitem__, False, None, len(found)
                )
                entries.append((best, [option]))
        elif (term.fieldname, _to_bytes(searcher, term)) in reads.facet_terms:
            value = _facet_term_score(searcher, term)
            if value is None:
                return None
            bits = reads.facet_terms[(term.fieldname, _to_bytes(searcher, term))]
            best = value * bm25f.ROUND_UP
            score = functools.partial(bm25f.same_score, value)
            entries.append((best, [RankOption(best, bits, score, True, None, None)]))
    for segment, (sub, base) in enumerate(searcher.leaf_searchers()):
        reader = sub.reader()
        for term in terms:
            if (
                type(term) is wq.Phrase
                or (term.fieldname, _to_bytes(sub, term)) in reads.facet_terms
            ):
                continue
            btext = sub.schema[term.fieldname].to_bytes(term.text)
            found = term_classes(reads, segment, reader, base, term.fieldname, btext)
            if not found:
                continue
            scorer = sub.weighting.scorer(sub, term.fieldname, btext)
            info = reader.term_info(term.fieldname, btext)
            boost = term.boost
            term_shortest = info.min_length() or 0
            if type(scorer) is scoring.BM25FScorer:
                norms = snapshot.norms(reader, term.fieldname, scorer)
                idf, k1_1, k1, b_, avgfl = (
                    scorer.idf, scorer.K1 + 1, scorer.K1, scorer.B, scorer.avgfl
                )  # fmt: skip
                field_key = (segment, term.fieldname)
                fields_seen[field_key] = (reader, base, norms)
                options = []
                for weight, shortest, bits, size in found:
                    score = functools.partial(
                        bm25f.bm25_score, idf, weight * k1_1, weight, norms, base, boost
                    )
                    least = term_shortest if shortest is None else shortest
                    highest = bm25f.bm25(idf, k1_1, weight, k1, b_, least, avgfl)
                    band = BandBound(
                        field_key,
                        functools.partial(bm25f.bm25_bound, idf, weight * k1_1, weight, boost),
                    )
                    options.append(
                        RankOption(bm25f.bound(highest, boost), bits, score, False, band, size)
                    )
                highest = bm25f.bm25(idf, k1_1, info.max_weight(), k1, b_, term_shortest, avgfl)
                best = bm25f.bound(highest, boost)
            elif isinstance(scorer, scoring.WeightScorer):
                options = [
                    RankOption(
                        bm25f.bound(weight, boost),
                        bits,
                        functools.partial(bm25f.weight_score, weight, boost),
                        True,
                        None,
                        size,
                    )
                    for weight, _shortest, bits, size in found
                ]
                best = bm25f.bound(info.max_weight(), boost)
            else:
                return None
            entries.append((best, options))
    entries.sort(key=lambda entry: -entry[0])  # stable: ties keep the order above

    def bands(field_key) -> list[LengthBand]:
        reader, base, norms = fields_seen[field_key]
        return snapshot.bands(reader, base, field_key[1], norms)

    return top_documents([options for _best, options in entries], matched, limit, bands)


def top_documents(entries: list[list[RankOption]], matched: int, limit: int, bands) -> list[int]:
    """The `limit` best of the matched documents, by the sum of their terms' scores in entry
    order, ties to the lower document number. A document is in at most one option per entry.

    Branch and bound, best first: a group of documents is the options it holds of the entries
    looked at so far; its bound is the sum of those options' bounds and of the highest bounds
    of the entries still to look at. A group is split by the next entry's options (and those
    without it); once every entry has been looked at, a large group is split by the field
    lengths of its terms (bands(field key) -> [LengthBand]), which bounds each part more
    closely. A small group, or one whose documents all score the same, is scored exactly. Once
    the best remaining bound is below the `limit`-th best score found, no document left can
    reach the page.
    """
    count = len(entries)
    rest = [0.0] * (count + 1)  # the highest score the entries from j on can add
    for j in range(count - 1, -1, -1):
        rest[j] = rest[j + 1] + max(option.bound for option in entries[j])
    unions: list[int | None] = [None] * count
    scores: dict[int, float] = {}
    page: list[float] = []  # the `limit` best scores so far (a min-heap)
    order = itertools.count()

    def options_held(chain: tuple) -> list[RankOption]:
        """The options of a chain (earlier chain, entry, option), in entry order."""
        options = []
        while chain:
            chain, entry, number = chain
            options.append(entries[entry][number])
        options.reverse()
        return options

    # A group, as a plain tuple (a heap item, never leaving this function): (-bound, tie-break,
    # next entry, documents, bound of the options held, options held as a chain, length bands
    # chosen {field key: (norm, exact)}, at most how many documents when known without counting)
    queue = [(-rest[0], next(order), 0, matched, 0.0, (), {}, None)]
    while queue:
        negative_bound, _n, j, bits, held_bound, chain, split, most = heapq.heappop(queue)
        floor = page[0] if len(page) >= limit else -math.inf
        if -negative_bound < floor:
            break
        # Whether the group is small: counting many bits costs as much as scoring a few
        # documents, so a known bound is used first.
        small = most is not None and most <= SCORE_DIRECTLY
        size = None
        if j < count and not small:
            size = bits.bit_count()
            small = size <= SCORE_DIRECTLY
        if j < count and not small:
            after = rest[j + 1]
            for number, option in enumerate(entries[j]):
                part = bits & option.bits
                bound = held_bound + option.bound
                if part and bound + after >= floor:
                    at_most = size if option.size is None else min(size, option.size)
                    item = (-(bound + after), next(order), j + 1, part, bound,
                            (chain, j, number), split, at_most)  # fmt: skip
                    heapq.heappush(queue, item)
            union = unions[j]
            if union is None:
                union = 0
                for option in entries[j]:
                    union |= option.bits
                unions[j] = union
            part = bits ^ (bits & union)
            if part and held_bound + after >= floor:
                item = (-(held_bound + after), next(order), j + 1, part, held_bound, chain,
                        split, size)  # fmt: skip
                heapq.heappush(queue, item)
            continue
        options = options_held(chain)
        uniform = all(
            option.uniform
            or (option.band is not None and split.get(option.band.field_key, (0, False))[1])
            for option in options
        )
        key = None
        if j == count and not uniform and not small:
            size = bits.bit_count()
            small = size <= SCORE_DIRECTLY
            if not small:
                key = next(
                    (
                        option.band.field_key
                        for option in options
                        if option.band is not None and option.band.field_key not in split
                    ),
                    None,
                )
        if key is None:
            # Small, or split as far as it goes: score it (only its first documents when all
            # score the same).
            same = limit if uniform and j == count else None
            for doc, score in _score_group(entries, bits, j, options, same, small):
                scores[doc] = score
                if len(page) < limit:
                    heapq.heappush(page, score)
                elif score > page[0]:
                    heapq.heapreplace(page, score)
            continue
        for norm, exact, band_bits in bands(key):
            part = bits & band_bits
            if not part:
                continue
            chosen = {**split, key: (norm, exact)}
            bound = 0.0
            for option in options:
                highest = option.bound
                band = option.band
                if band is not None and band.field_key in chosen:
                    highest = band.bound_at(chosen[band.field_key][0])
                bound += highest
            if bound >= floor:
                heapq.heappush(queue, (-bound, next(order), j, part, bound, chain, chosen, size))
    return bm25f.best_scored(scores, limit)


def _score_group(entries, bits: int, j: int, options: list[RankOption], limit, few: bool):
    """(document, exact score) for each document of a group: the `options` it holds of the
    entries before j, and the entries from j on looked up document by document. A document in
    no entry is not scored (it is not ranked). With a limit (every document scores the same),
    only the first `limit` documents: ties go to lower numbers. `few`: the group is small."""
    docs = ids_from_bits(bits, limit, few)
    chosen = [option.score for option in options]
    parts: dict[int, list] = {doc: list(chosen) for doc in docs}
    for entry in entries[j:]:
        for option in entry:
            inside = bits & option.bits
            if inside:
                for doc in ids_from_bits(inside, few=few):
                    parts[doc].append(option.score)
    for doc in docs:
        functions = parts[doc]
        if not functions:
            continue
        total = 0.0
        for score in functions:
            total = total + score(doc)
        yield doc, total
