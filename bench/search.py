"""A synthetic corpus and a fixed query mix for `manage.py bench_search` (see docs/benchmarks.md).

The corpus looks like Kenes's records: people whose names come in several transliteration
schemes (and Cyrillic), events with speakers and organizations, survey questions with figures,
topics. It is generated from a seed, so every run measures the same texts.
"""

from __future__ import annotations

import datetime
import itertools
import random
import sqlite3
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction
from django.db.models import Q

from kb.search.backends.base import SearchRequest
from kb.search.documents import SearchDoc
from kb.search.query import parse

# Surnames in Cyrillic; each person gets one Latin spelling per scheme below.
SURNAMES = [
    "Бейсембаев", "Жовтис", "Кабатова", "Ауезбек", "Ковязина", "Цой", "Нурпеисов", "Жакупова",
    "Касымов", "Исмаилова", "Тохтаров", "Ержанова", "Сулейменов", "Байжанова", "Мухамеджанов",
    "Абдыкаликова", "Шайхутдинов", "Есенова", "Калиев", "Омарова", "Жумабаев", "Сейткали",
    "Ахметова", "Турсынбаев", "Кенжебаева", "Мамыров", "Исабекова", "Досмагамбетов",
]  # fmt: skip
GIVEN = [
    "Серик", "Евгений", "Карлыгаш", "Алдияр", "Камила", "Снежана", "Айгерим", "Ержан",
    "Дина", "Асель", "Тимур", "Гульнара", "Даурен", "Жанна", "Марат", "Сауле",
]  # fmt: skip
SCHEMES = [
    {"й": "y", "е": "e", "х": "kh", "ж": "zh", "ц": "ts", "ы": "y", "я": "ya", "ю": "yu"},
    {"й": "i", "е": "e", "х": "h", "ж": "j", "ц": "c", "ы": "i", "я": "ia", "ю": "iu"},
    {"й": "j", "е": "ye", "х": "kh", "ж": "zh", "ц": "tz", "ы": "y", "я": "ja", "ю": "ju"},
]
BASE = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "з": "z", "и": "i", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f",
    "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ъ": "", "э": "e", "ё": "yo",
}  # fmt: skip
TOPICS = [
    "Right to life", "Freedom from torture", "Right to a fair trial",
    "Freedom of peaceful assembly", "Freedom of expression and information", "Internet shutdowns",
    "Labour and social rights", "Public trust", "Protests", "January 2022 events", "Governance",
    "Gender", "Education", "Violent extremism", "Interethnic relations", "Civil society",
]  # fmt: skip
ORGS = [
    "DEMOSCOPE", "PaperLab Research Center", "MediaNet International Centre of Journalism",
    "Konrad Adenauer Foundation", "Kazakhstan International Bureau for Human Rights",
    "Human Rights Alliance", "Central Asia Program", "Eurasian National University",
    "Nazarbayev University", "George Washington University", "Soros Foundation Kazakhstan",
    "Legal Policy Research Centre", "Adil Soz", "Kazakhstan Institute for Strategic Studies",
]  # fmt: skip
_WORD_TEXT = """
protest protesters authorities official information trust survey respondents citizens
shooting torture detention investigation government reforms elections parliament region
Almaty Astana Mangystau Zhanaozen violence police prosecutors court trial justice media
internet shutdown access opinion public perception sociology research think tank policy
economy inequality education health youth gender rights freedom assembly expression
association labour strike oil workers wages social discontent riots looting state emergency
troops CSTO president administration responsibility accountability victims
"""
WORDS = _WORD_TEXT.split()
QUESTION_STEMS = [
    "Attitude to the use of {}", "Do you trust {}", "Who is responsible for {}",
    "Is {} acceptable", "How do you assess {}", "Feelings when recalling {}",
]  # fmt: skip
OPTIONS = ["approve", "disapprove", "difficult to answer", "did not know", "support", "oppose"]

# The fixed query mix: (kind, query). Each kind is timed as often as the others.
QUERY_MIX = [
    ("one word", "torture"),
    ("one word", "elections"),
    ("one word", "trust"),
    ("two words", "public trust"),
    ("two words", "internet shutdown"),
    ("two words", "police violence"),
    ("phrase", '"official information"'),
    ("phrase", '"freedom from torture"'),
    ("phrase", '"think tank"'),
    ("field", "person:zhovtis"),
    ("field", "org:paperlab"),
    ("field", "type:question year:2023"),
    ("prefix", "protest*"),
    ("prefix", "invest*"),
    ("prefix", "parl*"),
    ("misspelled name", "Beisembaev"),
    ("misspelled name", "Kabatva"),
    ("misspelled name", "Zhovtys"),
]


def latin(text: str, scheme: dict) -> str:
    out = []
    for char in text:
        low = char.lower()
        rep = scheme.get(low, BASE.get(low, low))
        out.append(rep.capitalize() if char != low else rep)
    return "".join(out)


_SYLLABLE_TEXT = "ka ra ta na sa ma la ba da ga ko ro to no so mo lo re te ne se me li ri ti ni"
SYLLABLES = _SYLLABLE_TEXT.split()


def corpus(size: int, seed: int = 7) -> list[SearchDoc]:
    rng = random.Random(seed)
    # Real text: a few words are everywhere, most are rare (Zipf). A vocabulary of 20,000
    # made-up words, ranked; the domain words above are mixed in at about one word in eight.
    filler = list(
        dict.fromkeys(
            "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(30000)
        )
    )[:20000]
    cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(filler))))

    def word():
        if rng.random() < 0.125:
            return rng.choice(WORDS)
        return rng.choices(filler, cum_weights=cumulative)[0]

    def sentence(n=12):
        return " ".join(word() for _ in range(n)).capitalize() + "."

    def text(sentences):
        return " ".join(sentence(rng.randint(8, 16)) for _ in range(sentences))

    docs, people = [], []
    for i in range(size):
        kind = rng.choices(
            ["person", "event", "question", "organization", "topic", "survey"],
            weights=[30, 25, 35, 5, 2, 3],
        )[0]
        day = datetime.date(2015, 1, 1) + datetime.timedelta(days=rng.randint(0, 3650))
        topics = rng.sample(TOPICS, 2)
        orgs = rng.sample(ORGS, 2)
        base = {
            "key": f"{kind}:{i}",
            "type": kind,
            "url": f"/{kind}/{i}/",
            "topics": " ".join(topics),
            "orgs": " ".join(orgs),
            "topic_slugs": [t.lower().replace(" ", "-") for t in topics],
            "org_slugs": [o.lower().replace(" ", "-") for o in orgs],
        }
        if kind == "person":
            cyr = f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}"
            spellings = [latin(cyr, s) for s in SCHEMES]
            name = spellings[rng.randrange(len(spellings))]
            people.append(name)
            doc = SearchDoc(
                title=name,
                names="\n".join([*spellings, cyr]),
                body=f"{rng.choice(['Researcher', 'Director', 'Fellow'])}, {orgs[0]}. " + text(3),
                people=name,
                roles=[rng.choice(["spoke", "moderated"])],
                **base,
            )
        elif kind == "event":
            speakers = rng.sample(people, min(3, len(people))) if people else []
            doc = SearchDoc(
                title=f"{rng.choice(TOPICS)}: {sentence(5)[:-1]}",
                body=text(4) + " Speakers: " + ", ".join(speakers),
                people=" ".join(speakers),
                date=day,
                years=[day.year],
                **base,
            )
        elif kind == "question":
            shares = sorted((rng.uniform(1, 70) for _ in range(3)), reverse=True)
            labels = rng.sample(OPTIONS, 3)
            figures = [f"{p:.1f}% {label}" for p, label in zip(shares, labels, strict=True)]
            doc = SearchDoc(
                title=rng.choice(QUESTION_STEMS).format(rng.choice(WORDS)),
                body=sentence(14) + " " + " ".join(f"{f}" for f in figures),
                figures=" · ".join(figures[:2]),
                date=day,
                years=[day.year],
                **base,
            )
        elif kind == "organization":
            doc = SearchDoc(title=f"{rng.choice(ORGS)} {i}", body=text(2), **base)
        elif kind == "topic":
            doc = SearchDoc(title=f"{rng.choice(TOPICS)} {i}", body=text(1), **base)
        else:
            doc = SearchDoc(
                title=f"Survey on {rng.choice(WORDS)} and {rng.choice(WORDS)}",
                body=text(5),
                date=day,
                years=[day.year],
                **base,
            )
        docs.append(doc)
    return docs


@dataclass
class Row:
    engine: str
    size: int
    build_per_s: float | None
    median_ms: float
    p95_ms: float
    note: str = ""
    cpu: tuple[float, float] | None = None  # median and p95 of CPU time, where it is measured
    index_mb: float | None = None  # what the index takes on disk


def _time_queries(run: Callable[[str], object], rounds: int) -> tuple[float, float]:
    return _time_queries_cpu(run, rounds)[:2]


def _time_queries_cpu(
    run: Callable[[str], object], rounds: int, clock: Callable[[], float] = time.process_time
) -> tuple[float, ...]:
    """Median and p95 of the wall time, then of the CPU time `clock` counts (this process's,
    unless told; another busy process on the machine disturbs it less), in milliseconds."""
    for _kind, q in QUERY_MIX:  # warm caches once, as a running server would be
        run(q)
    timings, cpu = [], []
    for _ in range(rounds):
        for _kind, q in QUERY_MIX:
            started, started_cpu = time.perf_counter(), clock()
            run(q)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((clock() - started_cpu) * 1000)

    return (*median_p95(timings), *median_p95(cpu))


def median_p95(values) -> tuple[float, float]:
    values = sorted(values)
    return statistics.median(values), values[max(0, round(0.95 * len(values)) - 1)]


def bench_whoosh(docs, size, path, rounds) -> Row:
    from kb.search.backends.whoosh import WhooshBackend

    backend = WhooshBackend(path)
    backend.clear()
    started = time.perf_counter()
    backend.rebuild(iter(docs))
    build = len(docs) / (time.perf_counter() - started)
    median, p95, cpu_median, cpu_p95 = _time_queries_cpu(
        lambda q: backend.search(SearchRequest(parse(q), per_page=20)), rounds
    )
    on_disk = sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20
    return Row("Whoosh", size, build, median, p95, cpu=(cpu_median, cpu_p95), index_mb=on_disk)


def server_cpu() -> Callable[[], float] | None:
    """Seconds of CPU this connection's PostgreSQL server process has used, when the server
    runs on this machine (Linux's /proc/<pid>/schedstat, in nanoseconds); else None."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        stat = Path(f"/proc/{cursor.fetchone()[0]}/schedstat")
    try:
        stat.read_text()
    except OSError:
        return None
    return lambda: int(stat.read_text().split()[0]) / 1e9


def _database_clock() -> Callable[[], float] | None:
    """Seconds of CPU this process and its PostgreSQL server process have used (server_cpu)."""
    server = server_cpu()
    return None if server is None else lambda: time.process_time() + server()


def _cpu_note(figures: tuple[float, ...]) -> str:
    return f"CPU (with the database's) median {figures[2]:.1f}, p95 {figures[3]:.1f} ms"


def _vacuum_search_tables() -> None:
    """Reclaim the rows an earlier rolled-back run left behind: dead rows (and their GIN
    entries) would be read by every search of the next run and slow it down."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) kb_search_searchmatch")
        cursor.execute("VACUUM (ANALYZE) kb_search_searchdocument")


def _empty_search_tables() -> None:
    """Inside the rolled-back transaction, the database's own index emptied (TRUNCATE is undone
    by the rollback): rows only deleted would stay in the tables and their GIN index, and every
    search of the run would visit them beside the corpus's (a kept index of 100,000 records made
    the search CPU half as much again)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE kb_search_searchmatch, kb_search_searchdocument")


def bench_postgres(docs, size, rounds) -> Row:
    """In a transaction that is rolled back: the real index table is left as it was."""
    from kb.search.backends.postgres import PostgresBackend

    backend = PostgresBackend()
    _vacuum_search_tables()
    with transaction.atomic():
        _empty_search_tables()
        started = time.perf_counter()
        backend.rebuild(iter(docs))
        build = len(docs) / (time.perf_counter() - started)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE kb_search_searchdocument")
            cursor.execute("ANALYZE kb_search_searchmatch")
            cursor.execute("ANALYZE kb_search_searchkey")
        clock = _database_clock()
        figures = _time_queries_cpu(
            lambda q: backend.search(SearchRequest(parse(q), per_page=20)),
            rounds,
            *([clock] if clock else []),
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_total_relation_size('kb_search_searchdocument') + "
                "pg_total_relation_size('kb_search_searchmatch')"
            )
            on_disk = cursor.fetchone()[0] / 2**20
        transaction.set_rollback(True)
    _vacuum_search_tables()
    note = _cpu_note(figures) if clock else ""
    row = Row("PostgreSQL FTS", size, build, *figures[:2], note, figures[2:] if clock else None)
    row.index_mb = on_disk
    return row


def _scan_words(q: str) -> list[str]:
    parsed = parse(q)
    out = []
    for clause in parsed.clauses():
        if clause.kind in ("word", "phrase", "prefix", "person", "org", "topic"):
            out.append(clause.value)
    return out


def bench_icontains(docs, size, rounds) -> Row:
    """What the admin's search box does: every word icontains in title or body, AND-ed."""
    from kb.search.models import SearchDocument

    _vacuum_search_tables()
    with transaction.atomic():
        _empty_search_tables()
        SearchDocument.objects.all().delete()
        SearchDocument.objects.bulk_create(
            [
                SearchDocument(
                    key=d.key, type=d.type, title=d.title, url=d.url, names=d.names, body=d.body
                )
                for d in docs
            ],
            batch_size=1000,
        )

        def run(q):
            condition = Q()
            for word in _scan_words(q):
                condition &= (
                    Q(title__icontains=word) | Q(names__icontains=word) | Q(body__icontains=word)
                )
            qs = SearchDocument.objects.filter(condition)
            qs.count()
            list(qs.values_list("key", "title")[:20])

        clock = _database_clock()
        figures = _time_queries_cpu(run, max(1, rounds // 2), *([clock] if clock else []))
        transaction.set_rollback(True)
    note = _cpu_note(figures) if clock else ""
    return Row(f"icontains scan ({connection.vendor})", size, None, *figures[:2], note)


def _fts5_query(q: str) -> str:
    parts = []
    for clause in parse(q).clauses():
        value = clause.value.replace('"', "")
        if clause.kind == "phrase":
            parts.append(f'"{value}"')
        elif clause.kind == "prefix":
            parts.append(f'"{value}"*')
        elif clause.kind in ("word", "person", "org", "topic"):
            parts.extend(f'"{w}"' for w in value.split())
    return " AND ".join(parts) or '""'


def bench_fts5(docs, size, rounds) -> Row:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(key UNINDEXED, title, names, body, "
               "tokenize='porter unicode61 remove_diacritics 2')")  # fmt: skip
    started = time.perf_counter()
    with db:
        db.executemany(
            "INSERT INTO docs VALUES (?, ?, ?, ?)",
            ((d.key, d.title, d.names, d.body) for d in docs),
        )
    build = len(docs) / (time.perf_counter() - started)

    def run(q):
        match = _fts5_query(q)
        db.execute("SELECT count(*) FROM docs WHERE docs MATCH ?", [match]).fetchone()
        db.execute(
            "SELECT key, snippet(docs, 3, '<mark>', '</mark>', '…', 16) FROM docs "
            "WHERE docs MATCH ? ORDER BY bm25(docs, 0, 4.0, 4.0, 1.0) LIMIT 20",
            [match],
        ).fetchall()

    median, p95 = _time_queries(run, rounds)
    return Row("SQLite FTS5", size, build, median, p95, "no typo matching or facets: a speed limit")
