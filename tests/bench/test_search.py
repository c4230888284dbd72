"""`manage.py bench_search` runs end to end on a tiny corpus and leaves the database as it was."""

import re

import pytest
from django.core.management import call_command
from django.db import connection

from bench.search import corpus
from bench.transcripts import passages
from kb.search.backends.base import Hit
from kb.search.models import SearchDocument


def test_the_synthetic_corpus_has_every_kind_and_every_spelling():
    docs = corpus(400)
    assert {d.type for d in docs} == {
        "person", "event", "question", "organization", "topic", "survey"
    }  # fmt: skip
    person = next(d for d in docs if d.type == "person")
    assert len(person.names.splitlines()) == 4  # three Latin schemes and the Cyrillic
    assert corpus(400)[123].body == docs[123].body  # the same corpus every run


def test_transcript_passages_are_shaped_as_the_index_builds_them():
    docs = corpus(400)
    said = passages(docs, 120)
    assert len(said) == 120
    assert {d.type for d in said} == {"transcript"}
    assert {d.title for d in said} == {""}
    first = said[0]
    hit = Hit(first.key, first.type, first.title, first.url, "", figures=first.figures)
    people = {d.title: d.names for d in docs if d.type == "person"}
    assert first.people == people[hit.passage.speaker]  # every spelling, for person:
    assert first.url.endswith(f"#t-{hit.passage.start}")
    assert (hit.title, hit.figures) == (hit.passage.event, "")


@pytest.mark.slow
def test_bench_search_prints_a_row_per_engine(db, capsys, settings, tmp_path):
    settings.KENES_INDEX_DIR = tmp_path / "untouched"
    call_command(
        "bench_search",
        sizes="60",
        rounds=1,
        engines="whoosh,icontains,fts5,postgres",
        transcript_segments=30,
    )
    out = capsys.readouterr().out
    rows = [line for line in out.splitlines() if line.startswith("| ") and "---" not in line]
    engines = [row.split("|")[1].strip() for row in rows[1:]]
    assert engines[0] == "Whoosh"
    assert engines[-1] == "SQLite FTS5"
    assert any(e.startswith("icontains scan") for e in engines)
    assert re.search(
        r"\| Whoosh \| 60 \| [\d,]+ \| [\d.]+ \| [\d.]+ \| web process RSS \d+ MB; "
        r"CPU median [\d.]+, p95 [\d.]+ ms; index \d+ MB \|",
        out,
    )
    if connection.vendor == "postgresql":  # the server on this machine: its CPU counted too
        assert re.search(
            r"\| PostgreSQL FTS \| 60 \| [\d,]+ \| [\d.]+ \| [\d.]+ \| "
            r"CPU \(with the database's\) median [\d.]+, p95 [\d.]+ ms; index \d+ MB \|",
            out,
        )
    assert SearchDocument.objects.count() == 0  # rolled back
    assert not (tmp_path / "untouched").exists()
