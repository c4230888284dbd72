# ruff: noqa: F811  (pytest fixtures imported from tests.search.test_searching, used as arguments)
"""What a reader means, the same on both backends: ordinary English words are not names in
another spelling (good is not God), and a part of a joined word is marked where it stands."""

import datetime

import pytest

from kb.search.backends import get_backend
from kb.search.documents import key_of
from kb.search.maintenance import index_rebuild
from kb.search.searching import search_run
from tests import factories
from tests.search.test_searching import search_backend  # noqa: F401 (both backends)

DAY = datetime.date(2024, 3, 1)


@pytest.fixture
def records(db, search_backend):
    """Records whose capitalised words are ordinary English words one fold away from others."""
    made = {
        "faith": factories.event(
            title="God in public life",
            date=DAY,
            description=(
                "The Mayor of Almaty opened the Diner on Abay Avenue. Hoping for Peace, said "
                "Minister Zhanna Kassymova, and Tokayev's adviser Yerlan Karin agreed."
            ),
        ),
        "ordinary": factories.event(
            title="A good dinner",
            date=DAY,
            description="The major roads were closed; hopping between them took an hour.",
        ),
        "both": factories.event(
            title="Roadworks",
            date=DAY,
            description="Major works, the Mayor said.",
        ),
        "outlet": factories.document(
            title="Monitoring note",
            text="Monitoring by UyatEmes.kz; questions to press@paperlab.kz or Kaz_Inform.",
        ),
    }
    index_rebuild(backend=get_backend())
    return {key_of(record): label for label, record in made.items()}


def found(records, q):
    outcome = search_run(params={"q": q, "per_page": 100})
    return sorted(records.get(hit.key, hit.key) for hit in outcome.page.hits)


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("good", ["ordinary"]),
        ("God", ["faith"]),
        ("Good", ["ordinary"]),
        ("dinner", ["ordinary"]),
        ("Diner", ["faith"]),
        ("major", ["both", "ordinary"]),
        ("Mayor", ["both", "faith"]),
        ("hopping", ["ordinary"]),
        ("Hoping", ["faith"]),
        ('"good dinner"', ["ordinary"]),
        ('"God in"', ["faith"]),
    ],
)
def test_an_ordinary_english_word_does_not_meet_another_one_fold_away(records, q, expected):
    assert found(records, q) == expected


@pytest.mark.parametrize(
    "q",
    ["Kasymova", "Касымова", "Zhana", "Жанна", "Tokaev", "Токаев", "Erlan Karin", "Ерлан Карин"],
)
def test_names_beside_them_are_still_found_in_every_spelling(records, q):
    assert found(records, q) == ["faith"]


def marked(records, q, label) -> str:
    hits = search_run(params={"q": q}).page.hits
    return next(str(hit.snippet) for hit in hits if records.get(hit.key) == label)


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("paperlab", "questions to press@<mark>paperlab</mark>.kz or"),
        ("Emes", "Monitoring by Uyat<mark>Emes</mark>.kz;"),
        ("uyat", "Monitoring by <mark>Uyat</mark>Emes.kz;"),
        ("inform", "or Kaz_<mark>Inform</mark>"),
        ("UyatEmes.kz", "Monitoring by <mark>UyatEmes.kz</mark>;"),
    ],
)
def test_the_snippet_marks_the_part_of_a_joined_word_that_was_asked_for(records, q, expected):
    assert expected in marked(records, q, "outlet")


def test_the_snippet_does_not_mark_a_word_one_fold_away(records):
    assert "Major works, the <mark>Mayor</mark> said" in marked(records, "mayor", "both")
    assert "<mark>Major</mark> works, the Mayor said" in marked(records, "major", "both")
