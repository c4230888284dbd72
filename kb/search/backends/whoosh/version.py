"""Which Whoosh this package is written against, and the version of what it writes to disk.

The engine reads Whoosh's private parts and writes parts of its own beside Whoosh's: another
Whoosh release could lay them out differently, so the package refuses to load on one. The index
folder carries FORMAT_VERSION in a small file written once an index is complete; an index of
another version (or none) is never read: search says it is being rebuilt, check_index says
"rebuild needed".
"""

from __future__ import annotations

import os
from pathlib import Path

import whoosh

WHOOSH_VERSION = (2, 7, 5)
if whoosh.__version__[:3] != WHOOSH_VERSION:
    raise ImportError(
        f"kb.search.backends.whoosh is written against Whoosh "
        f"{'.'.join(map(str, WHOOSH_VERSION))} (whoosh-reloaded, see requirements.txt); "
        f"Whoosh {whoosh.versionstring()} is installed"
    )

# Raise when what is written changes meaning (a part added or laid out differently, the schema,
# the analysers): indexes of another version are then rebuilt, never misread.
# 2: a hit's slug is stored (the API links a hit to its record without resolving its URL).
# 3: text_keys (other spellings of the names in the texts, parts of joined words); name keys
#    fold zh/j, q/k, gh/g, ts/c and keep numbers whole.
# 4: text_keys also hold the words run together in a name (UyatEmes: uyat, emes).
# 5: a hit's Russian and Kazakh title, text and figures are stored (kb.search.localized).
# 6: ordinary English words of titles and texts keyed as spelt, not folded (good is not God).
FORMAT_VERSION = 6
FORMAT_FILE = "kenes-format"  # in the index folder, beside Whoosh's table of contents
_FORMAT_TEXT = f"kenes-whoosh-format {FORMAT_VERSION}\n"


def write_format(path: Path) -> None:
    """Mark the index at `path` as complete and of this version (atomically)."""
    temporary = path / f"{FORMAT_FILE}.tmp"
    temporary.write_text(_FORMAT_TEXT, encoding="ascii")
    os.replace(temporary, path / FORMAT_FILE)


def format_problem(path: Path) -> str | None:
    """Why the index at `path` must be rebuilt before it is read, or None when it may be."""
    try:
        found = (path / FORMAT_FILE).read_text(encoding="ascii")
    except FileNotFoundError:
        if not path.exists():
            return f"the index folder {path} is missing"
        return f"the index at {path} carries no format version (an older or unfinished index)"
    except (OSError, UnicodeDecodeError) as exc:
        return f"the index format file at {path} cannot be read: {exc}"
    if found != _FORMAT_TEXT:
        return (
            f"the index at {path} is of format {found.strip()!r}; this Kenes reads "
            f"{_FORMAT_TEXT.strip()!r}"
        )
    return None
