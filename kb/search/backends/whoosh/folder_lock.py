"""The lock a rebuild holds on an index folder: across processes, and through the folder's
deletion (Whoosh's own write lock is a file inside the folder, so it cannot guard replacing
the folder). Reentrant within a thread: the automatic rebuild holds it around the whole
recovery, and the rebuild it runs takes it again."""

from __future__ import annotations

import fcntl
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from ..base import SearchUnavailable

_LOCKS: dict[str, FolderLock] = {}
_LOCKS_GUARD = threading.Lock()


class FolderLock:
    def __init__(self, path: Path):
        self.lock_path = path.parent / f".{path.name}.rebuild-lock"
        self._thread_lock = threading.RLock()
        self._depth = 0
        self._file = None

    @classmethod
    def of(cls, path: Path) -> FolderLock:
        with _LOCKS_GUARD:
            lock = _LOCKS.get(str(path))
            if lock is None:
                lock = _LOCKS[str(path)] = cls(path)
            return lock

    @contextmanager
    def held(self, *, timeout: float = 60.0):
        if not self._thread_lock.acquire(timeout=timeout):
            raise SearchUnavailable("another thread is rebuilding the index")
        try:
            if not self._depth:
                self._file = self._acquire(timeout)
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
                if not self._depth:
                    fcntl.flock(self._file, fcntl.LOCK_UN)
                    self._file.close()
                    self._file = None
        finally:
            self._thread_lock.release()

    def _acquire(self, timeout: float):
        self.lock_path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.lock_path, "a+b")  # noqa: SIM115 (held until released above)
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return handle
            except BlockingIOError:
                if time.monotonic() > deadline:
                    handle.close()
                    raise SearchUnavailable("another process is rebuilding the index") from None
                time.sleep(0.1)
