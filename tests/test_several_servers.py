"""Several web servers on one PostgreSQL and one Redis (README, "Several servers").

Two gunicorn servers, each with a folder of its own (as two machines would be), share a fresh
PostgreSQL database, the PostgreSQL search backend and Redis (db 6, or KENES_TEST_REDIS_URL).
An edit saved by a process configured as server 1 is on server 2's pages and in its search at
once; the index queue is drained by one process at a time; a drain killed mid-batch loses
nothing.
"""

import os
import secrets
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from kb.search.backends.postgres import LOCK_ID
from tests.servers import get, start_gunicorn

pytestmark = [pytest.mark.postgres, pytest.mark.slow, pytest.mark.own_site]

ROOT = Path(__file__).resolve().parent.parent
# Flushed before and after: KENES_TEST_REDIS_URL points it at a database number of one's own.
REDIS_URL = os.environ.get("KENES_TEST_REDIS_URL", "redis://127.0.0.1:6379/6")
EVENT = "/events/kazakhstans-bloody-january-2023-12-07/"


def _server_url() -> str:
    """The PostgreSQL server the suite uses, else PG_URL (make test's), without a database."""
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        host = s["HOST"] or "127.0.0.1"
        return f"postgres://{s['USER'] or 'postgres'}@{host}:{s['PORT'] or 5432}"
    url = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432/test")
    return url.rsplit("/", 1)[0]


def _admin(server: str):
    import psycopg

    return psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=3)


def _needs_postgres_and_redis(server: str) -> None:
    import psycopg
    import redis

    try:
        _admin(server).close()
    except psycopg.Error as exc:
        pytest.skip(f"no PostgreSQL answers at {server}: {exc}".strip())
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        pytest.skip(f"no Redis answers at {REDIS_URL}: {exc}")


class Cluster:
    def __init__(self, work: Path, database_url: str):
        self.work = work
        self.database_url = database_url
        common = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "KENES_"))}
        common.update(
            DJANGO_SETTINGS_MODULE="config.settings",
            DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
            DJANGO_ALLOWED_HOSTS="127.0.0.1",
            KENES_MANIFEST_STATIC="0",
            DATABASE_URL=database_url,
            KENES_SEARCH_BACKEND="postgres",
            CACHE_URL=REDIS_URL,
        )
        # Each server has a folder of its own: nothing is shared but PostgreSQL and Redis.
        self.env = [{**common, "KENES_VAR_DIR": str(work / f"server{n}")} for n in (1, 2)]
        self.servers: list[subprocess.Popen] = []
        self.bases: list[str] = []

    def manage(self, *args, server: int = 0, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env[server],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if check:
            assert result.returncode == 0, result.stdout + result.stderr
        return result

    def start(self, server: int) -> None:
        log = self.work / f"gunicorn{server + 1}.log"
        process, base = start_gunicorn(cwd=ROOT, env=self.env[server], log=log, workers=1)
        self.servers.append(process)
        self.bases.append(base)

    def sql(self, statement: str, params=()) -> list[tuple]:
        import psycopg

        with psycopg.connect(self.database_url, autocommit=True) as conn:
            cursor = conn.execute(statement, params)
            return cursor.fetchall() if cursor.description else []


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    import redis

    server = _server_url()
    _needs_postgres_and_redis(server)
    name = f"kenes_servers_{uuid.uuid4().hex[:8]}"
    with _admin(server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    store = redis.Redis.from_url(REDIS_URL)
    store.flushdb()
    cluster = Cluster(tmp_path_factory.mktemp("servers"), f"{server}/{name}")
    try:
        cluster.manage("migrate", "--noinput", "-v0")
        cluster.manage("load_documents", "-v0")
        cluster.manage("rebuild_index", "-v0")
        cluster.start(0)
        cluster.start(1)
        yield cluster
    finally:
        for process in cluster.servers:
            process.terminate()
            process.wait(timeout=30)
        with _admin(server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        store.flushdb()


def test_an_edit_on_one_server_is_on_the_others_pages_and_search_at_once(cluster):
    first, second = cluster.bases
    status, page = get(second, EVENT)  # now in the page cache (Redis)
    assert status == 200
    assert "Quokkafest" not in page
    assert get(second, "/search/?q=quokkafest")[1].count(EVENT) == 0

    cluster.manage(
        "shell",
        "-c",
        "from kb.models import Event\n"
        "e = Event.objects.get(slug='kazakhstans-bloody-january-2023-12-07')\n"
        "e.title += ' Quokkafest'\n"
        "e.save()",
        server=0,
    )

    for base in (second, first):
        status, page = get(base, EVENT)
        assert status == 200
        assert "Quokkafest" in page
        status, found = get(base, "/search/?q=quokkafest")
        assert status == 200
        assert EVENT in found


def _lock_holders(cluster) -> list[int]:
    """The processes holding the index lock (a bigint advisory lock: two 32-bit halves)."""
    rows = cluster.sql(
        "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted "
        "AND classid = %s AND objid = %s AND objsubid = 1",
        [LOCK_ID >> 32, LOCK_ID & 0xFFFFFFFF],
    )
    return [pid for (pid,) in rows]


def test_one_process_drains_at_a_time_and_a_killed_drain_loses_nothing(cluster):
    import psycopg

    # Renamed behind Django's back, then queued with every other record many times over: a
    # queue that takes a drain several seconds.
    # (name_en: the English column readers and the index read, django-modeltranslation)
    cluster.sql(
        "UPDATE kb_topic SET name = 'Zebrafinch studies', name_en = 'Zebrafinch studies' "
        "WHERE slug = 'gender'"
    )
    cluster.sql(
        "INSERT INTO kb_search_pendingchange (key, created_at) "
        "SELECT key, now() FROM kb_search_searchdocument, generate_series(1, 300)"
    )
    queued = cluster.sql("SELECT count(*) FROM kb_search_pendingchange")[0][0]
    second = cluster.bases[1]

    # While another process holds the index lock, a drainer leaves the queue alone.
    with psycopg.connect(cluster.database_url, autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(%s)", [LOCK_ID])
        other = cluster.manage("drain_index", "--timeout", "0.5", server=1)
        assert other.stdout.startswith("Applied 0 queued change(s)")
        holder.execute("SELECT pg_advisory_unlock(%s)", [LOCK_ID])
    assert cluster.sql("SELECT count(*) FROM kb_search_pendingchange")[0][0] == queued

    draining = subprocess.Popen(
        [sys.executable, "manage.py", "drain_index"],
        cwd=ROOT,
        env=cluster.env[0],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while not _lock_holders(cluster) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(_lock_holders(cluster)) == 1
    time.sleep(1)  # into its batches
    draining.send_signal(signal.SIGKILL)  # its transaction never commits
    draining.wait(timeout=30)
    assert cluster.sql("SELECT count(*) FROM kb_search_pendingchange")[0][0] == queued
    assert "Zebrafinch" not in get(second, "/search/?q=zebrafinch")[1]

    again = cluster.manage("drain_index", server=1)
    assert again.stdout.strip().endswith("0 left in the queue.")
    assert cluster.sql("SELECT count(*) FROM kb_search_pendingchange") == [(0,)]
    assert cluster.manage("check_index").returncode == 0
    assert "/topics/gender/" in get(second, "/search/?q=zebrafinch")[1]
