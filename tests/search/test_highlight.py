"""Snippets: the word layout written with the index gives the same snippets as the pattern."""

import pytest

from kb.search.highlight import layout, matcher, snippet, snippets

TEXTS = [
    "",
    "   ",
    "...,,,",
    "Police violence in Almaty: 63.7% disapprove, 55.0% oppose.",
    " lead  trust  & <torture>  'x' \"y\" ",
    "Жовтис Евгений & <Бейсембаев>, trust.",
    "UyatEmes.kz a. b.c 71.1% trust_fund",
    "\n\ttrust\n",
    "ΣΑΣ σας trust İstanbul",
    "x " * 3500 + "torture",
    "torture " * 40 + "end <",
]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("words", [["trust"], ["torture", "Zhovtis"], ["Жовтис"], ["71.1"], []])
def test_snippet_from_the_stored_layout_equals_the_pattern(text, words):
    shared = matcher(words)
    expected = snippet(text, words)
    assert snippet(text, words, stored=layout(text)) == expected
    assert snippet(text, words, matches=shared, stored=layout(text)) == expected
    assert snippet(text, words, window=8, stored=layout(text)) == snippet(text, words, window=8)


@pytest.mark.parametrize(
    "words",
    [
        ["trust"], ["torture", "Zhovtis"], ["Жовтис"], ["71.1"], ["Beisembaev"], ["a"], [],
        ["Emes", "paperlab"], ["fund", "inform"], ["Уят"],
    ],
)  # fmt: skip
def test_a_pages_snippets_equal_each_snippet(words):
    texts = [
        *TEXTS,
        "Beissembayev and Beisembaev spoke; Bejsembaev trust.",
        "Trusted trustees mistrust trust_fund: TRUST.",
        "aaa aaaa a",
        "Write to info@paperlab.kz or PaperLab; KazInform and UyatEmes.kz, Уят.Емес.",
    ]
    pages = [(text, layout(text)) for text in texts] + [(text, None) for text in texts]
    expected = [snippet(text, words) for text, _stored in pages]
    assert snippets(pages, words) == expected


def test_plain_ascii_words_are_split_and_others_sliced():
    assert layout("Police violence, in Almaty.")[:1] == b"s"
    assert layout("63.7% disapprove")[:1] == b"p"  # "63.7" is one word
    assert layout("Жовтис trust")[:1] == b"p"


def test_marks_are_escaped_and_whitespace_collapsed():
    text = "<b>Trust</b>  in   the & police"
    assert snippet(text, ["trust"], stored=layout(text)) == (
        "… b&gt;<mark>Trust</mark>&lt;/b&gt; in the &amp; police"  # from its first word
    )


def test_a_part_of_a_joined_word_is_marked_inside_it():
    text = "Write to info@paperlab.kz; UyatEmes.kz and trust_fund, not 71.1 or paperlabs."
    assert snippet(text, ["paperlab", "emes", "fund"], stored=layout(text)) == (
        "Write to info@<mark>paperlab</mark>.kz; Uyat<mark>Emes</mark>.kz and "
        "trust_<mark>fund</mark>, not 71.1 or <mark>paperlabs</mark>."
    )
    assert snippets([(text, layout(text))], ["71"]) == [snippet(text, ["71"])]
