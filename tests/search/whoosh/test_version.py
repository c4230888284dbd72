"""The engine refuses another Whoosh release, and an index of another format is never read."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kb.search.backends import IndexStatus, SearchUnavailable, get_backend
from kb.search.backends.base import IndexNeedsRebuild, SearchRequest
from kb.search.backends.whoosh.version import FORMAT_FILE, FORMAT_VERSION
from kb.search.maintenance import index_check, index_rebuild
from kb.search.query import parse

ROOT = Path(__file__).resolve().parents[3]


def test_another_whoosh_release_is_refused_at_import_with_the_reason():
    code = (
        "import django; django.setup(); import whoosh; whoosh.__version__ = (2, 7, 4); "
        "import kb.search.backends.whoosh"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={"DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_DEBUG": "1", "PATH": ""},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "ImportError: kb.search.backends.whoosh is written against Whoosh 2.7.5 "
        "(whoosh-reloaded, see requirements.txt); Whoosh 2.7.4 is installed"
    )


@pytest.fixture
def indexed(documents, settings, tmp_path):
    settings.KENES_SEARCH_BACKEND = "whoosh"
    settings.KENES_INDEX_DIR = tmp_path / "index"
    index_rebuild(backend=get_backend())
    return get_backend()


def test_the_index_carries_the_format_version(indexed):
    assert (indexed.path / FORMAT_FILE).read_text() == f"kenes-whoosh-format {FORMAT_VERSION}\n"
    assert indexed.index_problem() is None
    assert index_check(backend=indexed) == IndexStatus([], [], [], 0)


def test_an_index_of_another_format_needs_a_rebuild_and_is_not_read(indexed):
    assert indexed.search(SearchRequest(parse("torture"))).total == 8
    (indexed.path / FORMAT_FILE).write_text(f"kenes-whoosh-format {FORMAT_VERSION + 1}\n")

    with pytest.raises(IndexNeedsRebuild) as raised:
        indexed.search(SearchRequest(parse("torture")))
    reason = (
        f"rebuild needed: the index at {indexed.path} is of format "
        f"'kenes-whoosh-format {FORMAT_VERSION + 1}'; this Kenes reads "
        f"'kenes-whoosh-format {FORMAT_VERSION}'"
    )
    assert str(raised.value) == reason
    assert isinstance(raised.value, SearchUnavailable)  # the pages' 503
    with pytest.raises(CommandError) as failed:
        call_command("check_index")
    assert str(failed.value) == f"The index cannot be read: {reason}. Run manage.py rebuild_index."
    with indexed.writer() as writer:
        assert writer is None  # changes stay queued

    index_rebuild(backend=indexed)
    assert indexed.search(SearchRequest(parse("torture"))).total == 8
    call_command("check_index", verbosity=0)


def test_an_index_without_a_format_file_needs_a_rebuild(indexed):
    (indexed.path / FORMAT_FILE).unlink()
    assert indexed.index_problem() == (
        f"rebuild needed: the index at {indexed.path} carries no format version "
        "(an older or unfinished index)"
    )
