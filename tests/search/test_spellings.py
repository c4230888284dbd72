"""Every word in its other spellings, and joined words by their parts, on both backends.

Places, officials and outlets named in running text (descriptions, summaries, document texts),
not only in Person records, are found in Cyrillic and in the other Latin transliterations; a
domain, an address, a hyphenated word or a date is found by one of its parts and still whole.
"""

import datetime

import pytest

from kb.search.searching import search_run
from tests import factories

from .labelled import indexed, ranked
from .test_searching import search_backend  # noqa: F401 (the fixture: both backends)

DAY = datetime.date(2024, 3, 1)


@pytest.fixture
def texts(db, search_backend):  # noqa: F811
    """Records whose names are only in their running text, keyed by a short label."""
    records = {
        "speech": factories.event(
            title="Media law roundtable",
            date=DAY,
            description=(
                "President Kassym-Jomart Tokayev signed the media law. "
                "Minister Ilyas Umarov and the editor Yuriy Tsoy were there."
            ),
        ),
        "interview": factories.document(
            title="Interview transcript",
            text="Президент Токаев выступил в Алматы перед журналистами.",
        ),
        "strike": factories.event(
            title="Oil workers remembered",
            date=DAY,
            summary="The strike in Zhanaozen ended on 16 December 2011.",
        ),
        "hearing": factories.event(
            title="Regional hearing",
            date=DAY,
            description="Hearings were held in Qaraghandy and in Kyzylorda.",
        ),
        "monitoring": factories.event(
            title="Monitoring report",
            date=DAY,
            description=(
                "Monitoring by UyatEmes.kz of the pro-government channel Khabar, "
                "published on 2022-01-05. Questions: info@paperlab.kz. A transcript is attached."
            ),
        ),
        "ordinary": factories.event(
            title="Neighbourhood notes",
            date=DAY,
            description="We met at the diner; the mayor said to lose no time. Selection follows.",
        ),
    }
    return indexed(records)


found = ranked  # the labels of the records found, in rank order


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("Tokayev", {"speech", "interview"}),
        ("Tokaev", {"speech", "interview"}),
        ("Tokajev", {"speech", "interview"}),
        ("Токаев", {"speech", "interview"}),
        ("Almaty", {"interview"}),
        ("almati", {"interview"}),
        ("Алматы", {"interview"}),
        ("Zhanaozen", {"strike"}),
        ("Janaozen", {"strike"}),
        ("Жанаозен", {"strike"}),
        ("Qaraghandy", {"hearing"}),
        ("Karagandy", {"hearing"}),
        ("Karaganda", {"hearing"}),
        ("Қарағанды", {"hearing"}),
        ("Kyzylorda", {"hearing"}),
        ("Qyzylorda", {"hearing"}),
        ("Кызылорда", {"hearing"}),
        ("Ilias", {"speech"}),
        ("Ильяс", {"speech"}),
        ("Iurii", {"speech"}),
        ("Yuri", {"speech"}),
        ("Юрий", {"speech"}),
        ("Tsoi", {"speech"}),
        ("Цой", {"speech"}),
        ("Habar", {"monitoring"}),
        ("Хабар", {"monitoring"}),
        ("Kasym-Zhomart", {"speech"}),
        ("Касым-Жомарт Токаев", {"speech"}),
        ('"Kassym Jomart Tokaev"', {"speech"}),
    ],
)
def test_a_name_in_running_text_is_found_in_its_other_spellings(texts, q, expected):
    assert set(found(texts, q)) == expected


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("uyatemes", {"monitoring"}),
        ("UyatEmes.kz", {"monitoring"}),
        ("Uyat Emes", {"monitoring"}),  # the words run together in the name, typed apart
        ('"uyat emes"', {"monitoring"}),
        ("Emes", {"monitoring"}),
        ("paperlab", {"monitoring"}),
        ("paperlab.kz", {"monitoring"}),
        ("info@paperlab.kz", {"monitoring"}),
        ("government", {"monitoring"}),
        ("pro-government", {"monitoring"}),
        ('"pro-government channel"', {"monitoring"}),
        ("2022-01-05", {"monitoring"}),
        ("Kassym", {"speech"}),
        ("Jomart", {"speech"}),
        ("Kassym-Jomart", {"speech"}),
    ],
)
def test_a_joined_word_is_found_by_a_part_and_whole(texts, q, expected):
    assert set(found(texts, q)) == expected


def test_the_ordinary_words_are_indexed(texts):
    assert found(texts, "mayor diner selection") == ["ordinary"]


@pytest.mark.parametrize(
    "q",
    [
        "dinner",  # diner: doubled letters fold together in names, not in ordinary words
        "major",  # mayor: the glide between two vowels is dropped in names only
        "loose",  # lose
        "election",  # Selection: one letter off, but not from the same first letter
        "2022-05-01",  # the same numbers in another order
        "20220105",  # the date's parts run together
        '"channel Khabar pro-government"',  # the words, out of order
    ],
)
def test_ordinary_words_do_not_meet_unrelated_ones(texts, q):
    assert found(texts, q) == []


def test_did_you_mean_still_offers_a_spelling_that_finds_more(texts):
    # The title's word, one letter off, finds the title; the right spelling also the text.
    outcome = search_run(params={"q": "transcrpt"})
    assert found(texts, "transcrpt") == ["interview"]
    assert outcome.suggestion == "transcript"
    assert set(found(texts, "transcript")) == {"interview", "monitoring"}


@pytest.mark.parametrize(
    ("q", "label", "marked"),
    [
        ("Токаев", "speech", "Kassym-Jomart <mark>Tokayev</mark> signed the media law."),
        ("Janaozen", "strike", "The strike in <mark>Zhanaozen</mark> ended"),
    ],
)
def test_the_snippet_marks_the_spelling_the_text_holds(texts, q, label, marked):
    hits = {texts[h.key]: str(h.snippet) for h in search_run(params={"q": q}).page.hits}
    assert marked in hits[label]
