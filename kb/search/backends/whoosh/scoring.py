"""Whoosh's BM25F arithmetic, operation for operation, and bounds on it for pruning.

Scores must come out bit-identical to Whoosh's: each function keeps the order of Whoosh's
operations (tests/search/whoosh/test_equivalence.py compares the rankings).
"""

from __future__ import annotations

import heapq
import math

# A bound is rounded up by this factor, so that rounding never prunes a document that ties.
ROUND_UP = 1 + 1e-6


def bm25(idf, k1_1, weight, k1, b_, length, avgfl) -> float:
    """Whoosh's bm25(), term by term in the same order."""
    return idf * ((weight * k1_1) / (weight + k1 * ((1 - b_) + b_ * length / avgfl)))


def bound(best: float, boost: float) -> float:
    """A term's highest possible score, times its boost, rounded up; infinite when a score
    could be negative (no pruning is safe then)."""
    return best * boost * ROUND_UP if best > 0 and boost > 0 else math.inf


def bm25_score(idf, top, weight, norms, base, boost, doc) -> float:
    """One BM25F term score, with the operations in the order of Whoosh's bm25()."""
    value = idf * (top / (weight + norms[doc - base]))
    return value * boost if boost != 1.0 else value


def bm25_bound(idf, top, weight, boost, norm) -> float:
    """The highest score of a BM25F term in documents whose norm is at least `norm`."""
    return bound(idf * (top / (weight + norm)), boost)


def weight_score(weight, boost, doc) -> float:
    return weight * boost if boost != 1.0 else weight


def same_score(value, doc) -> float:
    """The score of a term that scores every document holding it alike."""
    return value


def phrase_score(parts_of, combination: tuple, boost: float) -> float:
    """A phrase's score in a document, from each word's (weight, norm) there: the words'
    BM25F scores added as Whoosh's phrase matcher adds them, times the boost."""
    scores = []
    for n, (idf, k1_1) in enumerate(parts_of):
        weight, norm = combination[2 * n], combination[2 * n + 1]
        scores.append(idf * ((weight * k1_1) / (weight + norm)))
    if len(scores) == 2:
        score = scores[0] + scores[1]
    elif len(scores) == 3:
        score = scores[0] + (scores[1] + scores[2])
    else:
        score = tree_sum(scores)
    return score * boost if boost != 1.0 else score


def tree_sum(values: list[float]) -> float:
    """a + (b + c): how Whoosh's intersection matcher (a binary tree) adds its parts' scores."""
    if len(values) == 1:
        return values[0]
    half = len(values) // 2
    return tree_sum(values[:half]) + tree_sum(values[half:])


def best_scored(scores: dict[int, float], limit: int) -> list[int]:
    """The `limit` best-scored documents, ties to the lower document number (Whoosh's order)."""
    if len(scores) <= limit:
        return sorted(scores, key=lambda doc: (-scores[doc], doc))
    floor = heapq.nlargest(limit, scores.values())[-1]
    above = sorted(
        (doc for doc, score in scores.items() if score > floor), key=lambda doc: (-scores[doc], doc)
    )
    # Many documents can share the floor's score (same lengths, same words): lowest numbers first.
    tied = heapq.nsmallest(limit - len(above), (doc for doc, s in scores.items() if s == floor))
    return above + tied
