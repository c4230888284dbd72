"""Snippets with the query's words marked, the same for both backends (HTML-escaped first)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from html import escape

from django.utils.safestring import SafeString, mark_safe

from .text import fold_word

_TOKEN = re.compile(r"\w+(?:\.\w+)*", re.UNICODE)
WINDOW = 32  # words in a snippet
MAX_TOKENS = 3000  # a snippet comes from the first pages of a long document


def matcher(query_words: list[str]) -> Callable[[str], bool]:
    """Whether a token is one of the query's words (by a crude stem, or by its folded name
    key). Made once per search for all its snippets: each distinct token is looked at once."""
    stems, keys = set(), set()
    for word in query_words:
        low = word.lower()
        # A crude stem (torture ~ tortured) that cannot mark unrelated short words.
        stems.add(low[: max(4, len(low) - 2)] if len(low) > 4 else low)
        key = fold_word(word)
        if len(key) >= 4:
            keys.add(key)

    # One regex call per token instead of a loop over the stems: a stem and up to 4 more
    # characters (the token is lowercased first, as before).
    stem_re = (
        re.compile("(?:" + "|".join(map(re.escape, sorted(stems))) + r")[\w.]{0,4}")
        if stems
        else None
    )

    seen: dict[str, bool] = {}

    def matches(token: str) -> bool:
        found = seen.get(token)
        if found is None:
            if stem_re is not None and stem_re.fullmatch(token.lower()):
                found = True
            else:
                found = bool(keys) and fold_word(token) in keys
            seen[token] = found
        return found

    return matches


def snippet(
    text: str,
    query_words: list[str],
    window: int = WINDOW,
    matches: Callable[[str], bool] | None = None,
) -> SafeString:
    """The passage of `text` with most of the query's words, those words in <mark>.
    `matches` is matcher(query_words), when the caller makes several snippets."""
    if not text:
        return mark_safe("")
    tokens = list(itertools.islice(_TOKEN.finditer(text), MAX_TOKENS))
    if matches is None:
        matches = matcher(query_words)
    if query_words:
        words = map(re.Match.group, tokens)
        hits = list(itertools.compress(itertools.count(), map(matches, words)))
    else:
        hits = []
    if hits:
        # The window that holds most hits.
        best_start, best = hits[0], 0
        for i in hits:
            count = sum(1 for j in hits if i <= j < i + window)
            if count > best:
                best_start, best = i, count
        # A little context before the first hit; from the start when the start is near.
        start = best_start - 4 if best_start > 10 else 0
    else:
        start = 0
    end = min(len(tokens), start + window)
    if not tokens:
        return mark_safe(escape(text[:200]))  # noqa: S308 (escaped)
    lo = tokens[start].start()
    hi = tokens[end - 1].end()
    out, pos = [], lo
    # Escaping is per character, so the text between two marks is escaped in one piece.
    for i in hits:
        if start <= i < end:
            token = tokens[i]
            out.append(escape(text[pos : token.start()]))
            out.append(f"<mark>{escape(token.group())}</mark>")
            pos = token.end()
    out.append(escape(text[pos:hi]))
    prefix = "… " if lo > 0 else ""
    suffix = " …" if hi < len(text.rstrip()) else ""
    return mark_safe(prefix + " ".join("".join(out).split()) + suffix)  # noqa: S308 (escaped above)
