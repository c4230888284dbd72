"""Whole-page caching for anonymous visitors: fast when nothing changes, fresh at once after an
edit (a save, a publish action, a link, withholding a person), in this process and others."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from model_bakery import baker

from kb import services
from kb.enums import EventPersonRole
from kb.models import Event, Person, Topic
from tests.public_outputs import needs_pages

BASE_DIR = Path(__file__).resolve().parent.parent
EVENT = "/events/an-event/"


@pytest.fixture
def caching(settings, tmp_path):
    settings.KENES_PAGE_CACHE_SECONDS = 600
    settings.KENES_CONTENT_STAMP = tmp_path / "content-version"
    cache.clear()
    yield settings
    cache.clear()


@pytest.fixture
def event(db):
    event = baker.make(
        Event, slug="an-event", title="First title", date="2023-12-07", published=True
    )
    person = baker.make(Person, slug="speaker", name="Aigerim Speaker", published=True)
    baker.make("kb.EventPerson", event=event, person=person, role=EventPersonRole.SPEAKER)
    return event


def test_a_second_visit_is_served_from_the_cache(caching, event, client, django_assert_num_queries):
    first = client.get(EVENT)
    with django_assert_num_queries(0):
        second = client.get(EVENT)

    assert second.status_code == 200
    assert second.content == first.content
    assert "First title" in second.text
    # The headers are the live ones, not stored ones.
    assert "default-src 'none'" in second["Content-Security-Policy"]
    assert second["X-Frame-Options"] == "DENY"


def test_an_edit_shows_at_once(caching, event, client, django_capture_on_commit_callbacks):
    assert "First title" in client.get(EVENT).text

    with django_capture_on_commit_callbacks(execute=True):
        event.title = "Second title"
        event.save()

    body = client.get(EVENT).text
    assert "Second title" in body
    assert "First title" not in body
    assert "Second title" in client.get("/events/").text


def test_publish_and_unpublish_actions_show_at_once(
    caching, event, client, django_capture_on_commit_callbacks
):
    draft = baker.make(Event, slug="a-draft", title="Draft title", date="2024-01-01")
    assert client.get("/events/a-draft/").status_code == 404
    assert "Draft title" not in client.get("/events/").text

    with django_capture_on_commit_callbacks(execute=True):
        services.records_publish(queryset=Event.objects.filter(pk=draft.pk), published=True)
    assert client.get("/events/a-draft/").status_code == 200
    assert "Draft title" in client.get("/events/").text

    with django_capture_on_commit_callbacks(execute=True):
        services.records_publish(queryset=Event.objects.filter(pk=event.pk), published=False)
    assert client.get(EVENT).status_code == 404


def test_staff_are_never_served_from_the_cache(caching, event, client):
    baker.make(Event, slug="a-draft", title="Draft title", date="2024-01-01")
    assert client.get("/events/a-draft/").status_code == 404  # cached? 404s never are
    staff = get_user_model().objects.create_user("editor", password="x" * 12, is_staff=True)
    client.force_login(staff)
    client.get("/admin/")  # where staff sign in: the session gets its staff mark

    assert client.get("/events/a-draft/").status_code == 200
    assert "Draft title" in client.get("/events/").text


def test_an_edit_in_another_process_invalidates_this_one(caching, event, client):
    """Workers share the content stamp: a bump by another process is seen here at once."""
    client.get(EVENT)
    Event.objects.filter(pk=event.pk).update(title="Changed without a signal here")
    assert "First title" in client.get(EVENT).text  # still the cached page

    env = {**os.environ, "KENES_CONTENT_STAMP": str(caching.KENES_CONTENT_STAMP)}
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); "
            "from kb.pagecache import content_version_bump; content_version_bump()",
        ],
        cwd=BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        check=True,
        timeout=60,
    )

    assert "Changed without a signal here" in client.get(EVENT).text


def test_error_pages_are_not_cached(caching, db, client):
    assert client.get("/events/not-yet/").status_code == 404
    baker.make(Event, slug="not-yet", title="Arrived", date="2024-01-01", published=True)
    # Created without on_commit here: only a fresh render can show it.
    assert client.get("/events/not-yet/").status_code == 200


@needs_pages
def test_a_related_edit_shows_at_once_on_other_pages(
    caching, event, client, django_capture_on_commit_callbacks
):
    assert "Aigerim Speaker" in client.get(EVENT).text

    with django_capture_on_commit_callbacks(execute=True):
        person = Person.objects.get(slug="speaker")
        person.name = "Aigerim Renamed"
        person.save()

    assert "Aigerim Renamed" in client.get(EVENT).text


@needs_pages
def test_withholding_a_person_removes_them_at_once(
    caching, event, client, django_capture_on_commit_callbacks
):
    assert "Aigerim Speaker" in client.get(EVENT).text
    assert client.get("/people/speaker/").status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        person = Person.objects.get(slug="speaker")
        person.is_public = False
        person.save()

    assert "Aigerim Speaker" not in client.get(EVENT).text
    assert client.get("/people/speaker/").status_code == 404


@needs_pages
def test_a_new_link_shows_at_once(caching, event, client, django_capture_on_commit_callbacks):
    topic = baker.make(Topic, slug="torture", name="Freedom from torture", published=True)
    assert "Freedom from torture" not in client.get(EVENT).text

    with django_capture_on_commit_callbacks(execute=True):
        event.topics.add(topic)

    assert "Freedom from torture" in client.get(EVENT).text


def test_the_host_is_part_of_the_key(caching, event, client, settings):
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
    first = client.get(EVENT, HTTP_HOST="localhost")
    assert "http://localhost/events/an-event/" in first.text

    other = client.get(EVENT, HTTP_HOST="127.0.0.1")
    secure = client.get(EVENT, HTTP_HOST="127.0.0.1", secure=True)

    assert "http://127.0.0.1/events/an-event/" in other.text
    assert "localhost" not in other.text
    assert "https://127.0.0.1/events/an-event/" in secure.text


def test_a_made_up_session_cookie_is_served_from_the_cache(
    caching, event, client, django_assert_num_queries
):
    client.get(EVENT)
    for bogus in ["x", "a" * 32, "made-up-session-cookie-value-0123"]:
        client.cookies["sessionid"] = bogus
        # No staff mark beside it: no look-up at all, the page is the cached one.
        with django_assert_num_queries(0):
            response = client.get(EVENT)
        assert response.status_code == 200
        assert "First title" in response.text


def test_a_signed_in_non_staff_user_is_served_from_the_cache(caching, event, client):
    client.get(EVENT)
    Event.objects.filter(pk=event.pk).update(title="Changed without a signal here")
    reader = get_user_model().objects.create_user("reader", password="x" * 12)
    client.force_login(reader)

    assert "First title" in client.get(EVENT).text


def test_a_staff_mark_works_only_with_its_own_session(caching, event, client):
    client.get(EVENT)
    Event.objects.filter(pk=event.pk).update(title="Changed without a signal here")
    staff = get_user_model().objects.create_user("editor", password="x" * 12, is_staff=True)
    client.force_login(staff)
    mark = client.get("/admin/").cookies["kenes_staff"]
    assert mark["httponly"] is True
    assert "Changed without a signal here" in client.get(EVENT).text  # fresh for staff

    visitor = Client()
    visitor.cookies["sessionid"] = "made-up-session-cookie-value-0123"
    visitor.cookies["kenes_staff"] = mark.value

    assert "First title" in visitor.get(EVENT).text  # cached, as for anyone


@pytest.fixture
def postgres_index_shared_cache(caching, tmp_path, db):
    """Several servers: the PostgreSQL index and a cache every process shares."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL backend: the database is not PostgreSQL (set DATABASE_URL)")
    caching.KENES_SEARCH_BACKEND = "postgres"
    caching.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "shared-cache"),
        }
    }
    return caching


def test_a_search_page_on_postgresql_is_cached_until_the_index_changes(
    postgres_index_shared_cache,
    event,
    client,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    from kb.search.backends import get_backend
    from kb.search.maintenance import index_rebuild

    index_rebuild(backend=get_backend())
    url = "/search/?q=first"
    event_hit = 'an-event/">First title</a></h2>'  # the event's own result (its speaker's too)
    assert event_hit in client.get(url).text
    with django_assert_num_queries(0):
        assert event_hit in client.get(url).text

    # The index alone changes (as when another server drains the queue): no content edit here.
    with django_capture_on_commit_callbacks(execute=True), get_backend().writer() as writer:
        writer.remove([f"event:{event.pk}"])
    assert event_hit not in client.get(url).text
