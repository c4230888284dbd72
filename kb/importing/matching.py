"""People, organizations and topics already in the knowledge base, found by any spelling.

Names are compared by the search's folding (kb.search.text.fold: Cyrillic transliterated, the
glide between vowels dropped, doubled letters collapsed), so Beisembaev, Beissembayev and
Бейсембаев meet. A document's words are scanned as phrases of up to MAX_WORDS words against
every known spelling; the longest phrase wins. Acronyms (IERES, CSTO) match only in capitals,
so "cap" in a sentence is not the Central Asia Program.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.search.text import fold, fold_word

MAX_WORDS = 10
# Russian declines names: "Казахстанским международным бюро" is "Казахстанское международное
# бюро", "Евгения Жовтиса" is "Евгений Жовтис". A Cyrillic word is also compared by its stem:
# these endings stripped (repeatedly, keeping three letters), before folding.
_ENDING_LIST = (
    "ыми ими ого его ому ему ой ей ый ий ая яя ое ее ые ие ым им ом ем ую юю ах ях ам ям ов ев "
    "а я о е ы и у ю ь й"
)
_ENDINGS = sorted(_ENDING_LIST.split(), key=len, reverse=True)
_CYRILLIC = re.compile("[\u0400-\u04ff]")


def stem_key(word: str) -> str:
    """A Cyrillic word's folded stem (see _ENDINGS); other words fold as they are."""
    if not _CYRILLIC.search(word):
        return fold_word(word)
    word = word.lower()
    changed = True
    while changed:
        changed = False
        for ending in _ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                word = word[: -len(ending)]
                changed = True
                break
    return fold_word(word)


_WORD = re.compile(r"\w+(?:[.’'\-]\w+)*")


@dataclass(frozen=True)
class Hit:
    pk: int
    name: str
    start: int
    end: int


@dataclass(frozen=True)
class Known:
    pk: int
    name: str


class PhraseIndex:
    """Folded spellings -> record, for scanning text and looking names up."""

    def __init__(self):
        self.folded: dict[str, Known] = {}
        self.acronyms: dict[str, Known] = {}
        # First word's key -> the lengths (in words) of spellings starting with it: a scan
        # tries only those, not every phrase length at every word.
        self.lengths: dict[str, set[int]] = {}
        self.stems: dict[str, Known] = {}
        self.stem_lengths: dict[str, set[int]] = {}

    def add(self, pk: int, name: str, spellings: list[str]) -> None:
        known = Known(pk, name)
        for spelling in spellings:
            spelling = spelling.strip()
            if not spelling:
                continue
            if len(spelling) <= 6 and spelling.isupper() and " " not in spelling:
                self.acronyms.setdefault(spelling, known)
                continue
            key = fold(spelling)
            if key:
                self.folded.setdefault(key, known)
                words = key.split(" ")
                self.lengths.setdefault(words[0], set()).add(len(words))
            if _CYRILLIC.search(spelling):
                stems = [stem_key(w) for w in _WORD.findall(spelling)]
                stems = [s for s in stems if s]
                if stems:
                    self.stems.setdefault(" ".join(stems), known)
                    self.stem_lengths.setdefault(stems[0], set()).add(len(stems))

    def lookup(self, name: str) -> Known | None:
        if name.strip() in self.acronyms:
            return self.acronyms[name.strip()]
        found = self.folded.get(fold(name))
        if found is None and _CYRILLIC.search(name):
            found = self.stems.get(" ".join(s for s in map(stem_key, _WORD.findall(name)) if s))
        return found

    def scan(self, text: str, start: int = 0, end: int | None = None) -> list[Hit]:
        """Known names standing in text[start:end], longest first, not overlapping."""
        end = len(text) if end is None else end
        words = [
            (m.start() + start, m.end() + start, m.group()) for m in _WORD.finditer(text[start:end])
        ]
        keys = [fold_word(w) for _, _, w in words]
        hits, i = [], 0
        while i < len(words):
            found = None
            for n in sorted(self.lengths.get(keys[i], ()), reverse=True):
                key = " ".join(k for k in keys[i : i + n] if k)
                if n <= len(words) - i and key in self.folded:
                    found = (self.folded[key], n)
                    break
            if found is None and words[i][2] in self.acronyms:
                found = (self.acronyms[words[i][2]], 1)
            if found is None and self.stems and _CYRILLIC.search(words[i][2]):
                found = self._stem_match(words, i)
            if found:
                known, n = found
                hits.append(Hit(known.pk, known.name, words[i][0], words[i + n - 1][1]))
                i += n
            else:
                i += 1
        return hits

    def _stem_match(self, words, i) -> tuple[Known, int] | None:
        first = stem_key(words[i][2])
        for n in sorted(self.stem_lengths.get(first, ()), reverse=True):
            if n <= len(words) - i:
                key = " ".join(stem_key(w) for _, _, w in words[i : i + n])
                if key in self.stems:
                    return self.stems[key], n
        return None


@dataclass
class KnownRecords:
    people: PhraseIndex
    organizations: PhraseIndex
    topics: PhraseIndex


def known_records() -> KnownRecords:
    """Every person, organization and topic's spellings (names only: a few columns per row)."""
    from kb.models import Organization, Person, Topic

    people, organizations, topics = PhraseIndex(), PhraseIndex(), PhraseIndex()
    for pk, name, others in Person.objects.values_list("pk", "name", "alternate_names"):
        people.add(pk, name, [name, *others.splitlines()])
    rows = Organization.objects.values_list("pk", "name", "short_name", "alternate_names")
    for pk, name, short, others in rows:
        organizations.add(pk, name, [name, short, *others.splitlines()])
    for pk, name, others in Topic.objects.values_list("pk", "name", "alternate_names"):
        topics.add(pk, name, [name, *others.splitlines()])
    return KnownRecords(people, organizations, topics)


def empty_records() -> KnownRecords:
    return KnownRecords(PhraseIndex(), PhraseIndex(), PhraseIndex())
