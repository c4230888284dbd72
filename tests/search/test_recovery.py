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
from kb.search.backends.whoosh import backend as whoosh_backend
from kb.search.backends.whoosh.storage import MappedStorage
from kb.search.documents import all_docs
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


def finish_rebuilds() -> None:
    """Wait for this process's background rebuilds."""
    for thread in threading.enumerate():
        if thread.name.startswith("kenes-index-rebuild"):
            thread.join(timeout=120)
            assert not thread.is_alive()


def rebuilds_logged(caplog) -> list[str]:
    """What the operator's log says the background rebuilds did (counted there: a rebuild that
    has finished is no longer among the running threads)."""
    return [r.getMessage() for r in caplog.records if r.name == "kb.search.recovery"]


def rebuilt_once(site) -> list[str]:
    records = len(site.stored_digests())
    return [f"search index at {site.path} rebuilt: {records} records"]


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


def test_a_deleted_index_folder_answers_503_then_comes_back_whole(site, client, caplog):
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

    finish_rebuilds()
    # Once, though a save and two searches found the loss.
    assert [m for m in rebuilds_logged(caplog) if "rebuilt:" in m] == rebuilt_once(site)
    assert_whole_again(client, site, complete)


def truncate_the_table_of_contents(site):
    (toc,) = site.path.glob("_MAIN_*.toc")
    toc.write_bytes(toc.read_bytes()[: toc.stat().st_size // 2])


def test_a_truncated_table_of_contents_is_rebuilt_whole(site, client, caplog):
    complete = api_search(client).json()["count"]
    truncate_the_table_of_contents(site)

    rename_a_topic()
    response = api_search(client)  # during the rebuild or after it: never a partial count
    if response.status_code == 200:
        assert response.json()["count"] == complete
    else:
        assert (response.status_code, response["Retry-After"]) == (503, "30")

    finish_rebuilds()
    logged = rebuilds_logged(caplog)
    assert len(logged) == 2, logged
    assert logged[0].startswith(f"search index: the index at {site.path} cannot be opened: ")
    assert logged[0].endswith("; rebuilding it in the background")
    assert logged[1:] == rebuilt_once(site)
    assert_whole_again(client, site, complete)


def test_a_search_that_found_the_folder_marked_complete_just_before_the_rebuild_replaced_it(
    site, client, settings, monkeypatch
):
    """A search checks the folder's format mark, then opens the index: a rebuild that replaced
    the folder in between must not hand it the new index before it is filled (it answered
    200 with no results)."""
    settings.KENES_INDEX_AUTO_REBUILD = False  # the rebuild below is the only one
    complete = api_search(client).json()["count"]
    truncate_the_table_of_contents(site)
    docs = list(all_docs())
    filling, go = threading.Event(), threading.Event()

    def slow_docs():
        filling.set()  # the rebuild has made its new index and is filling it
        assert go.wait(timeout=60)
        yield from docs

    rebuild = threading.Thread(target=type(site)(site.path).rebuild, args=(slow_docs(),))
    checked = whoosh_backend.format_problem

    def check_then_let_the_rebuild_start(path):
        problem = checked(path)
        if threading.current_thread() is threading.main_thread() and rebuild.ident is None:
            rebuild.start()
            assert filling.wait(timeout=60)
        return problem

    monkeypatch.setattr(whoosh_backend, "format_problem", check_then_let_the_rebuild_start)
    try:
        response = api_search(client)
    finally:
        go.set()
        rebuild.join(timeout=120)
    assert not rebuild.is_alive()
    assert (response.status_code, response.get("Retry-After")) == (503, "30")
    assert api_search(client).json()["count"] == complete


def test_a_commit_landing_while_the_index_is_opened_is_not_taken_for_damage(
    site, client, caplog, monkeypatch
):
    """Opening the index lists its folder for the newest table of contents: another process
    committing before it is read deletes it. The save or search that met it reads the new
    one: no change left queued, no 503, no rebuild."""
    complete = api_search(client).json()["count"]
    listed = MappedStorage.list
    listings, commits = [], []

    def list_then_another_process_commits(storage):
        names = listed(storage)
        listings.append(names)
        if len(listings) == 1:
            with type(site)(site.path).writer() as other:
                other.remove(["topic:0"])  # no such record: a commit that changes nothing
            commits.append(names)
        return names

    monkeypatch.setattr(MappedStorage, "list", list_then_another_process_commits)
    topic = rename_a_topic()  # its update opens the index for writing
    assert len(commits) == 1
    assert not PendingChange.objects.filter(key=f"topic:{topic.pk}").exists()

    listings.clear()
    commits.clear()
    response = api_search(client)  # the save changed the index: the search opens it again
    assert len(commits) == 1
    assert (response.status_code, response.json()["count"]) == (200, complete)
    finish_rebuilds()
    assert rebuilds_logged(caplog) == []
    monkeypatch.undo()
    assert_whole_again(client, site, complete)


def test_without_the_automatic_rebuild_changes_wait_for_rebuild_index(
    site, client, settings, caplog
):
    settings.KENES_INDEX_AUTO_REBUILD = False
    complete = api_search(client).json()["count"]
    shutil.rmtree(site.path)

    topic = rename_a_topic()
    assert api_search(client).status_code == 503
    finish_rebuilds()
    assert rebuilds_logged(caplog) == []
    assert not site.path.exists()
    assert PendingChange.objects.filter(key=f"topic:{topic.pk}").exists()

    call_command("rebuild_index", verbosity=0)
    assert_whole_again(client, site, complete)
