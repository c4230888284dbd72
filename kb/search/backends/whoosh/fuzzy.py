"""Words within one or two edits of a word: Whoosh's Levenshtein automaton, walked faster."""

from __future__ import annotations

import bisect
import functools

from whoosh.codec.base import Automata

from . import internals


class LevenshteinAutomaton:
    """Whoosh's Levenshtein DFA for a word, with its states numbered and each state's moves,
    default move, sorted labels and finality in lists: matches() and next_valid_string() are
    Whoosh's (Automata.find_matches over a SortedWordCursor, DFA.next_valid_string), step for
    step, without hashing a frozenset of NFA states per step or slicing the string at every
    character. The same words, in the same order."""

    def __init__(self, dfa):
        number: dict = {dfa.initial: 0}
        found = set(dfa.transitions) | set(dfa.defaults) | set(dfa.final_states)
        for targets in dfa.transitions.values():
            found.update(targets.values())
        found.update(dfa.defaults.values())
        for s in sorted(found - {dfa.initial}, key=repr):  # numbered in a fixed order
            number[s] = len(number)
        self.moves: list[dict[str, int]] = [{} for _ in number]
        self.default: list[int | None] = [None] * len(number)
        self.final = [s in dfa.final_states for s in number]
        for s, targets in dfa.transitions.items():
            self.moves[number[s]] = {label: number[t] for label, t in targets.items()}
        for s, t in dfa.defaults.items():
            self.default[number[s]] = number[t]
        self.labels = [sorted(moves) for moves in self.moves]

    def next_valid_string(self, string: str) -> str | None:
        """The smallest string at or after `string` that the DFA accepts (Whoosh's)."""
        moves, default, final = self.moves, self.default, self.final
        state: int | None = 0
        # (path, state, label); a path taken from the string is kept as its length
        stack: list[tuple[str | int, int, str | None]] = []
        i = 0
        for i, label in enumerate(string):
            stack.append((i, state, label))
            state = moves[state].get(label, default[state])
            if state is None:
                break
        else:
            stack.append((i + 1, state, None))
        if state is not None and final[state]:
            return string
        while stack:
            path, state, label = stack.pop()
            label = self._next_edge(state, label)
            if label:
                path = (string[:path] if isinstance(path, int) else path) + label
                state = moves[state].get(label, default[state])
                if final[state]:
                    return path
                stack.append((path, state, None))
        return None

    def _next_edge(self, state: int, label: str | None) -> str | None:
        label = "\0" if label is None else chr(ord(label) + 1)
        if label in self.moves[state] or self.default[state] is not None:
            return label
        labels = self.labels[state]
        at = bisect.bisect_left(labels, label)
        return labels[at] if at < len(labels) else None

    def matches(self, words: list[str]):
        """Automata.find_matches(dfa, SortedWordCursor(words))."""
        at, count = 0, len(words)
        if not count:
            return
        match = self.next_valid_string(words[0])
        while match:
            at = bisect.bisect_left(words, match, at)
            if at >= count:
                return
            term = words[at]
            if match == term:
                yield match
                term += "\0"
            match = self.next_valid_string(term)


@functools.lru_cache(maxsize=1024)
def levenshtein_dfa(key: str, maxdist: int):
    # Building the automaton costs more than walking the lexicon with it, and it depends only
    # on the word: kept per process, like compiled regexes.
    return Automata.levenshtein_dfa(key, maxdist, 1)


@functools.lru_cache(maxsize=1024)
def levenshtein_automaton(key: str, maxdist: int) -> LevenshteinAutomaton:
    return LevenshteinAutomaton(levenshtein_dfa(key, maxdist))


class SortedWordCursor:
    """A field's words, sorted, as the cursor Automata.find_matches() walks: one bisect per
    step instead of a binary search through the terms file."""

    def __init__(self, words: list[str]):
        self._words = words
        self._at = 0

    def text(self):
        return self._words[self._at] if self._at < len(self._words) else None

    def find(self, word):
        self._at = bisect.bisect_left(self._words, word, self._at)


def terms_within(reader, fieldname, key, maxdist, words: list[str] | None = None):
    """reader.terms_within(fieldname, key, maxdist, prefix=1), with the automaton cached, over
    the field's sorted words when given (kept per index snapshot)."""
    if words is not None:
        return levenshtein_automaton(key, maxdist).matches(words)
    if not internals.is_one_segment(reader):
        # Several segments: Whoosh compares every prefixed word instead; keep its answer.
        return reader.terms_within(fieldname, key, maxdist, prefix=1)
    spelling = reader.schema[fieldname].spelling_fieldname(fieldname)
    return Automata.find_matches(levenshtein_dfa(key, maxdist), reader.cursor(spelling))
