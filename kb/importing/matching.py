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

    def lookup(self, name: str) -> Known | None:
        if name.strip() in self.acronyms:
            return self.acronyms[name.strip()]
        return self.folded.get(fold(name))

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
            if found:
                known, n = found
                hits.append(Hit(known.pk, known.name, words[i][0], words[i + n - 1][1]))
                i += n
            else:
                i += 1
        return hits


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
