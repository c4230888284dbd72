"""Search in Russian and Kazakh (kb/search/languages.py) on both backends: stems, and English
records found through the topics and names they share with the query."""

import pytest

from kb.search.languages import stems
from kb.search.query import parse
from tests.search.test_searching import indexed, keys, search_backend  # noqa: F401

TORTURE = "topic:freedom-from-torture"
ASSEMBLY = "topic:freedom-of-peaceful-assembly"


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("пытки", ("пытк",)),
        ("пыток", ("пытк",)),  # the fleeting vowel of the genitive plural
        ("собраний", ("собран",)),
        ("сайлауларының", ("сайлау",)),  # Kazakh: plural, possessive, genitive off
        ("Zhovtis", ()),
    ],
)
def test_a_cyrillic_word_has_the_stems_its_other_forms_share(word, expected):
    assert stems(word) == expected


def test_a_query_shows_the_words_typed_not_their_stems():
    query = parse("пыток")
    assert [c.value for c in query.groups[0]] == ["пыток", "пытк"]
    assert query.display() == "пыток"


@pytest.mark.usefixtures("indexed")
@pytest.mark.parametrize("q", ["пытки", "пыток", "пытками"])
def test_a_russian_word_for_torture_in_any_form_finds_the_torture_records(q):
    found = keys(q)
    assert found[0] == TORTURE
    # English records met through the topic they share with it.
    assert set(found) == set(keys("topic:freedom-from-torture")) | {TORTURE}


@pytest.mark.usefixtures("indexed")
def test_russian_freedom_of_assembly_finds_the_topic_and_its_english_records():
    found = keys("свобода собраний")
    assert ASSEMBLY in found[:3]
    assert set(keys("topic:freedom-of-peaceful-assembly")) <= set(found)


@pytest.mark.usefixtures("indexed")
def test_kazakh_words_in_another_case_find_the_topic():
    assert keys("азаптаудан")[0] == TORTURE
    # The topic beside the records filed under it: the stem is in both.
    assert ASSEMBLY in keys("жиналыстарының")[:3]


@pytest.mark.usefixtures("indexed")
def test_a_name_in_cyrillic_finds_the_person():
    assert keys("Жовтис")[0] == "person:yevgeniy-zhovtis"
