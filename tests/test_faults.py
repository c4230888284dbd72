"""Faults while the site runs (a real gunicorn, its own database and index folder).

The search index folder deleted or corrupted: pages keep serving, search says it is being
rebuilt (503), and `manage.py rebuild_index` brings it back without restarting the site.
Two processes saving at once are covered by tests/search/test_indexing.py
(test_two_processes_saving_at_once_lose_no_change).
"""

import os
import secrets
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.public_outputs import needs_search
from tests.servers import get, start_gunicorn

pytestmark = [pytest.mark.slow, pytest.mark.own_site, needs_search]

BASE_DIR = Path(__file__).resolve().parent.parent
EVENT = "/events/kazakhstans-bloody-january-2023-12-07/"
SEARCH = "/search/?q=Zhovtis"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A production-style site: migrated, the documents loaded, indexed, served by gunicorn."""
    work = tmp_path_factory.mktemp("faults")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "KENES_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        KENES_MANIFEST_STATIC="0",
        KENES_VAR_DIR=str(work),
        KENES_INDEX_DIR=str(work / "index"),
        DATABASE_URL=f"sqlite:///{work / 'kenes.sqlite3'}",
    )

    def manage(*args):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    manage("migrate", "--noinput", "-v0")
    manage("load_documents", "-v0")
    manage("rebuild_index", "-v0")
    server, base = start_gunicorn(cwd=BASE_DIR, env=env, log=work / "gunicorn.log", workers=2)
    yield {"base": base, "index": work / "index", "manage": manage}
    server.terminate()
    server.wait(timeout=30)


def fresh(path: str) -> str:
    """The address with a parameter search ignores: never served from the page cache."""
    return f"{path}&fresh={uuid.uuid4().hex}"


def assert_search_works(base):
    status, body = get(base, fresh(SEARCH))
    assert status == 200
    assert "/people/yevgeniy-zhovtis/" in body


def assert_site_up_and_search_rebuilding(base):
    for path in ["/", EVENT, "/people/", "/surveys/january-events-survey-2023/"]:
        assert get(base, path)[0] == 200, path
    status, body = get(base, fresh(SEARCH))
    assert status == 503
    assert "Search is being rebuilt." in body
    assert "Traceback" not in body


def test_index_folder_deleted_while_the_site_runs(site):
    base = site["base"]
    assert_search_works(base)

    shutil.rmtree(site["index"])

    assert_site_up_and_search_rebuilding(base)
    assert "Indexed" in site["manage"]("rebuild_index")
    assert_search_works(base)


@pytest.mark.parametrize("damage", ["garbage", "emptied", "segments-gone"])
def test_index_corrupted_while_the_site_runs(site, damage):
    base = site["base"]
    assert_search_works(base)
    files = sorted(p for p in site["index"].iterdir() if p.is_file())
    assert files

    for path in files:
        if damage == "garbage":
            path.write_bytes(b"\x00not a whoosh index\xff" * 64)
        elif damage == "emptied":
            path.write_bytes(b"")
        elif path.suffix == ".seg":
            path.unlink()
    if damage == "segments-gone":
        assert not any(p.suffix == ".seg" for p in site["index"].iterdir())

    assert_site_up_and_search_rebuilding(base)
    site["manage"]("rebuild_index", "-v0")
    assert_search_works(base)
