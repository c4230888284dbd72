"""Sets of documents as bitmaps: one bit per document (bit n = document n) in a Python int.

Union, intersection and counting then run in C, with no Python object per document. Pure
functions: nothing here reads the index.
"""

from __future__ import annotations

import itertools
import re
from collections import deque

_NONZERO = re.compile(b"[^\x00]")
_ONE = re.compile(b"\x01")
# Each byte value's set bits, lowest first.
_BITS_OF_BYTE = [tuple(bit for bit in range(8) if value >> bit & 1) for value in range(256)]


def bits_from_ids(ids) -> int:
    """Sorted document numbers as a bitmap."""
    if not ids:
        return 0
    if len(ids) * 32 < ids[-1]:  # sparse: a Python step per document
        buf = bytearray((ids[-1] >> 3) + 1)
        for doc in ids:
            buf[doc >> 3] |= 1 << (doc & 7)
        return int.from_bytes(buf, "little")
    # Dense: a byte per document, set in C; then bit k of each output byte is every eighth
    # byte from k on (values 0 or 1, shifted by k: no carries between bytes).
    buf = bytearray(ids[-1] + 8)
    deque(map(buf.__setitem__, ids, itertools.repeat(1)), maxlen=0)
    bits = 0
    for k in range(8):
        bits |= int.from_bytes(buf[k::8], "little") << k
    return bits


def ids_from_bits(bits: int, limit: int | None = None, few: bool = False) -> list[int]:
    """A bitmap's document numbers, in order (the first `limit` of them, if given). `few`:
    the caller knows it holds only a few (they are then taken from the top, one at a time:
    a bit_length and an XOR that shortens the int, cheaper than converting every bit to
    bytes and looking for the non-zero ones)."""
    if few:
        out = []
        while bits:
            highest = bits.bit_length() - 1
            out.append(highest)
            bits ^= 1 << highest
        out.reverse()
        return out if limit is None else out[:limit]
    size = (bits.bit_length() + 7) >> 3
    if limit is None and bits.bit_count() > 200:
        # Many: spread to a byte per document (bit k of every byte goes to every eighth byte
        # from k on, in C), then find the ones.
        ones = int.from_bytes(b"\x01" * size, "little")
        spread = bytearray(size * 8)
        for k in range(8):
            spread[k::8] = ((bits >> k) & ones).to_bytes(size, "little")
        return [hit.start() for hit in _ONE.finditer(spread)]
    raw = bits.to_bytes(size, "little")
    out: list[int] = []
    for hit in _NONZERO.finditer(raw):
        at = hit.start()
        start = at << 3
        out.extend([start + bit for bit in _BITS_OF_BYTE[raw[at]]])
        if limit is not None and len(out) >= limit:
            return out[:limit]
    return out


def bytes_from_bits(bits: int, size: int) -> bytearray:
    """A bitmap of `size` documents as one byte per document (1: in it, 0: not), spread in C
    (bit k of every byte goes to every eighth byte from k on): for itertools.compress."""
    nbytes = (size + 7) >> 3
    ones = int.from_bytes(b"\x01" * nbytes, "little")
    spread = bytearray(nbytes * 8)
    for k in range(8):
        spread[k::8] = ((bits >> k) & ones).to_bytes(nbytes, "little")
    return spread


def values_per_document(live: int, bitmaps: list[int]) -> int:
    """n when every live document is in exactly n >= 1 of the bitmaps (each within `live`),
    else 0: the bitmaps are added up bit-sliced (planes[j]: bit j of each document's count)."""
    planes: list[int] = []
    for bits in bitmaps:
        if bits & ~live:
            return 0
        for j in range(len(planes)):
            planes[j], bits = planes[j] ^ bits, planes[j] & bits
            if not bits:
                break
        if bits:
            planes.append(bits)
    n = 0
    for j, plane in enumerate(planes):
        if plane == live:
            n |= 1 << j
        elif plane:
            return 0
    return n if live else 0


def coverage_tiers(bitmaps: list[int]) -> list[int]:
    """Documents by how many of the bitmaps hold them: the bitmap of those in all of them, then
    of those in all but one, ... down to those in one (bit-sliced counting, no per-document
    step)."""
    n = len(bitmaps)
    at_least = [-1] + [0] * (n + 1)  # at_least[k]: the documents in k bitmaps or more
    for bits in bitmaps:
        for k in range(n, 0, -1):
            at_least[k] |= at_least[k - 1] & bits
    return [at_least[k] & ~at_least[k + 1] for k in range(n, 0, -1)]
