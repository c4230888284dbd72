# ruff: noqa: F811  (pytest fixtures imported from tests.search.test_searching, used as arguments)
"""The index follows every change after commit, through the ORM, the admin's path and fixtures."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection

from kb.enums import EventPersonRole
from kb.models import Event, EventPerson, Person, Question, Topic
from kb.search.backends import get_backend
from kb.search.indexing import drain
from kb.search.maintenance import index_check, index_rebuild
from kb.search.models import PendingChange
from kb.search.searching import search_run
from tests.search.test_searching import indexed, search_backend  # noqa: F401 (fixtures)

ROOT = Path(__file__).resolve().parents[2]


def titles(q, **params):
    return [h.title for h in search_run(params={"q": q, "per_page": 100, **params}).page.hits]


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what the block commits' on_commit callbacks (the index update) when it ends."""

    def block():
        return django_capture_on_commit_callbacks(execute=True)

    return block


def test_loading_the_fixtures_queues_everything_and_the_drain_indexes_it(db, search_backend):
    # An empty index to drain into (a missing one is only ever rebuilt whole: test_recovery.py).
    get_backend().clear()
    call_command("load_documents", verbosity=0)  # raw saves: queued, not yet applied
    assert PendingChange.objects.exists()
    drain()
    assert PendingChange.objects.count() == 0
    status = index_check(backend=get_backend())
    assert (status.missing, status.stale, status.extra) == ([], [], [])
    assert titles("person:zhovtis")[0] == "Yevgeniy Zhovtis"


def test_an_edit_is_found_after_commit(indexed, commit):
    event = Event.objects.get(slug="kazakhstans-bloody-january-2023-12-07")
    with commit():
        event.title = "Qantar remembered: a roundtable"
        event.save()
    assert titles("roundtable", type="event") == ["Qantar remembered: a roundtable"]
    assert "Yevgeniy Zhovtis" in titles("roundtable", type="person")  # "Speaker at ..."
    assert titles('"protest motivations"', type="event") == []  # a phrase: no looser reading
    assert index_check(backend=get_backend()).ok


def test_unpublishing_and_deleting_remove_the_record(indexed, commit):
    topic = Topic.objects.get(slug="internet-shutdowns")
    with commit():
        topic.published = False
        topic.save()
    assert "Internet shutdowns" not in titles("internet")
    question = Question.objects.get(number=8)
    with commit():
        question.delete()
    assert titles("internet", type="question") == []
    assert index_check(backend=get_backend()).ok


def test_a_speaker_added_to_an_event_shows_in_a_person_search(indexed, commit):
    event = Event.objects.get(slug="kazakhstans-bloody-january-2023-12-07")
    with commit():
        newcomer = Person.objects.create(name="Dinara Qwertybekova", slug="dq", published=True)
    assert titles("person:qwertybekova") == ["Dinara Qwertybekova"]
    with commit():
        EventPerson.objects.create(
            event=event, person=newcomer, role=EventPersonRole.DISCUSSANT, position=7
        )
    assert titles("person:qwertybekova") == ["Dinara Qwertybekova", event.title]
    with commit():
        EventPerson.objects.filter(person=newcomer).delete()
    assert titles("person:qwertybekova") == ["Dinara Qwertybekova"]


def test_topic_links_follow_many_to_many_changes(indexed, commit):
    event = Event.objects.get(slug="kazakhstans-bloody-january-2023-12-07")
    gender = Topic.objects.get(slug="gender")
    assert event.title not in titles("topic:gender")
    with commit():
        event.topics.add(gender)
    assert event.title in titles("topic:gender")
    with commit():
        gender.events.remove(event)  # from the other side
    assert event.title not in titles("topic:gender")
    with commit():
        event.topics.clear()
    assert event.title not in titles("topic:torture")
    assert index_check(backend=get_backend()).ok


def test_renaming_a_person_updates_the_events_they_spoke_at(indexed, commit):
    person = Person.objects.get(slug="serik-beissembayev")
    with commit():
        person.name = "Serik Beissembayev-Qwerty"
        person.save()
    assert "Kazakhstan’s Bloody January" in titles("qwerty")[1]
    assert index_check(backend=get_backend()).ok


def test_withholding_a_person_takes_them_out_of_their_events_too(indexed, commit):
    person = Person.objects.get(slug="yevgeniy-zhovtis")
    with commit():
        person.is_public = False
        person.save()
    assert titles("person:zhovtis") == []
    assert titles("zhovtis", type="person") == []
    assert index_check(backend=get_backend()).ok


def test_a_change_made_while_another_writer_holds_the_lock_stays_queued(indexed, commit):
    backend = get_backend()
    topic = Topic.objects.get(slug="gender")
    with backend.writer(timeout=1) as holder:
        assert holder is not None
        with commit():
            topic.name = "Gender and Qwertyness"
            topic.save()
        if search_backend_is_whoosh():
            # The drain after commit could not take the lock: the change waits in the queue.
            assert PendingChange.objects.filter(key=f"topic:{topic.pk}").exists()
    drain()
    assert titles("qwertyness", type="topic")[0] == "Gender and Qwertyness"


def search_backend_is_whoosh():
    return django_settings.KENES_SEARCH_BACKEND == "whoosh"


# --- two real processes -------------------------------------------------------------------------

WRITER = textwrap.dedent(
    """
    import sys
    from kb.models import Topic
    tag = sys.argv[-1]
    for i in range(25):
        Topic.objects.create(name=f"Concurrent {tag} {i}", slug=f"c-{tag}-{i}", kind="theme",
                             published=True)
    """
)


def _process_database(tmp_path):
    """A database the subprocesses share: a SQLite file, or a fresh PostgreSQL database."""
    if connection.vendor != "postgresql":
        return f"sqlite:///{tmp_path / 'procs.sqlite3'}", None
    import psycopg

    params = connection.settings_dict
    name = f"{connection.settings_dict['NAME']}_procs"
    host = params.get("HOST") or "127.0.0.1"
    base = f"postgres://{params.get('USER') or 'postgres'}@{host}:{params.get('PORT') or 5432}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return f"{base}/{name}", drop


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["whoosh", "postgres"])
def test_two_processes_saving_at_once_lose_no_change(tmp_path, backend):
    if backend == "postgres" and connection.vendor != "postgresql":
        pytest.skip("PostgreSQL backend: the database is not PostgreSQL (set DATABASE_URL)")
    url, drop = _process_database(tmp_path)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "KENES_INDEX_DIR": str(tmp_path / "index"),
        "KENES_SEARCH_BACKEND": backend,
        "DJANGO_DEBUG": "1",
    }
    env.pop("KENES_TEST_DB_NAME", None)
    manage = [sys.executable, str(ROOT / "manage.py")]
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    try:
        subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT, timeout=300)
        # As `make setup` does: an index to write into (a missing one is only rebuilt whole).
        subprocess.run(
            [*manage, "rebuild_index", "-v0"], env=env, check=True, cwd=ROOT, timeout=300
        )
        code = f"import sys; sys.argv=['w', TAG]; exec(open({str(script)!r}).read())"
        writers = [
            subprocess.Popen(
                [*manage, "shell", "-c", code.replace("TAG", repr(tag))],
                env=env,
                cwd=ROOT,
                stderr=subprocess.PIPE,
            )
            for tag in ("a", "b")
        ]
        for proc in writers:
            _out, err = proc.communicate(timeout=300)
            assert proc.returncode == 0, err.decode()
        check = subprocess.run(
            [*manage, "check_index"], env=env, cwd=ROOT, capture_output=True, timeout=300
        )
        assert check.returncode == 0, check.stdout.decode() + check.stderr.decode()
        count = subprocess.run(
            [
                *manage,
                "shell",
                "-c",
                "from kb.search.searching import search_run;"
                "print(search_run(params={'q': 'concurrent', 'type': 'topic'}).page.total)",
            ],
            env=env,
            cwd=ROOT,
            capture_output=True,
            timeout=300,
        )
        assert count.stdout.decode().strip().splitlines()[-1] == "50"
    finally:
        if drop:
            drop()


def test_rebuild_replaces_everything_and_empties_the_queue(indexed):
    Topic.objects.filter(slug="gender").update(name="Silently renamed")  # no signal
    assert (
        f"topic:{Topic.objects.get(slug='gender').pk}" in index_check(backend=get_backend()).stale
    )
    index_rebuild(backend=get_backend())
    assert index_check(backend=get_backend()).ok
    assert PendingChange.objects.count() == 0


def test_rebuild_replaces_an_index_written_with_an_older_schema(documents, settings, tmp_path):
    from whoosh import fields, index

    from kb.search.backends import get_backend
    from kb.search.maintenance import index_rebuild
    from kb.search.searching import search_run

    settings.KENES_SEARCH_BACKEND = "whoosh"
    settings.KENES_INDEX_DIR = tmp_path / "old-index"
    settings.KENES_INDEX_DIR.mkdir()
    index.create_in(str(settings.KENES_INDEX_DIR), fields.Schema(key=fields.ID(stored=True)))

    index_rebuild(backend=get_backend())

    assert search_run(params={"q": "Zhovtis"}).page.hits
