"""What a TEXT field's index() gives for a value, without Whoosh's Token objects (the rebuild)."""

from __future__ import annotations

import functools

from whoosh import analysis, formats
from whoosh.system import pack_uint


def fast_indexer(field):
    """For a TEXT field analysed by a plain chain (regex words, lowercase, and optionally stop
    words and a stemmer), a function giving what field.index() gives -- (term bytes,
    frequency, weight, encoded value) per distinct word -- without a Token object per word
    and a generator per filter. None for any other field (Whoosh's own path is used)."""
    fmt = field.format
    if type(fmt) not in (formats.Positions, formats.Frequency):
        return None
    chain = getattr(field.analyzer, "items", None)
    if not chain or len(chain) not in (2, 4):
        return None
    tokenizer, lower, *rest = chain
    if (
        type(tokenizer) is not analysis.RegexTokenizer
        or tokenizer.gaps
        or type(lower) is not analysis.LowercaseFilter
    ):
        return None
    stops, stem = frozenset(), None
    if rest:
        stop, stemmer = rest
        if (
            type(stop) is not analysis.StopFilter
            or not stop.renumber
            or stop.max is not None
            or type(stemmer) is not analysis.StemFilter
            or stemmer.ignore
        ):
            return None
        stops, minsize = stop.stops, stop.min
        # The stemmer's own function behind the C lru_cache: Whoosh wraps it in its Python
        # LFU cache, which cost a tenth of the analysis.
        stem = functools.lru_cache(maxsize=50000)(stemmer.stemfn)
    finditer = tokenizer.expression.finditer
    boost = fmt.field_boost
    positions = type(fmt) is formats.Positions
    encode = functools.lru_cache(maxsize=4096)(lambda poses: fmt.encode(list(poses)))

    def index(value):
        found: dict[str, list[int]] = {}
        pos = None
        for n, match in enumerate(finditer(value)):
            word = match.group(0).lower()
            if stem is not None:
                if len(word) < minsize or word in stops:
                    continue
                # StopFilter renumbers: the first word kept keeps its place, the rest follow.
                pos = n if pos is None else pos + 1
                word = stem(word)
            else:
                pos = n
            poses = found.get(word)
            if poses is None:
                found[word] = [pos]
            else:
                poses.append(pos)
        if positions:
            return [
                (word.encode("utf-8"), len(p), float(len(p)) * boost, encode(tuple(p)))
                for word, p in found.items()
            ]
        return [
            (word.encode("utf-8"), len(p), float(len(p)) * boost, pack_uint(len(p)))
            for word, p in found.items()
        ]

    return index
