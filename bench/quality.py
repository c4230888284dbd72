"""Search quality on the judged query set (bench/judged.toml): success@3 and MRR per backend.

Each judged query names the records that must come first: it succeeds when one of them is among
the first three results, and its reciprocal rank is 1/rank of the first of them found (0 when
none is in the first 20). Queries run through search_run, as the page and the API run them
(question and loose readings included), on two corpora indexed from scratch:

- "documents": every public record in the database (the source documents' fixtures, loaded if
  missing, inside a transaction that is rolled back), keyed "type:slug" ("question:<number>");
- "synthetic": bench.search.corpus(size), keyed as generated ("person:17").
"""

from __future__ import annotations

import tempfile
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction

from kb.search.backends.base import Hit
from kb.search.searching import search_run

JUDGED = Path(__file__).with_name("judged.toml")
SYNTHETIC_SIZE = 2000  # the judged synthetic queries' expectations are for this corpus
TOP = 3
DEPTH = 20  # results read for the reciprocal rank


@dataclass(frozen=True)
class Judged:
    q: str
    kind: str
    corpus: str  # "documents" or "synthetic"
    expect: tuple[str, ...]
    note: str = ""


@dataclass
class Outcome:
    judged: Judged
    found: list[str]

    @property
    def rank(self) -> int | None:
        return next((n for n, key in enumerate(self.found, 1) if key in self.judged.expect), None)

    @property
    def success(self) -> bool:
        return self.rank is not None and self.rank <= TOP


@dataclass
class Score:
    backend: str
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def success_at_3(self) -> float:
        return sum(o.success for o in self.outcomes) / max(1, len(self.outcomes))

    @property
    def mrr(self) -> float:
        return sum(1 / o.rank for o in self.outcomes if o.rank) / max(1, len(self.outcomes))

    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.success]


def judged_set(path: Path = JUDGED) -> list[Judged]:
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    return [
        Judged(
            q=item["q"],
            kind=item["kind"],
            corpus=item.get("corpus", "documents"),
            expect=tuple(item["expect"]),
            note=item.get("note", ""),
        )
        for item in data["query"]
    ]


def document_key(hit: Hit, question_numbers: dict[str, int]) -> str:
    """A hit as the judged set names a record of the documents: "type:slug", a question as
    "question:<number>"."""
    if hit.type == "question":
        return f"question:{question_numbers.get(hit.key.partition(':')[2], hit.key)}"
    return f"{hit.type}:{hit.slug}" if hit.slug else hit.key


def run_queries(backend, queries: list[Judged], keyer) -> list[Outcome]:
    outcomes = []
    for judged in queries:
        outcome = search_run(params={"q": judged.q, "per_page": DEPTH}, backend=backend)
        hits = outcome.page.hits if outcome.page else []
        outcomes.append(Outcome(judged, [keyer(hit) for hit in hits]))
    return outcomes


@contextmanager
def _documents_loaded() -> Iterator[None]:
    """The documents' records in the database for the block, whatever was there; nothing
    kept."""
    from kb.services import documents_load

    with transaction.atomic():
        documents_load()
        yield
        transaction.set_rollback(True)


def _backends(names: set[str]):
    """(name, backend) for each asked-for backend that can run here, in a fresh index."""
    from kb.search.backends.postgres import PostgresBackend
    from kb.search.backends.whoosh import WhooshBackend

    if "whoosh" in names:
        with tempfile.TemporaryDirectory(prefix="kenes-quality-") as tmp:
            yield "whoosh", lambda corpus: WhooshBackend(Path(tmp) / corpus)
    if "postgres" in names and connection.vendor == "postgresql":
        yield "postgres", lambda corpus: PostgresBackend()


def measure(names: set[str], size: int = SYNTHETIC_SIZE) -> list[Score]:
    """Index each corpus on each backend and run its judged queries."""
    from bench.search import corpus
    from kb.models import Question
    from kb.search.documents import all_docs

    queries = judged_set()
    synthetic_docs = corpus(size)
    scores = []
    with _documents_loaded():
        numbers = {str(pk): n for pk, n in Question.objects.values_list("pk", "number")}
        document_docs = list(all_docs())
        for name, make in _backends(names):
            score = Score(name)
            for corpus_name, docs, keyer in (
                ("documents", document_docs, lambda hit: document_key(hit, numbers)),
                ("synthetic", synthetic_docs, lambda hit: hit.key),
            ):
                backend = make(corpus_name)
                backend.rebuild(iter(docs))  # PostgreSQL: inside the rolled-back transaction
                wanted = [j for j in queries if j.corpus == corpus_name]
                score.outcomes += run_queries(backend, wanted, keyer)
            scores.append(score)
    return scores
