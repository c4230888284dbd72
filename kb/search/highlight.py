"""Snippets with the query's words marked, the same for both backends (HTML-escaped first)."""

from __future__ import annotations

import bisect
import itertools
import re
from array import array
from html import escape

from django.utils.safestring import SafeString, mark_safe

from .localized import CLOSE, OPEN
from .text import PART, hump_cuts, text_key

# A word, captured: split() gives [separator, word, separator, ..., word, rest].
_SPLIT = re.compile(r"(\w+(?:\.\w+)*)", re.UNICODE)
WINDOW = 32  # words in a snippet
MAX_TOKENS = 3000  # a snippet comes from the first pages of a long document
# layout()'s first byte: its format's version (and the word pattern's). "s": the words are
# the ASCII text with every other character made a space, split by C; "p": they are sliced
# from the text. (Any other: the pattern is run.)
_SPLITS, _SLICES = b"s", b"p"
# Every ASCII character that is not part of a word, to a space (as bytes.translate() reads it).
_SPACES = bytes(c if re.fullmatch(r"\w", chr(c)) else 32 for c in range(256))
# Where a word is joined from parts (paperlab.kz, trust_fund, UyatEmes): the index holds the
# parts, so the snippet marks a part the query names inside its word.
# (A letter on one side at least: "31.7" is a figure, not a joined word.)
_JOINT = re.compile(r"[^\W\d_][._][^\W_]|\d[._][^\W\d_]|[a-z][A-Z]")


def _plain_words(text: str) -> list[str]:
    return text.encode("ascii").translate(_SPACES).decode("ascii").split()


def _pattern_words(text: str) -> tuple[list[int], list[str], list[str]]:
    """The first MAX_TOKENS words of `text` by the word pattern: their starts, their ends and
    the words."""
    parts = _SPLIT.split(text, MAX_TOKENS)
    bounds = list(itertools.accumulate(map(len, parts[:-1])))
    return bounds[0::2], bounds[1::2], parts[1:-1:2]


def layout(text: str) -> bytes:
    """Where the words of `text` are, as snippet() reads them: written with the index, so a
    search does not run the word pattern over every text on its page (most of a snippet's
    cost). The words' starts, then their ends; and whether the words are _plain_words() (plain
    ASCII words, no "71.1"), split in C."""
    starts, ends, words = _pattern_words(text)
    code = "H" if not ends or ends[-1] < 1 << 16 else "I"
    plain = text.isascii() and _plain_words(text) == words
    where = array(code, starts + ends)
    return (_SPLITS if plain else _SLICES) + code.encode() + where.tobytes()


def _words_at(text: str, stored: bytes | None) -> tuple:
    """The first MAX_TOKENS words of `text` as _pattern_words() gives them, from the text's
    stored layout() when there is one of this version, else by the pattern."""
    kind = stored[:1] if stored else None
    if kind in (_SPLITS, _SLICES):
        where = array(chr(stored[1]))
        where.frombytes(stored[2:])
        half = len(where) >> 1
        starts, ends = where[:half], where[half:]
        if kind == _SPLITS:
            return starts, ends, _plain_words(text)
        return starts, ends, list(map(text.__getitem__, map(slice, starts, ends)))
    return _pattern_words(text)


class Matcher:
    """Which tokens are the query's words (by a crude stem, or by their folded name key).
    Made once per search for all its snippets: each distinct token is looked at once, and a
    text's tokens are looked up with C-level maps, not a Python call per token."""

    def __init__(self, query_words: list[str]):
        stems, keys = set(), set()
        for word in query_words:
            low = word.lower()
            # A crude stem (torture ~ tortured) that cannot mark unrelated short words.
            stems.add(low[: max(4, len(low) - 2)] if len(low) > 4 else low)
            key = text_key(word)  # a name in any spelling; an English word as spelt
            if len(key) >= 4:
                keys.add(key)
        self._stems = tuple(sorted(stems))
        # A stem and up to 4 more characters, matched against the lowercased token.
        self._stem = (
            re.compile("(?:" + "|".join(map(re.escape, self._stems)) + r")[\w.]{0,4}").fullmatch
            if stems
            else None
        )
        self._keys = keys
        self._seen: dict[str, bool] = {}
        self._spans: dict[str, tuple[tuple[int, int], ...]] = {}

    def hits(self, tokens: list[str]) -> list[int]:
        """The positions of the tokens that are the query's words."""
        seen = self._seen
        new = set(tokens).difference(seen)
        if new:
            new = list(new)
            found = [False] * len(new)
            if self._stem is not None:
                low = list(map(str.lower, new))
                # Only a token that starts with a stem can be one (the pattern is run on those).
                starts = map(str.startswith, low, itertools.repeat(self._stems))
                for k in itertools.compress(itertools.count(), starts):
                    found[k] = self._stem(low[k]) is not None
            if self._keys:
                keyed = map(self._keys.__contains__, map(text_key, new))
                for k in itertools.compress(itertools.count(), keyed):
                    found[k] = True
            seen.update(zip(new, found, strict=True))
        return list(itertools.compress(itertools.count(), map(seen.__getitem__, tokens)))

    def _is_word(self, part: str) -> bool:
        """A part is marked by the stems alone (so stem_hits() finds every candidate); parts()
        calls it only when the query has stems."""
        return self._stem(part.lower()) is not None

    def part_spans(self, token: str) -> tuple[tuple[int, int], ...]:
        """Where the query's words stand in a joined word, as (start, end) in the word: its
        parts between dots and underscores, and the words run together in each (Uyat|Emes)."""
        spans = self._spans.get(token)
        if spans is None:
            found = []
            for run in PART.finditer(token):
                at, word = run.start(), run.group()
                cuts = hump_cuts(word)
                found += [(at + a, at + b) for a, b in itertools.pairwise([0, *cuts, len(word)])]
            whole = len(found) > 1 and any(c.isalpha() for c in token)
            spans = tuple(s for s in found if self._is_word(token[s[0] : s[1]])) if whole else ()
            self._spans[token] = spans
        return spans

    def parts(self, text: str, starts, ends, tokens, hits, inside=None) -> dict[int, tuple]:
        """The joined words (not hits whole) holding one of the query's words as a part: their
        positions to the parts' spans. The candidates are `inside` (the words a stem stands
        in, from stem_hits()) or else those one pattern finds in the text."""
        out: dict[int, tuple] = {}
        if not tokens or self._stem is None:
            return out
        if inside is None:
            last = ends[len(tokens) - 1]
            at = (joint.start() for joint in _JOINT.finditer(text, 0, last))
            inside = {i for i in (bisect.bisect_right(starts, a) - 1 for a in at) if i >= 0}
        for i in inside.difference(hits):
            spans = self.part_spans(tokens[i])
            if spans:
                out[i] = spans
        return out

    def stem_hits(self, text: str, starts, ends, inside: set | None = None) -> list[int]:
        """hits() by the stems alone, for an ASCII text (lowercasing keeps every position):
        each place a stem stands in the lowercased text, if a word starts there, holds the
        whole stem and at most 4 more characters (words are only word characters and dots).
        The other words a stem stands in are added to `inside` (a part of a joined word?)."""
        low = text.lower()
        found = set()
        for stem in self._stems:
            size = len(stem)
            at = low.find(stem)
            while at >= 0:
                i = bisect.bisect_right(starts, at) - 1
                if i >= 0 and starts[i] == at and at + size <= ends[i] <= at + size + 4:
                    found.add(i)
                elif inside is not None and i >= 0 and at + size <= ends[i]:
                    inside.add(i)
                at = low.find(stem, at + 1)
        return sorted(found)

    def keyed(self, words) -> set[str]:
        """Those of `words` whose folded name key is one of the query's."""
        if not self._keys:
            return set()
        words = list(words)
        return set(itertools.compress(words, map(self._keys.__contains__, map(text_key, words))))


def matcher(query_words: list[str]) -> Matcher:
    return Matcher(query_words)


def snippet(
    text: str,
    query_words: list[str],
    window: int = WINDOW,
    matches: Matcher | None = None,
    stored: bytes | None = None,
) -> SafeString:
    """The passage of `text` with most of the query's words, those words in <mark>.
    `matches` is matcher(query_words), when the caller makes several snippets; `stored` is
    layout(text), when the index kept it."""
    if not text:
        return mark_safe("")
    starts, ends, tokens = _words_at(text, stored)
    if not tokens:
        return mark_safe(escape(text[:200]))  # noqa: S308 (escaped)
    if query_words:
        matches = matches if matches is not None else matcher(query_words)
        hits = matches.hits(tokens)
        parts = matches.parts(text, starts, ends, tokens, hits)
    else:
        hits, parts = [], {}
    return _passage(text, starts, ends, tokens, hits, window, parts)


def snippets(texts: list[tuple[str, bytes | None]], query_words: list[str]) -> list[SafeString]:
    """snippet(text, query_words, stored=stored) for each (text, stored) of a page, with the
    query's words looked for once for the page: in an ASCII text, a stem by str.find() in the
    lowercased text (which keeps every position) and a name key by folding each distinct word
    of the page once; other texts word by word, as snippet() does."""
    found = [_words_at(text, stored) if text else None for text, stored in texts]
    simple = [bool(text) and text.isascii() for text, _stored in texts]
    matches = matcher(query_words)
    keyed: set[str] = set()
    if query_words:
        keyed = matches.keyed(
            set().union(*(w[2] for w, ascii in zip(found, simple, strict=True) if ascii))
        )
    out = []
    for (text, _stored), words, ascii in zip(texts, found, simple, strict=True):
        if words is None:
            out.append(mark_safe(""))
            continue
        starts, ends, tokens = words
        if not tokens:
            out.append(mark_safe(escape(text[:200])))  # noqa: S308 (escaped)
            continue
        inside = None  # the words a stem stands in, when stem_hits() looked
        if not query_words:
            hits = []
        elif ascii:
            inside = set()
            hits = matches.stem_hits(text, starts, ends, inside)
            if keyed and not keyed.isdisjoint(tokens):
                hits = sorted(
                    {*hits, *itertools.compress(itertools.count(), map(keyed.__contains__, tokens))}
                )
        else:
            hits = matches.hits(tokens)
        parts = matches.parts(text, starts, ends, tokens, hits, inside) if query_words else {}
        out.append(_passage(text, starts, ends, tokens, hits, WINDOW, parts))
    return out


def _passage(text, starts, ends, tokens, hits: list[int], window: int, parts=None) -> SafeString:
    """The window of `window` words holding most hits, the hits in <mark>, escaped; `parts`:
    joined words holding a query word, to the spans of their parts to mark."""
    parts = parts or {}
    if parts:
        hits = sorted({*hits, *parts})
    if hits:
        # The window that holds most hits (the first such).
        best_start, best = hits[0], 0
        for n, i in enumerate(hits):
            count = bisect.bisect_left(hits, i + window, n) - n
            if count > best:
                best_start, best = i, count
        # A little context before the first hit; from the start when the start is near.
        start = best_start - 4 if best_start > 10 else 0
    else:
        start = 0
    end = min(len(tokens), start + window)
    lo, hi = starts[start], ends[end - 1]
    if end == len(tokens) < MAX_TOKENS:
        hi = len(text.rstrip())  # the text's last word: its closing punctuation too
    out, pos = [], lo
    # Escaping is per character, so the text between two marks is escaped in one piece.
    for i in hits:
        if start <= i < end:
            for a, b in parts.get(i, ((0, ends[i] - starts[i]),)):
                out.append(escape(text[pos : starts[i] + a]))
                out.append(f"<mark>{escape(text[starts[i] + a : starts[i] + b])}</mark>")
                pos = starts[i] + b
    out.append(escape(text[pos:hi]))
    # (Not for an English run's OPEN alone before the first word.)
    prefix = "… " if start > 0 or text[:lo].strip(OPEN + CLOSE) else ""
    if lo and text.rfind(OPEN, 0, lo) > text.rfind(CLOSE, 0, lo):
        prefix += OPEN  # the window opens inside an English run (kb.search.localized)
    suffix = " …" if hi < len(text.rstrip()) else ""
    return mark_safe(prefix + " ".join("".join(out).split()) + suffix)  # noqa: S308 (escaped above)
