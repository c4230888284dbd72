"""Sentences with their offsets: abbreviations, initials, decimals, list items, table rows."""

from kb.importing.sentences import split_sentences


def _texts(text):
    found = split_sentences(text)
    for sentence in found:
        assert text[sentence.start : sentence.end] == sentence.text
    return [s.text for s in found]


def test_english_abbreviations_initials_and_decimals():
    assert _texts(
        "Dr. J. Smith of the U.S. Dept. of State spoke at 9 a.m. on Jan. 5. About 45.2% agreed, "
        "i.e. most. Mr. Zhovtis, e.g., said no."
    ) == [
        "Dr. J. Smith of the U.S. Dept. of State spoke at 9 a.m. on Jan. 5.",
        "About 45.2% agreed, i.e. most.",
        "Mr. Zhovtis, e.g., said no.",
    ]


def test_russian_abbreviations_and_a_city():
    assert _texts(
        "Опрос проведен с 10 по 25 февраля 2024 г. В 14 областях. По данным опроса, 45,2% "
        "граждан, т.е. почти половина, за. Проф. Иванов А.Б. считает иначе. В г. Алматы тоже."
    ) == [
        "Опрос проведен с 10 по 25 февраля 2024 г.",
        "В 14 областях.",
        "По данным опроса, 45,2% граждан, т.е. почти половина, за.",
        "Проф. Иванов А.Б. считает иначе.",
        "В г. Алматы тоже.",
    ]


def test_headings_list_items_and_table_rows_are_sentences_of_their_own():
    text = (
        "Speakers\n– Aldiyar Auyezbek is a Research Fellow.\n– Kamila Kovyazina\n\n"
        "Answer | Share, %\nYes | 45.2\nNo | 54.8\n\n"
        "A line wrapped by a mail program at seventy-two characters, which goes\n"
        "on in the next line."
    )
    found = split_sentences(text)
    assert [s.text for s in found] == [
        "Speakers",
        "– Aldiyar Auyezbek is a Research Fellow.",
        "– Kamila Kovyazina",
        "Answer | Share, %",
        "Yes | 45.2",
        "No | 54.8",
        "A line wrapped by a mail program at seventy-two characters, which goes\n"
        "on in the next line.",
    ]
    assert [s.paragraph for s in found] == [0, 0, 0, 1, 1, 1, 2]
    assert [s.table_row for s in found] == [False] * 3 + [True] * 3 + [False]
