"""The index folder, with compound segment files mapped into memory without copying.

Whoosh's own mmap path wraps each part of a segment (postings, terms, stored fields) in a
BytesIO, which copies it: every web process held the whole index twice. Here each part reads
straight from one read-only mapping, so only the pages a search touches are resident, shared
with the page cache. Reading files normally instead costs a system call per read.
"""

from __future__ import annotations

import mmap

from whoosh.filedb.compound import SubFile
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile


class MappedWindow(StructFile):
    """A part of a compound segment file: reads go to the mapping at the part's offset."""

    def __init__(self, mapped, offset, length, name=None):
        super().__init__(SubFile(mapped, offset, length, name=name), name=name)
        self._mapped, self._start, self._end = mapped, offset, offset + length

    def get(self, position, length):
        # Random access (term lookups, stored fields, posting blocks): one slice, no seek.
        start = self._start + position
        return self._mapped[start : min(start + length, self._end)]


class MappedFile(StructFile):
    """A compound segment file read through one read-only mmap; its parts are windows on it."""

    def subset(self, position, length, name=None):
        return MappedWindow(self.file, position, length, name=name)


class MappedStorage(FileStorage):
    """The index folder, its compound segment files (".seg") mapped."""

    def __init__(self, path):
        super().__init__(path, supports_mmap=False)  # so CompoundStorage asks for subset()

    def open_file(self, name, **kwargs):
        if name.endswith(".seg"):
            with open(self._fpath(name), "rb") as f:
                mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
            return MappedFile(mapped, name=name)
        return super().open_file(name, **kwargs)
