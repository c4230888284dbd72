"""What sql.prepare answered (stems, name expansions, which keys the vocabulary holds), kept
in this process: a query asked again is searched in one round trip instead of two.

Stems never change; a name's expansions change when the vocabulary grows, which a write through
any web server may do. Each answer carries the index's generation (a token every index write
replaces, read in the same statement); the search statement reads the token again, and a search
whose answer is older is run again with fresh ones (PostgresBackend.search). So an edit saved
through another server is seen by the next search here, as before.
"""

from __future__ import annotations

from collections import OrderedDict
from threading import Lock

from . import sql

SIZE = 2000  # answers kept; a few hundred bytes each
_answers: OrderedDict[tuple, sql.Prepared] = OrderedDict()
_lock = Lock()


def prepare(
    texts: list[tuple[str, str]],
    wanted: list[tuple[str, str, int]],
    limit: int,
    asked: list[tuple[str, str]],
) -> sql.Prepared:
    key = (tuple(texts), tuple(wanted), limit, tuple(asked))
    with _lock:
        answer = _answers.get(key)
        if answer is not None:
            _answers.move_to_end(key)
            return answer
    answer = sql.prepare(texts, wanted, limit, asked)
    if answer.generation is not None:
        with _lock:
            _answers[key] = answer
            while len(_answers) > SIZE:
                _answers.popitem(last=False)
    return answer


def forget() -> None:
    """Drop every answer: the index has a new generation."""
    with _lock:
        _answers.clear()
