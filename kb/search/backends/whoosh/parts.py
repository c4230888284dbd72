"""Our own parts of a segment, written beside Whoosh's in its compound file, and their readers.

- weight classes (".kbc"): each long posting list's documents grouped by weight, as bitmaps
  (codec.ClassWritingFieldWriter writes them; ranking and matching read them);
- page entries (".kbp"): what a result page shows of each document
  (codec.PageWritingPerDocWriter writes them).

Each part ends with its index, then 8 bytes saying where that index starts.
"""

from __future__ import annotations

import marshal
import pickle
import zlib
from array import array
from typing import NamedTuple

from ... import localized
from ...highlight import layout
from .bitmaps import bits_from_ids

# A term with at least this many postings in a segment also gets its weight classes written;
# a shorter one is read from its posting blocks, which costs little.
CLASS_MIN_POSTINGS = 64
# ".kbw" (read, no longer written) kept a sparse class as its document numbers and no counts.
CLASSES_EXT, OLD_CLASSES_EXT = ".kbc", ".kbw"
STORED_AS_IDS, STORED_AS_BITMAP, STORED_AS_PACKED_BITMAP = 0, 1, 2  # packed: zlib-compressed
PAGES_EXT = ".kbp"


class WeightClass(NamedTuple):
    """A term's documents of one weight in a segment."""

    weight: float
    shortest: int | None  # the shortest field length among them (None: not known)
    bits: int  # their bitmap
    size: int | None  # how many, when known without counting


class PageEntry(NamedTuple):
    """What a result page shows of a document (stored fields, missing ones as the page reads
    them), and the body's word layout for its snippet (None when not stored)."""

    key: str | None
    type: str | None
    title: str | None
    url: str | None
    slug: str
    body: str
    figures: str
    day: int
    # The hit in the other languages (kb.search.localized): the stored JSON, or in a page
    # entry as written, localized.with_layouts().
    languages: str | dict
    body_layout: tuple | None


# The stored fields a page entry holds, with the value the page reads when one is missing.
PAGE_FIELDS = (("key", None), ("type", None), ("title", None), ("url", None), ("slug", ""),
               ("body", ""), ("figures", ""), ("day", 0), ("languages", ""))  # fmt: skip


def page_entry(stored: dict) -> PageEntry:
    """A page entry from a document's stored fields, with no body layout."""
    return PageEntry(*(stored.get(name, default) for name, default in PAGE_FIELDS), None)


def open_part(storage, segment, ext, reader):
    """reader(file, length) over the segment's part `ext`, or None when it was written
    without it."""
    name = segment.make_filename(ext)
    if not storage.file_exists(name):
        return None
    return reader(storage.open_file(name), storage.file_length(name))


def end_part(dbfile, index: bytes) -> None:
    """Close one of our parts: its index, then where the index starts (part_index reads it)."""
    where = dbfile.tell()
    dbfile.write(index)
    dbfile.write(where.to_bytes(8, "little"))
    dbfile.close()


def part_index(dbfile, length) -> bytes:
    where = int.from_bytes(dbfile.get(length - 8, 8), "little")
    return dbfile.get(where, length - 8 - where)


class WeightClassReader:
    """A segment's weight classes (see codec.ClassWritingFieldWriter)."""

    def __init__(self, dbfile, length):
        self._file = dbfile
        # The index folder is written by this package only (as Whoosh unpickles its blocks).
        self.index = pickle.loads(part_index(dbfile, length))  # noqa: S301

    def get(self, fieldname, btext) -> list[WeightClass] | None:
        """The term's classes, highest weight first; None when the term has too few postings
        to have them."""
        found = self.index.get((fieldname, btext))
        if found is None:
            return None
        out = []
        for weight, shortest, kind, stored, *count in pickle.loads(self._file.get(*found)):  # noqa: S301
            size = count[0] if count else None
            if kind == STORED_AS_PACKED_BITMAP:
                bits = int.from_bytes(zlib.decompress(stored), "little")
            elif kind == STORED_AS_BITMAP:
                bits = int.from_bytes(stored, "little")
            else:  # (.kbw) the document numbers
                docs = array("I")
                docs.frombytes(stored)
                bits, size = bits_from_ids(docs), len(docs)
            out.append(WeightClass(weight, shortest, bits, size))
        return out


def encode_page_entry(entry: PageEntry) -> bytes:
    """A page entry as written, with its body's layout; or a marker read as None when its
    values are not plain."""
    languages = localized.with_layouts(entry.languages) if entry.languages else ""
    try:
        return marshal.dumps((*entry[:-2], languages, layout(entry.body or "")), 4)
    except (TypeError, ValueError):
        return marshal.dumps(None)  # read through Whoosh instead


class PageEntryReader:
    """A segment's page entries (see codec.PageWritingPerDocWriter)."""

    def __init__(self, dbfile, length):
        self._file = dbfile
        self._ends = array("Q")
        self._ends.frombytes(part_index(dbfile, length))

    def get(self, doc) -> PageEntry | None:
        start = self._ends[doc]
        # The index folder is written by this package only (as Whoosh unpickles its blocks).
        found = marshal.loads(self._file.get(start, self._ends[doc + 1] - start))  # noqa: S302
        return None if found is None else PageEntry._make(found)

    def close(self):
        self._file.close()
