"""Text normalisation shared by both backends: transliteration and name folding.

Names reach us in several Latin transliterations and in Cyrillic (Beissembayev, Beisembaev,
Бейсембаев). Folding maps each spelling to a key close enough that an exact or one-edit match
finds the others: Cyrillic is transliterated, accents dropped, the glide between two vowels
(y/j/i) dropped, y read as i, doubled letters collapsed.

The same keys are taken from running text (spelling_keys): its proper names (capitalised words,
Latin or Cyrillic) and the parts of its joined words (UyatEmes.kz, info@paperlab.kz,
Kassym-Jomart, 2022-01-05), so a place or an official named in a description is found in any
spelling, and a domain by one of its parts.

Ordinary English words are not names: folded, good would meet God, dinner diner and major mayor.
A word of a text or a title that is one (an English word list, data/english-words.txt) is keyed
by its own spelling (text_key) and is never matched a letter or two off (typo_edits); people's
names are folded whatever they are.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from pathlib import Path

# Cyrillic (Russian and Kazakh letters) to a plain Latin reading.
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "ә": "a",
    "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
}  # fmt: skip
_VOWELS = "aeiou"
# Words as Whoosh reads them: "71.1" and "UyatEmes.kz" stay whole.
_WORD = re.compile(r"\w+(?:\.\w+)*", re.UNICODE)
# A run of word characters and the marks that join words (dots, @, hyphens, slashes...).
_CHUNK = re.compile(r"\w(?:[\w.@/'’+&-]*\w)?")
# A part of a joined word: a run of letters and digits (trust_fund: trust, fund).
PART = re.compile(r"[^\W_]+")
_DOTTED = re.compile(r"[^\W_]+(?:\.[^\W_]+)+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ENGLISH_WORDS = Path(__file__).with_name("data") / "english-words.txt"
# The English words neither backend indexes nor requires: PostgreSQL's 'english' configuration
# drops exactly these (its english.stop, the Snowball list, copied here), and Whoosh's analyser
# is given the same list, so a query matches the same records on both (issue 20).
STOP_WORDS = frozenset(
    (Path(__file__).with_name("data") / "english-stop.txt").read_text(encoding="utf-8").split()
)


def clean(text: str) -> str:
    """Control characters and NUL bytes out; the rest as typed."""
    return _CONTROL.sub(" ", text or "")


def transliterate(text: str) -> str:
    """Cyrillic to Latin, accents dropped; the case is kept for display (Жовтис -> Zhovtis)."""
    out = []
    for char in text:
        low = char.lower()
        if low in _CYRILLIC:
            latin = _CYRILLIC[low]
            out.append(latin.capitalize() if char != low and latin else latin)
        else:
            out.append(char)
    decomposed = unicodedata.normalize("NFKD", "".join(out))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@functools.lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """The spelling-independent key of one name word (see the module docstring)."""
    word = transliterate(word).lower()
    word = re.sub(r"[^a-z0-9]", "", word)
    # Zh is also spelt j (Zhanaozen, Janaozen); q, gh and c stand for k, g and ts in the Kazakh
    # Latin spellings (Qaraghandy, Karagandy; Tselinograd, Celinograd).
    word = word.replace("zh", "j").replace("q", "k").replace("gh", "g").replace("ts", "c")
    # The glide between two vowels is spelled y, j, i or not at all: Beisembayev ~ Beisembaev.
    word = re.sub(rf"(?<=[{_VOWELS}])[yji](?=[{_VOWELS}])", "", word)
    word = word.replace("y", "i").replace("j", "i")
    word = re.sub(r"kh", "h", word)
    return re.sub(r"([a-z])\1+", r"\1", word)  # doubled letters; numbers stay as written


@functools.cache
def _english() -> frozenset[str]:
    with _ENGLISH_WORDS.open(encoding="utf-8") as lines:
        return frozenset(w for w in map(str.strip, lines) if w and not w.startswith("#"))


def is_english(word: str) -> bool:
    """Whether a word as typed is an ordinary English word (Latin letters, any case)."""
    return word.isascii() and word.isalpha() and word.lower() in _english()


@functools.lru_cache(maxsize=65536)
def text_key(word: str) -> str:
    """The key of a word of a text or a title: an ordinary English word's own spelling, any
    other word's folded key (a name in another spelling, a Cyrillic word)."""
    return word.lower() if is_english(word) else fold_word(word)


def spelt(word: str, key: str) -> str:
    """A Latin word as typed, lower-cased, when its folded key differs (comission: comision):
    an English word of a title is kept as spelt, so its misspelling is looked up as typed too."""
    low = word.lower()
    return low if low != key and low.isascii() and low.isalpha() else ""


def typo_edits(word: str, key: str, pinned: bool = False) -> int:
    """How many letters off a query word's key may match a name's: none for an ordinary
    English word (dinner is not a misspelt diner); one from four letters; two from eight, or
    from six when folding took letters away from a word of nine or more (Zhumaayev, key
    iumaev, against Zhumabayev, iumabaev: one letter off as typed). Below four, one when
    another word of the query pins the record (`pinned`: Aldiyar Tsy, Aldiyar Tsoy) and three
    letters or more were typed; else none (alone, a short word would meet too many)."""
    if len(key) > 40 or is_english(word):
        return 0
    if len(key) >= 8 or (len(key) >= 6 and len(transliterate(word)) >= 9):
        return 2
    if len(key) >= 4 or (pinned and len(key) >= 2 and len(word) >= 3):
        return 1
    return 0


def fold(text: str) -> str:
    """Fold every word of a text; the words kept in order, separated by spaces."""
    return " ".join(key for key in (fold_word(w) for w in words(text)) if key)


def text_fold(text: str) -> str:
    """text_key() of every word of a text, in order (a title's words)."""
    return " ".join(key for key in (text_key(w) for w in words(text)) if key)


def words(text: str) -> list[str]:
    return _WORD.findall(clean(text).replace("_", " "))


def spelling_keys(text: str) -> str:
    """The folded keys of a running text's proper names and of the parts of its joined words,
    in the text's order (text_key: a capitalised ordinary English word keeps its spelling).
    Ordinary lower-case words are left out: the stemmed text holds them."""
    keys = []
    for chunk in _CHUNK.findall(clean(text)):
        parts = PART.findall(chunk)
        if len(parts) > 1:
            for part in parts:
                keys += [part, *_humps(part)]
            # A dotted run with a letter, whole: paperlab.kz of info@paperlab.kz (not 71.1).
            keys += [run for run in _DOTTED.findall(chunk) if not run.replace(".", "").isdigit()]
        elif parts and parts[0][0].isupper():
            keys += [parts[0], *_humps(parts[0])]
    return " ".join(key for key in map(text_key, keys) if key)


def hump_cuts(word: str) -> list[int]:
    """Where a word run together starts a new one (UyatEmes: [4]): each capital after a
    lower-case letter."""
    return [i for i in range(1, len(word)) if word[i].isupper() and word[i - 1].islower()]


def _humps(word: str) -> list[str]:
    """The words run together in a capitalised name (UyatEmes: Uyat, Emes); none when it is one."""
    starts = hump_cuts(word)
    if not starts:
        return []
    bounds = [0, *starts, len(word)]
    return [word[a:b] for a, b in itertools.pairwise(bounds)]
