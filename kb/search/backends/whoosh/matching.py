"""Which documents match a compiled query, as a bitmap, from the terms' weight classes (no
scoring, no matcher tree); phrases checked on the words' positions."""

from __future__ import annotations

import itertools

from whoosh import query as wq
from whoosh import scoring

from .bitmaps import bits_from_ids, ids_from_bits
from .facets import facet_key, facet_sets
from .postings import SearchReads, term_blocks, term_classes
from .schema import FACET_NAMES
from .scoring import phrase_score
from .snapshot import IndexSnapshot


def matching_docs(q, snapshot: IndexSnapshot, reads: SearchReads) -> int:
    """The bitmap of the live documents matching q. Each term's classes are kept in `reads`
    for the ranking, with each phrase's documents and scores (None where Whoosh matched it)."""
    searcher = snapshot.searcher
    leaves = snapshot.leaves()

    def term(node):
        field = searcher.schema[node.fieldname]
        btext = field.to_bytes(node.text)
        name = FACET_NAMES.get(node.fieldname)
        if name is not None:
            # A facet value (type:, year:, a filter): its documents are kept per index
            # snapshot, so its postings need not be read (type:question is a third of them).
            docs = facet_sets(snapshot).get(facet_key(name, btext.decode("utf-8")))
            bitmap = docs if isinstance(docs, int) else bits_from_ids(docs or ())
            reads.facet_terms[(node.fieldname, btext)] = bitmap
            return bitmap
        out = 0
        for segment, (sub, base) in enumerate(leaves):
            for weight_class in term_classes(reads, segment, sub, base, node.fieldname, btext):
                out |= weight_class.bits
        return out

    def walk(node):
        if isinstance(node, wq.Term):
            return term(node)
        if isinstance(node, wq.Every):
            return snapshot.live()
        if isinstance(node, wq.Or):
            out = 0
            for child in node.subqueries:
                out |= walk(child)
            return out
        if isinstance(node, wq.And):
            out = -1
            for child in node.subqueries:
                out &= walk(child)
                if not out:
                    break
            return out
        if isinstance(node, wq.AndNot):
            return walk(node.a) & ~walk(node.b)
        if node is wq.NullQuery or isinstance(node, type(wq.NullQuery)):
            return 0
        found = None
        if type(node) is wq.Phrase:
            found = reads.phrases[id(node)] = phrase_matches(node, snapshot, reads)
        return bits_from_ids(sorted(found if found is not None else searcher.docs_for_query(node)))

    return walk(q) & snapshot.live()


def phrase_matches(node, snapshot: IndexSnapshot, reads: SearchReads) -> dict[int, float] | None:
    """The documents where the phrase's words stand next to each other, in order, with
    Whoosh's score for each (the sum of the words' BM25F scores in that field, times the
    phrase's boost). The candidates are the documents holding every word (an AND of the
    words' bitmaps); only their postings are taken from the blocks (ids, weights and
    positions), and each combination of the words' encoded positions is checked once per
    search (in a short field most documents hold the same few). None for what this does
    not handle (Whoosh matches it instead)."""
    searcher = snapshot.searcher
    fieldname = node.fieldname
    field = searcher.schema[fieldname]
    fmt = field.format
    if not fmt.supports("positions"):
        return None
    decoded: dict[bytes, frozenset[int]] = {}
    out: dict[int, float] = {}
    for segment, (sub, base) in enumerate(searcher.leaf_searchers()):
        reader = sub.reader()
        words = []
        inside = -1
        for word in node.words:
            btext = field.to_bytes(word)
            found = term_classes(reads, segment, reader, base, fieldname, btext)
            if not found:
                break
            scorer = sub.weighting.scorer(sub, fieldname, btext)
            if type(scorer) is not scoring.BM25FScorer:
                return None
            bits = 0
            for weight_class in found:
                bits |= weight_class.bits
            inside &= bits
            words.append((btext, scorer))
        else:
            if not inside:
                continue
            candidates = ids_from_bits(inside >> base)
            wanted = set(candidates)
            # Each word's positions and weight in the candidate documents, in their order
            # (dictionaries filled in C from the blocks holding a candidate).
            places, weights_of = [], []
            for btext, _scorer in words:
                where: dict[int, bytes] = {}
                weight_of: dict[int, float] = {}
                # (Only the blocks holding a candidate are read, unless the search has them.)
                blocks = reads.blocks.get((segment, fieldname, btext))
                if blocks is None:
                    blocks = term_blocks(reader, fieldname, btext, candidates)
                for ids, weights, values in blocks:
                    if values is None or len(values) != len(ids):
                        return None
                    if wanted.isdisjoint(ids):
                        continue
                    where.update(zip(ids, values, strict=True))
                    if weights is None or isinstance(weights, float):
                        weight = 1.0 if weights is None else weights
                        weight_of.update(zip(ids, itertools.repeat(weight)))
                    else:
                        weight_of.update(zip(ids, weights, strict=False))
                places.append(list(map(where.__getitem__, candidates)))
                weights_of.append(list(map(weight_of.__getitem__, candidates)))
            # Whether the words stand in a row, once per combination of encoded positions.
            adjacent = {
                combination: _in_a_row(combination, fmt, decoded)
                for combination in set(zip(*places, strict=True))
            }
            matches = list(
                itertools.compress(
                    range(len(candidates)),
                    map(adjacent.__getitem__, zip(*places, strict=True)),
                )
            )
            if not matches:
                continue
            # The score, once per combination of the words' weights and norms.
            columns = []
            for (_btext, scorer), weights in zip(words, weights_of, strict=True):
                norm = snapshot.norms(reader, fieldname, scorer)
                docs = map(candidates.__getitem__, matches)
                columns.append(list(map(weights.__getitem__, matches)))
                columns.append(list(map(norm.__getitem__, docs)))
            parts_of = [(scorer.idf, scorer.K1 + 1) for _btext, scorer in words]
            boost = node.boost
            scores: dict[tuple, float] = {}
            for n, combination in zip(matches, zip(*columns, strict=True), strict=True):
                score = scores.get(combination)
                if score is None:
                    score = scores[combination] = phrase_score(parts_of, combination, boost)
                out[base + candidates[n]] = score
    return out


def _in_a_row(places: tuple[bytes, ...], fmt, decoded: dict) -> bool:
    """Whether, given each word's encoded positions in a document, the words stand next to
    each other in order somewhere (decoded positions kept in `decoded` for the search)."""
    starts = None
    for offset, value in enumerate(places):
        found = decoded.get(value)
        if found is None:
            found = decoded[value] = frozenset(fmt.decode_positions(value))
        if starts is None:
            starts = found
        else:
            starts = [p for p in starts if p + offset in found]
            if not starts:
                return False
    return bool(starts)
