"""A transcript's speaker names matched to the event's people, whatever the spelling.

Names are folded as search folds them (kb.search.text: transliteration, glides, doubled
letters), so "Евгений Жовтис", "Evgeny Zhovtis" and "Yevgeniy Zhovtis" are one key; the words
may come in either order ("Zhovtis Yevgeniy"); a family name alone matches when only one of the
event's people bears it. Anything else stays unmatched for staff to resolve.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from kb.search.text import fold


class SpeakerIndex:
    def __init__(self, people: Iterable):
        self._full: dict[str, object] = {}
        by_family = defaultdict(set)
        for person in people:
            for spelling in person.all_names:
                folded = fold(spelling).split()
                if not folded:
                    continue
                self._full.setdefault(" ".join(folded), person)
                self._full.setdefault(" ".join(sorted(folded)), person)
                by_family[folded[-1]].add(person)
        self._family = {word: next(iter(p)) for word, p in by_family.items() if len(p) == 1}

    def match(self, name: str):
        """The person `name` is a spelling of, or None."""
        folded = fold(name).split()
        if not folded:
            return None
        found = self._full.get(" ".join(folded)) or self._full.get(" ".join(sorted(folded)))
        if found is None and len(folded) == 1:
            found = self._family.get(folded[0])
        return found
