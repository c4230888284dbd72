"""A lost or damaged index comes back whole, without a person (kb/search/recovery.py).

The index folder deleted, or its table of contents truncated, while the site runs: a save leaves
its change queued instead of writing an index of that one record; search answers 503 with
Retry-After until a full rebuild has run (never a partial answer presented as complete); the
process that found the loss rebuilds in the background, then applies the queue.
"""

import shutil
import threading

import pytest
from django.core.cache import caches
from django.core.management import call_command

from kb.models import Topic
from kb.search.backends import get_backend
from kb.search.backends.base import RETRY_AFTER_SECONDS
from kb.search.maintenance import index_check, index_rebuild
from kb.search.models import PendingChange

pytestmark = pytest.mark.django_db(transaction=True)  # the rebuild thread reads what we commit

QUERY = "kazakhstan"


@pytest.fixture
def index_dir(settings, tmp_path):
    settings.KENES_SEARCH_BACKEND = "whoosh"
    settings.KENES_INDEX_DIR = tmp_path / "index"
    return settings.KENES_INDEX_DIR


@pytest.fixture
def site(index_dir, settings):
    """The documents loaded (committed: not the `documents` fixture, whose bulk restore needs
    a transaction around it) and indexed, and the automatic rebuild on (tests/env.py turns it
    off)."""
    call_command("load_documents", verbosity=0)
    index_rebuild(backend=get_backend())
    settings.KENES_INDEX_AUTO_REBUILD = True
    caches["throttle"].clear()  # the API's anonymous throttle
    yield get_backend()
    finish_rebuilds()


def finish_rebuilds() -> int:
    """Wait for this process's background rebuilds; how many there were."""
    threads = [t for t in threading.enumerate() if t.name.startswith("kenes-index-rebuild")]
    for thread in threads:
        thread.join(timeout=120)
        assert not thread.is_alive()
    return len(threads)


def api_search(client, q=QUERY):
    return client.get("/api/search/", {"q": q}, HTTP_ACCEPT="application/json")


def rename_a_topic() -> Topic:
    topic = Topic.objects.get(slug="gender")
    topic.name = "Gender equality zzrenamed"
    topic.save()  # autocommit: the index update runs now
    return topic


def assert_whole_again(client, site, complete: int):
    assert api_search(client).json()["count"] == complete
    status = index_check(backend=site)
    assert (status.missing, status.stale, status.extra, status.pending) == ([], [], [], 0)
    call_command("check_index", verbosity=0)  # exits 0
    found = api_search(client, "zzrenamed").json()["results"]
    # The topic, and its child topic (whose record names its parent), among the records tagged.
    assert [hit["title"] for hit in found if hit["type"] == "topic"] == [
        "Gender equality zzrenamed",
        "Gender-based violence",
    ]


def test_a_deleted_index_folder_answers_503_then_comes_back_whole(site, client):
    complete = api_search(client).json()["count"]
    assert complete > 20
    shutil.rmtree(site.path)

    # Hold the rebuild back, to see what the site answers until it has run.
    with site.rebuild_lock():
        topic = rename_a_topic()
        assert not site.path.exists()  # no index of that one record
        assert PendingChange.objects.filter(key=f"topic:{topic.pk}").exists()
        api = api_search(client)
        page = client.get("/search/", {"q": QUERY})
    assert api.status_code == 503
    assert api["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert api.json() == {"detail": "Search is being rebuilt; try again in a minute."}
    assert page.status_code == 503
    assert page["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "Search is being rebuilt." in page.content.decode()

    assert finish_rebuilds() == 1  # once, though a save and two searches found the loss
    assert_whole_again(client, site, complete)


def test_a_truncated_table_of_contents_is_rebuilt_whole(site, client):
    complete = api_search(client).json()["count"]
    (toc,) = site.path.glob("_MAIN_*.toc")
    toc.write_bytes(toc.read_bytes()[: toc.stat().st_size // 2])

    rename_a_topic()
    response = api_search(client)  # during the rebuild or after it: never a partial count
    if response.status_code == 200:
        assert response.json()["count"] == complete
    else:
        assert (response.status_code, response["Retry-After"]) == (503, "30")

    assert finish_rebuilds() == 1
    assert_whole_again(client, site, complete)


def test_without_the_automatic_rebuild_changes_wait_for_rebuild_index(site, client, settings):
    settings.KENES_INDEX_AUTO_REBUILD = False
    complete = api_search(client).json()["count"]
    shutil.rmtree(site.path)

    topic = rename_a_topic()
    assert api_search(client).status_code == 503
    assert finish_rebuilds() == 0
    assert not site.path.exists()
    assert PendingChange.objects.filter(key=f"topic:{topic.pk}").exists()

    call_command("rebuild_index", verbosity=0)
    assert_whole_again(client, site, complete)
