"""The proof that the engine answers as Whoosh does.

On a generated corpus (bench/search.py), for queries of every form, our backend's first page
(keys and order), total and facet counts are compared with stock Whoosh's `searcher.search` on the
same index and the same compiled query (BM25F, Whoosh's default weighting, which the backend
uses), and with plain counting (sets of document numbers from the postings). Once on a fresh
rebuild (one segment), once after edits and deletions (two segments, deletions in the first).

Where they differ by design:
- `searcher.search(q, limit=20)` skips posting blocks whose quality (from each block's largest
  weight and its shortest length, rounded to a byte) says they cannot reach the page; the
  rounding can make a block look worse than it is, so Whoosh's own top 20 can miss documents
  that its own scores put there (as in "internet shutdown", "torture -police"). Our bounds use
  exact lengths. So our page is compared with Whoosh's full ranking (`limit=None`, every match
  scored), and Whoosh's pruned page must never be better than ours.
- Whoosh's AndNot matcher can keep a document that its negative side matches (seen after edits:
  "torture -police" keeps an edited event whose body now says "police", which "police" alone
  finds). The match is therefore counted plainly, as sets (plain_matches), and Whoosh's full
  ranking is compared on those documents; Whoosh's own match must hold all of them.
- Whoosh's matcher tree adds a document's term scores in its own order; we add them in the order
  of the terms' highest possible scores. A sum can then differ in its last bit, so two documents
  whose scores differ by less than that may swap. Such a swap is accepted only when stock
  Whoosh's own two scores are equal within 1e-9 (relative); anything else fails.
- Facet filters are part of our query (And), where `searcher.search(filter=...)` treats a filter
  matching nothing as no filter at all; the stock side is given the same And query.
"""

import dataclasses
import math

import pytest
from whoosh import index, sorting
from whoosh import query as wq
from whoosh.filedb.filestore import FileStorage

from bench.search import corpus
from kb.search.backends.base import SearchRequest
from kb.search.backends.whoosh import WhooshBackend
from kb.search.backends.whoosh.compiling import QueryCompiler, facet_filter
from kb.search.backends.whoosh.schema import FACET_FIELDS
from kb.search.query import parse

CORPUS_SIZE = 3000
QUERIES = [
    # words
    "torture", "trust", "elections", "police violence", "internet shutdown", "oil strike workers",
    "kara", "Almaty Zhanaozen", "The of",  # lower case, "the of" requires nothing (stop words)
    # phrases
    '"human rights"', '"freedom from torture"', '"peaceful assembly"', '"public trust"',
    '"right to life"', '"kazakhstan international bureau"', '"serik beisembaev"',
    # fields
    "person:zhovtis", "person:beisembayev", "org:paperlab", "org:soros", "topic:torture",
    "topic:gender", "type:question", "type:event trust", "year:2020", "year:2018..2020 protest",
    "type:question year:2023",
    # prefixes
    "protest*", "invest*", "parl*", "zh*",
    # fuzzy names (typos, other spellings, Cyrillic)
    "Beisembaev", "Kabatva", "Zhovtys", "Jovtis", "Nurpeisov", "Жовтис",
    # negation
    "torture -police", "trust -survey", "protest -riots -looting",
    # OR
    "elections OR parliament", "torture OR detention", "trust OR survey -police",
]  # fmt: skip
FILTERED = [
    ("trust", {"type": "question"}),
    ("protest", {"topic": "public-trust", "year": "2019"}),
    ("torture", {"org": "demoscope"}),
]


@pytest.fixture(scope="module", params=["rebuilt", "edited"])
def engines(request, tmp_path_factory):
    """Our backend, and stock Whoosh on the same folder (its own storage, no mapping)."""
    docs = corpus(CORPUS_SIZE)
    backend = WhooshBackend(tmp_path_factory.mktemp("equivalence") / "index")
    backend.rebuild(iter(docs))
    if request.param == "edited":
        changed = [dataclasses.replace(d, body=f"{d.body} trust police") for d in docs[500:800]]
        with backend.writer() as writer:
            writer.update(changed)
            writer.remove([d.key for d in docs[1000:1040]])
    stock = index.open_dir(str(backend.path))
    assert type(stock.storage) is FileStorage
    with stock.searcher() as searcher:
        if request.param == "edited":
            assert len(list(searcher.reader().leaf_readers())) == 2
        yield backend, searcher


def compiled(backend, searcher, q, filters):
    with backend.snapshot() as snapshot:
        query = QueryCompiler(searcher.reader(), snapshot.sorted_words).compile(parse(q))
    selected = facet_filter(filters)
    if selected is not None:
        query = selected if query is None else wq.And([query, selected])
    return query


def plain_matches(searcher, node) -> set[int]:
    """The documents matching a compiled query, by set algebra over its leaves' documents."""
    if isinstance(node, wq.And):
        return set.intersection(*(plain_matches(searcher, child) for child in node.subqueries))
    if isinstance(node, wq.Or):
        return set().union(*(plain_matches(searcher, child) for child in node.subqueries))
    if isinstance(node, wq.AndNot):
        return plain_matches(searcher, node.a) - plain_matches(searcher, node.b)
    return set(searcher.docs_for_query(node))


def plain_facet_counts(searcher, matched: set[int]) -> dict[str, list[tuple[str, int]]]:
    """Each facet value's live documents from its postings, intersected with the match."""
    reader = searcher.reader()
    out = {}
    for name, fieldname in FACET_FIELDS.items():
        counts = []
        for btext in reader.lexicon(fieldname):
            value = btext.decode()
            n = len(matched & set(reader.postings(fieldname, value).all_ids()))
            if n:
                counts.append((value, n))
        out[name] = sorted(counts, key=lambda item: (-item[1], item[0]))
    return out


def stock_facet_counts(searcher, query, matched: set[int]) -> dict[str, list[tuple[str, int]]]:
    """Whoosh's own grouping (FieldFacet) of the documents that match."""
    facets = {
        name: sorting.FieldFacet(fieldname, allow_overlap=True)
        for name, fieldname in FACET_FIELDS.items()
    }
    results = searcher.search(query, limit=None, groupedby=facets)
    out = {}
    for name in FACET_FIELDS:
        counts = [
            (value, len(matched.intersection(docs)))
            for value, docs in results.groups(name).items()
            if value is not None  # Whoosh's group of the documents holding no value
        ]
        counts = [(value, n) for value, n in counts if n]
        out[name] = sorted(counts, key=lambda item: (-item[1], item[0]))
    return out


def assert_same_order(ours: list[str], stock_hits):
    """Our keys equal stock Whoosh's, but for neighbours whose stock scores are equal within
    1e-9 (the order of adding, see the module's docstring)."""
    theirs = [hit["key"] for hit in stock_hits]
    if ours == theirs:
        return
    assert len(ours) == len(theirs)
    score = {hit["key"]: hit.score for hit in stock_hits}
    for mine, stock in zip(ours, theirs, strict=True):
        if mine != stock:
            assert mine in score, (mine, theirs)
            assert math.isclose(score[mine], score[stock], rel_tol=1e-9), (mine, stock)


@pytest.mark.parametrize(("q", "filters"), [(q, {}) for q in QUERIES] + FILTERED)
def test_first_page_total_and_facets_equal_stock_whoosh_and_plain_counting(engines, q, filters):
    backend, searcher = engines
    page = backend.search(SearchRequest(parse(q), filters=dict(filters), per_page=20))
    query = compiled(backend, searcher, q, filters)
    assert query is not None

    matched = plain_matches(searcher, query)
    assert page.total == len(matched) > 0
    assert matched <= set(searcher.docs_for_query(query))
    # Every match scored by Whoosh, on the documents that match.
    ranked = [hit for hit in searcher.search(query, limit=None) if hit.docnum in matched]
    assert len(ranked) == len(matched)
    ours = [hit.key for hit in page.hits]
    assert_same_order(ours, ranked[:20])
    score = {hit["key"]: hit.score for hit in ranked}
    pruned = [score[hit["key"]] for hit in searcher.search(query, limit=20)]
    assert all(s >= p for s, p in zip([score[k] for k in ours], pruned, strict=True))
    assert (
        page.facets
        == stock_facet_counts(searcher, query, matched)
        == plain_facet_counts(searcher, matched)
    )


def test_the_queries_cover_every_form():
    kinds = {clause.kind for q in QUERIES for group in parse(q).groups for clause in group}
    assert kinds == {"word", "phrase", "prefix", "person", "org", "topic", "type", "year"}
    negated = [q for q in QUERIES if any(g[0].negated for g in parse(q).groups)]
    # Typed alternatives (OR), not the synonyms and stems a word implies.
    typed = [[[c for c in g if not c.implied] for g in parse(q).groups] for q in QUERIES]
    alternatives = [groups for groups in typed if any(len(g) > 1 for g in groups)]
    assert len(negated) == 4
    assert len(alternatives) == 3
    assert len(QUERIES) + len(FILTERED) >= 30
