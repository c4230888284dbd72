"""Words a reader may use for what the records say in other words, searched beside them.

A reader asks "will the January events happen again"; the survey question says "the probability
of a repeat". Stems and spellings cannot join those: this curated list does. A query word in a
group is also searched as each other word of its group, and a phrase of the list as the words
it stands for (kb.search.query adds them as implied
alternatives, so both backends compile them like typed words; they are neither shown in the
query nor marked in snippets). The groups are the domain's: the survey questions' wording, the
officials and forces the records name, what researchers call the events. Keep them small and
exact: a group joins words that mean the same to a reader, not related ones, or every search
would find more than was asked (an excluded word, -word, is never widened).
"""

from __future__ import annotations

import functools

from whoosh.lang.porter import stem

from .text import STOP_WORDS, transliterate

# One group a line; the stemmer joins a word's inflections (repeat, repeated, repeats), so a
# group lists only the forms it cannot (repetition, recurrence).
_GROUPS_TEXT = """
    again repeat repetition recur recurrence reoccur
    happen occur
    probability probable likelihood chance chances
    shutdown blackout outage disabling disconnection
    akim akims mayor mayors governor governors
    army military troops soldiers
    police militia
    crackdown suppression repression
    killed deaths dead died killings fatalities casualties
    blame responsible responsibility fault guilty
    talks negotiations dialogue
    poll polls survey surveys
    sentiment mood feelings emotions
    confidence trust
    unrest riots
    qantar january
"""
# Places of Kazakhstan by their names before and after renaming (Nur-Sultan was Astana's name
# in January 2022): a record says one, a reader types another. A hyphenated name is searched as
# the phrase it is (kb.search.query). Only names no ordinary English word shares (Oral/Uralsk
# is left out: "oral history").
_PLACES_TEXT = """
    astana nur-sultan akmola akmolinsk tselinograd
    almaty alma-ata
    semey semipalatinsk
    oskemen ust-kamenogorsk
    aktobe aktyubinsk
    atyrau guryev
    shymkent chimkent
    konaev kapchagay kapshagay
    kyzylorda kzyl-orda
"""
# Derivational families the stemmer cannot join (tragedy/tragic, democracy/democratic share no
# stem): a word of one is searched as the others, like a synonym. Curated, not a rule: "-y to
# -ic" would also pair policy with politic, energy with energic, and only families whose words
# are about one subject are listed (politician, a person, is not politics).
_FAMILIES_TEXT = """
    tragedy tragic
    democracy democratic
    economy economic
    history historic historical
    politics political
    autocracy autocratic
    bureaucracy bureaucratic
"""
GROUPS = tuple(
    tuple(line.split())
    for text in (_GROUPS_TEXT, _FAMILIES_TEXT, _PLACES_TEXT)
    for line in text.strip().splitlines()
)
# Phrases a reader types for one word of the records: "phrase | the words it stands for"
# (matched by their stems: "happening again" too).
_PHRASES_TEXT = """
    happen again | repeat recur recurrence repetition
    occur again | repeat recur recurrence repetition
    take place | happen occur
    shut down | shutdown disabling blackout
    law enforcement | police
    security forces | police army troops military
    nur sultan | astana akmola akmolinsk tselinograd
    alma ata | almaty
    ust kamenogorsk | oskemen
    kzyl orda | kyzylorda
    кровавый январь | january qantar
    кровавого января | january qantar
    кровавом январе | january qantar
"""


def _phrase_word(word: str) -> str:
    """A word of a phrase as the list is looked up by: in Latin letters (Нур-Султан is
    Nur-Sultan), stemmed."""
    return stem(transliterate(word.lower()).lower())


PHRASES = {
    tuple(map(_phrase_word, phrase.split())): tuple(words.split())
    for phrase, _, words in (line.partition("|") for line in _PHRASES_TEXT.strip().splitlines())
}
MAX_PHRASE = max(map(len, PHRASES))
MAX_SYNONYMS = 6  # alternatives one word may bring


@functools.cache
def _table() -> dict[str, tuple[str, ...]]:
    """Each word of a group, and its stem (the word's other forms: recurred, talks), to the
    group's other words."""
    table: dict[str, tuple[str, ...]] = {}
    for group in GROUPS:
        for word in group:
            others = tuple(w for w in group if w != word)[:MAX_SYNONYMS]
            table.setdefault(stem(word), others)
            table[word] = others
    return table


def synonyms(word: str) -> tuple[str, ...]:
    """The other words of the word's group (none for a word in no group, or a stop word).

    A stop word is not required as typed (neither backend indexes it), so widening it would make
    its group required in its place: "talks again" would need a repeat or a recurrence. The
    phrases ("happen again") carry what such a word means beside others."""
    low = word.lower()
    if not low.isascii():
        low = transliterate(low)  # a place in Cyrillic (Астана) is the place in Latin letters
    if not low.isascii() or not low.isalpha() or low in STOP_WORDS:
        return ()
    table = _table()
    return table.get(low) or table.get(stem(low), ())


def paraphrase(words: list[str]) -> tuple[int, tuple[str, ...]]:
    """Whether `words` open with a phrase of the list: (how many words it takes, the words it
    stands for), or (0, ())."""
    low = [_phrase_word(w) for w in words[:MAX_PHRASE]]
    for size in range(len(low), 1, -1):
        found = PHRASES.get(tuple(low[:size]))
        if found:
            return size, found
    return 0, ()
