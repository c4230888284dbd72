# ruff: noqa: F811  (pytest fixtures imported from tests.search.test_searching, used as arguments)
"""A part of the judged query set (bench/judged.toml) on both backends: two queries of each
kind over the documents' records must find what they should in the top 3. The whole set, with
the synthetic corpus, is `manage.py bench_search --quality` (docs/benchmarks.md)."""

from bench.quality import DEPTH, Outcome, document_key, judged_set
from kb.models import Question
from kb.search.searching import search_run
from tests.search.test_searching import indexed, search_backend  # noqa: F401

# Queries the set knows to fail today (docs/benchmarks.md says why): not part of this sample.
KNOWN_FAILURES: set[str] = set()


def sample():
    picked: dict[str, list] = {}
    for judged in judged_set():
        if judged.corpus == "documents" and judged.q not in KNOWN_FAILURES:
            picked.setdefault(judged.kind, [])
            if len(picked[judged.kind]) < 2:
                picked[judged.kind].append(judged)
    return [j for kind in sorted(picked) for j in picked[kind]]


def test_the_judged_set_has_every_kind_and_eighty_queries():
    queries = judged_set()
    assert len(queries) >= 80
    assert {j.kind for j in queries} == {
        "name", "spelling", "topic", "figure", "place", "organization", "question", "field",
        "typo", "joined", "russian", "kazakh", "derivation",
    }  # fmt: skip
    assert {j.corpus for j in queries} == {"documents", "synthetic"}


def test_a_sample_of_the_judged_set_finds_its_records_in_the_top_3(indexed):
    numbers = {str(pk): n for pk, n in Question.objects.values_list("pk", "number")}
    failed = []
    for judged in sample():
        hits = search_run(params={"q": judged.q, "per_page": DEPTH}).page.hits
        outcome = Outcome(judged, [document_key(hit, numbers) for hit in hits])
        if not outcome.success:
            failed.append((judged.q, outcome.found[:3]))
    assert len(sample()) == 26
    assert failed == []
