"""The Whoosh backend's stored weight classes (each long posting list's documents by weight), the
ranking that prunes with them, and the page entries (stored fields and word layouts): all must
follow edits and deletions made after a rebuild."""

import dataclasses
import random
import shutil

import pytest
from whoosh.codec.base import Automata

from bench.search import QUERY_MIX, corpus
from kb.search.backends.base import SearchRequest
from kb.search.backends.whoosh import backend as whoosh_backend
from kb.search.backends.whoosh import facets, ranking
from kb.search.backends.whoosh.bitmaps import bits_from_ids, ids_from_bits, values_per_document
from kb.search.backends.whoosh.codec import PagesPerDocReader
from kb.search.backends.whoosh.compiling import QueryCompiler
from kb.search.backends.whoosh.facets import facet_counts, facet_plan, facet_sets, split_facets
from kb.search.backends.whoosh.fuzzy import (
    SortedWordCursor,
    levenshtein_automaton,
    levenshtein_dfa,
)
from kb.search.backends.whoosh.internals import weight_classes
from kb.search.backends.whoosh.matching import matching_docs
from kb.search.backends.whoosh.parts import PAGE_FIELDS
from kb.search.backends.whoosh.postings import SearchReads, term_blocks
from kb.search.highlight import layout, snippet
from kb.search.query import parse

QUERIES = [q for _kind, q in QUERY_MIX] + [
    "zzedited",
    "zzedited trust",
    "trust -public",
    "torture OR elections",
    "type:event trust",
    '"public trust"',
    "year:2020..2022 protest",
]


def assert_classes_match_postings(backend):
    """Every stored class holds exactly the term's documents of that weight, with their
    shortest field length (and their count when given), in every segment."""
    classed = 0
    with backend.snapshot() as snapshot:
        for reader, _base in snapshot.leaves():
            stored = weight_classes(reader)
            assert stored is not None
            classed += len(stored.index)
            for fieldname, btext in stored.index:
                by_weight: dict[float, list[int]] = {}
                for ids, weights, _values in term_blocks(reader, fieldname, btext):
                    if weights is None or isinstance(weights, float):  # one for the block
                        weights = [1.0 if weights is None else weights] * len(ids)
                    for doc, weight in zip(ids, weights, strict=True):
                        by_weight.setdefault(weight, []).append(doc)
                found = stored.get(fieldname, btext)
                assert {w: ids_from_bits(bits) for w, _s, bits, _n in found} == by_weight
                for _weight, shortest, bits, size in found:
                    lengths = [
                        reader.doc_field_length(doc, fieldname, 0) for doc in ids_from_bits(bits)
                    ]
                    assert shortest == min(lengths)
                    assert size in (None, len(lengths))  # known for sparse classes
    assert classed, "no term was long enough to have classes"


def assert_page_entries_match_stored_fields(backend):
    """Every live document's page entry holds its stored fields and its body's layout, in
    every segment (and snippets read from the layout equal those found by the pattern)."""
    marks = ["trust", "torture", "Zhovtis"]
    with backend.snapshot() as snapshot:
        live = ids_from_bits(snapshot.live())
        entries = snapshot.page_entries(live)
        assert all(pages is not None for _base, pages in snapshot.segment_pages)
        for doc, entry in zip(live, entries, strict=True):
            stored = snapshot.searcher.stored_fields(doc)
            expected = tuple(stored.get(name, default) for name, default in PAGE_FIELDS)
            assert entry[:-1] == expected  # all but the body layout
            assert entry.body_layout == layout(stored["body"])
            assert snippet(entry.body, marks, stored=entry.body_layout) == snippet(
                entry.body, marks
            )


def pages(backend):
    out = []
    for q in QUERIES:
        for page in (1, 2, 3):
            result = backend.search(SearchRequest(parse(q), page=page, per_page=20))
            out.append((q, page, result.total, [hit.key for hit in result.hits]))
    return out


@pytest.fixture(scope="module")
def edited_folder(tmp_path_factory):
    """A rebuilt index, then a commit that edits 100 records and deletes 10 (a second segment
    with deletions in the first): built once for the module."""
    docs = corpus(600)
    backend = whoosh_backend.WhooshBackend(tmp_path_factory.mktemp("edited") / "index")
    backend.rebuild(iter(docs))
    assert_classes_match_postings(backend)
    assert_page_entries_match_stored_fields(backend)
    changed = [dataclasses.replace(doc, body=f"{doc.body} zzedited trust") for doc in docs[100:200]]
    with backend.writer() as writer:
        writer.update(changed)
        writer.remove([doc.key for doc in docs[300:310]])
    return backend.path, docs


@pytest.fixture
def edited(edited_folder, tmp_path):
    """The module's edited index, a copy of its own for each test (some write into it)."""
    folder, docs = edited_folder
    shutil.copytree(folder, tmp_path / "index")
    return whoosh_backend.WhooshBackend(tmp_path / "index"), docs


def test_edits_and_deletions_after_a_rebuild_are_in_the_classes(edited):
    backend, docs = edited
    with backend.snapshot() as snapshot:
        assert len(snapshot.leaves()) == 2
    assert_classes_match_postings(backend)
    assert_page_entries_match_stored_fields(backend)
    found = backend.search(SearchRequest(parse("zzedited"), per_page=200))
    assert found.total == 100
    assert {hit.key for hit in found.hits} == {doc.key for doc in docs[100:200]}
    deleted = {doc.key for doc in docs[300:310]}
    for q in ("trust", "torture", "elections"):
        every = backend.search(SearchRequest(parse(q), per_page=1000))
        assert every.total == len(every.hits)
        assert not deleted & {hit.key for hit in every.hits}


def test_pruned_ranking_equals_scoring_every_match(edited, monkeypatch):
    backend, _docs = edited
    pruned = pages(backend)
    monkeypatch.setattr(ranking, "SCORE_DIRECTLY", 10**9)  # every group scored: no pruning
    assert pages(backend) == pruned


def test_segments_merged_by_later_commits_have_their_classes(edited, monkeypatch):
    backend, docs = edited
    for start in range(0, 240, 20):  # small commits: Whoosh merges the small segments
        with backend.writer() as writer:
            writer.update(docs[start : start + 20])
    assert_classes_match_postings(backend)
    assert_page_entries_match_stored_fields(backend)
    pruned = pages(backend)
    monkeypatch.setattr(ranking, "SCORE_DIRECTLY", 10**9)
    assert pages(backend) == pruned


def test_segments_without_page_entries_give_the_same_pages(edited, monkeypatch):
    backend, _docs = edited
    expected = [
        backend.search(SearchRequest(parse(q), per_page=20, sort=sort))
        for q in QUERIES
        for sort in ("relevance", "newest")
    ]
    # As for segments written before the page entries: stored fields through Whoosh.
    monkeypatch.setattr(PagesPerDocReader, "pages", lambda self: None)
    backend._drop()
    found = [
        backend.search(SearchRequest(parse(q), per_page=20, sort=sort))
        for q in QUERIES
        for sort in ("relevance", "newest")
    ]
    assert found == expected
    assert all(pages is None for _base, pages in backend._snapshot.segment_pages)


@pytest.mark.parametrize("count", [0, 1, 7, 64, 300, 5000])
def test_a_bitmaps_documents_are_listed_in_order_either_way(count):
    rng = random.Random(count)
    docs = sorted(rng.sample(range(100_000), count))
    bits = bits_from_ids(docs)
    for limit in (None, 1, 20):
        expected = docs if limit is None else docs[:limit]
        assert ids_from_bits(bits, limit) == expected
        assert ids_from_bits(bits, limit, few=True) == expected


def test_values_per_document_is_exact():
    live = 0b1111
    assert values_per_document(live, [0b0011, 0b1100]) == 1
    assert values_per_document(live, [0b0011, 0b1100, 0b0110, 0b1001]) == 2
    assert values_per_document(live, [0b0011, 0b1110]) == 0  # one document in two
    assert values_per_document(live, [0b0011, 0b0100]) == 0  # one in none
    assert values_per_document(0b0111, [0b1111]) == 0  # a deleted document
    assert values_per_document(live, [live] * 3) == 3


@pytest.mark.parametrize(("rare", "few"), [(256, 16), (8, 16), (8, 1)])
def test_facet_counts_equal_counting_every_value(edited, monkeypatch, rare, few):
    """Values counted as n * matches, or their cover's counts, less the others (see
    facet_plan) equal their bit counts; so do the values kept as document numbers (with
    RARE = 8, every value held by fewer than 600 / 8 documents of this corpus), whether a
    match's documents are looked up one by one (FEW = 1) or by a pass over all of them. With a
    limit, each facet's first values are exactly the same."""
    backend, _docs = edited
    monkeypatch.setattr(facets, "RARE", rare)
    monkeypatch.setattr(facets, "FEW", few)
    with backend.snapshot() as snapshot:
        snapshot.facet_sets = snapshot.facet_plan = snapshot.facet_rare = None
        plan = facet_plan(snapshot)
        assert any(field.per_document and field.derived for field in plan)
        assert any(field.cover and field.derived for field in plan)
        sets = facet_sets(snapshot)
        # Both ways of counting the values kept as document numbers: by the matched documents,
        # and (every live document matched) by the totals less the unmatched ones.
        assert any(not isinstance(docs, int) for docs in sets.values()) == (rare == 8)
        compiler = QueryCompiler(snapshot.reader, snapshot.sorted_words)
        matches = [snapshot.live()]
        for q in QUERIES:
            compiled = compiler.compile(parse(q))
            if compiled is not None:
                matches.append(matching_docs(compiled, snapshot, SearchReads()))
        for matched in matches:
            counts = {}
            for key, docs in sets.items():
                if not isinstance(docs, int):
                    docs = bits_from_ids(docs)
                if n := (docs & matched).bit_count():
                    counts[key] = n
            expected = split_facets(counts)
            assert facet_counts(snapshot, matched, matched.bit_count()) == expected
            for limit in (1, 2, 5):
                assert facet_counts(snapshot, matched, matched.bit_count(), limit) == {
                    name: values[:limit] for name, values in expected.items()
                }


def test_the_numbered_automaton_finds_what_whooshs_walk_finds(edited):
    backend, _docs = edited
    with backend.snapshot() as snapshot:
        for fieldname in ("name_keys", "people", "spell"):
            words = snapshot.sorted_words(fieldname)
            keys = [*words[::50], "zhovtys", "beisembaev", "kabatva", "trsut", "a", "zz", "ж"]
            for key in keys:
                for maxdist in (1, 2):
                    dfa = levenshtein_dfa(key, maxdist)
                    expected = list(Automata.find_matches(dfa, SortedWordCursor(words)))
                    automaton = levenshtein_automaton(key, maxdist)
                    assert list(automaton.matches(words)) == expected


def test_a_phrase_reads_only_the_blocks_holding_its_candidates(tmp_path, monkeypatch):
    """ "zzrare zzcommon" is in ten neighbouring records, "zzcommon" in all 600 (two
    posting blocks): the phrase decompresses only the blocks holding a candidate, and finds
    exactly what reading every block finds (same total, same page in the same order)."""
    docs = [
        dataclasses.replace(doc, body=f"{doc.body} {'zzrare ' if 500 <= n < 510 else ''}zzcommon")
        for n, doc in enumerate(corpus(600))
    ]
    backend = whoosh_backend.WhooshBackend(tmp_path / "index")
    backend.rebuild(iter(docs))
    read = []

    def counting(reader, fieldname, btext, within=None):
        blocks = term_blocks(reader, fieldname, btext, within)
        if within is not None and btext == b"zzcommon":
            read.append((fieldname, len(blocks), len(term_blocks(reader, fieldname, btext))))
        return blocks

    def every_block(reader, fieldname, btext, within=None):
        return term_blocks(reader, fieldname, btext)

    request = SearchRequest(parse('"zzrare zzcommon"'), per_page=200)
    monkeypatch.setattr("kb.search.backends.whoosh.matching.term_blocks", every_block)
    whole = backend.search(request)
    monkeypatch.setattr("kb.search.backends.whoosh.matching.term_blocks", counting)
    found = backend.search(request)
    assert found.total == whole.total == 10
    assert {hit.key for hit in found.hits} == {doc.key for doc in docs[500:510]}
    assert [hit.key for hit in found.hits] == [hit.key for hit in whole.hits]
    assert read == [("body", 1, 2)]  # (field, blocks read, blocks of the word)
