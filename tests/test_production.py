"""Production settings: `check --deploy`, security headers, the 503 page."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from model_bakery import baker

from tests.public_outputs import _installed

SEARCH_INSTALLED = _installed("kb.search.backends")
API_INSTALLED = _installed("kb.api.views")

BASE_DIR = Path(__file__).resolve().parent.parent

# What README.md, "Production", tells an operator to set.
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "q7Lw-3vZ+e9Rk2Tn8Yp4Hs6Jd1Gf5Ux0Mb_Ac@Qo!Wi^Ey&Rt*Ul(Pk)Nj=Zh" * 2,
    "DJANGO_ALLOWED_HOSTS": "kenes.example.org",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://kenes.example.org",
    "DJANGO_SECURE_SSL_REDIRECT": "1",
    "DJANGO_HSTS_SECONDS": "31536000",
    "DJANGO_HSTS_INCLUDE_SUBDOMAINS": "1",
    "DJANGO_HSTS_PRELOAD": "1",
    "DJANGO_BEHIND_PROXY": "1",
}


def run_manage(*args, env_overrides, timeout=60):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "KENES_"))}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_check_deploy_passes_with_production_settings(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_overrides={**PRODUCTION_ENV, "KENES_VAR_DIR": str(tmp_path)},
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_fails_on_a_development_run(tmp_path):
    """The check is a real guard: DEBUG on and no HSTS are reported."""
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_overrides={"DJANGO_DEBUG": "1", "KENES_VAR_DIR": str(tmp_path)},
    )

    assert result.returncode == 1
    assert "security.W018" in result.stderr  # DEBUG
    assert "security.W004" in result.stderr  # HSTS


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}
    result = run_manage("check", env_overrides={**env, "KENES_VAR_DIR": str(tmp_path)})

    assert result.returncode == 1
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_pages_carry_the_security_headers(client, settings, db):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    baker.make("kb.Event", slug="an-event", published=True)

    response = client.get("/events/an-event/", secure=True)

    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = dict(part.split(" ", 1) for part in response["Content-Security-Policy"].split("; "))
    assert policy["default-src"] == "'none'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe" not in response["Content-Security-Policy"]


def test_admin_login_page_carries_the_same_policy(client, db):
    response = client.get("/admin/login/")

    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe" not in response["Content-Security-Policy"]


def closed_port() -> int:
    """A loopback port nothing listens on (bound and released: refused at once, not timed out)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


DEAD_DATABASE_PROBE = """
import django
django.setup()
from django.test import Client
client = Client(raise_request_exception=False)
for path in ["/", "/events/", "/people/someone/", "/search/?q=torture", "/api/events/"]:
    response = client.get(path)
    print(path, response.status_code, response.get("Retry-After"), "|",
          response.content.decode().replace("\\n", " ")[:2000])
"""


@pytest.mark.own_site
@pytest.mark.parametrize(
    "database_url",
    [
        pytest.param(lambda _: f"postgres://kenes@127.0.0.1:{closed_port()}/kenes", id="postgres"),
        pytest.param(lambda tmp: f"sqlite:///{tmp}/no/such/folder/kenes.sqlite3", id="sqlite"),
    ],
)
def test_unreachable_database_gives_a_503_page_not_a_stack_trace(tmp_path, database_url):
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "KENES_", "DATABASE"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_ALLOWED_HOSTS="testserver",
        KENES_MANIFEST_STATIC="0",
        KENES_VAR_DIR=str(tmp_path),
        DATABASE_URL=database_url(tmp_path),
    )
    result = subprocess.run(
        [sys.executable, "-c", DEAD_DATABASE_PROBE],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    lines = {line.split(" ", 1)[0]: line for line in result.stdout.splitlines()}

    for path in ["/events/", "/people/someone/"]:
        line = lines[path]
        assert line.split(" ")[1:3] == ["503", "30"], line
        assert "<h1>Temporarily unavailable</h1>" in line
        assert "cannot reach its database" in line
        assert "Traceback" not in line
        assert "OperationalError" not in line
    # Search answers 503 too (its index is missing here as well: "being rebuilt").
    search = lines["/search/?q=torture"]
    assert search.split(" ")[1] == ("503" if SEARCH_INSTALLED else "200"), search
    assert "Traceback" not in search
    api = lines["/api/events/"]
    if API_INSTALLED:
        assert api.split(" ")[1:3] == ["503", "30"], api
        assert '{"detail": "Kenes cannot reach its database' in api
