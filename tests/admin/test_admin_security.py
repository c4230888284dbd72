"""The admin's door: login throttling (django-axes), staff only, CSRF, secure session cookies."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "a-long-correct-password-7"


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user(username="editor", password=PASSWORD, is_staff=True)


def login(client, password, address="203.0.113.7", username="editor", **headers):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        **headers,
    )


def test_sixth_wrong_password_in_a_row_is_refused_and_so_is_the_right_one(client, staff):
    for attempt in range(1, 5):
        response = login(client, f"wrong-{attempt}")
        assert response.status_code == 200, attempt  # the form again, with its error
        assert "Please enter the correct username and password" in response.text
    # The fifth failure is checked, and it locks the address.
    fifth = login(client, "wrong-5")
    assert fifth.status_code == 429

    sixth = login(client, "wrong-6")
    assert sixth.status_code == 429
    assert "Account locked" in sixth.text

    correct = login(client, PASSWORD)
    assert correct.status_code == 429
    assert client.get("/admin/").status_code == 302  # still not signed in


def test_the_lock_is_per_address(client, staff):
    for attempt in range(6):
        login(client, f"wrong-{attempt}", address="203.0.113.7")

    response = login(Client(), PASSWORD, address="198.51.100.9")

    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_a_correct_password_before_the_limit_signs_in_and_resets_the_count(client, staff):
    for attempt in range(4):
        login(client, f"wrong-{attempt}")
    assert login(client, PASSWORD).status_code == 302
    client.logout()

    for attempt in range(4):
        assert login(client, f"again-wrong-{attempt}").status_code == 200
    assert login(client, "again-wrong-5").status_code == 429
    assert login(client, PASSWORD).status_code == 429


def test_non_staff_cannot_enter_the_admin(client, db):
    get_user_model().objects.create_user(username="reader", password=PASSWORD)

    response = login(client, PASSWORD, username="reader")

    assert response.status_code == 200
    assert "Please enter the correct username and password for a staff account" in response.text
    assert client.get("/admin/").status_code == 302


def test_login_without_a_csrf_token_is_refused(staff):
    client = Client(enforce_csrf_checks=True)

    response = login(client, PASSWORD)

    assert response.status_code == 403
    assert client.get("/admin/").status_code == 302


def test_session_cookie_is_secure_and_http_only_in_production(client, staff, settings):
    settings.SESSION_COOKIE_SECURE = True  # what DEBUG off gives unless DJANGO_SECURE_COOKIES=0

    response = login(client, PASSWORD)

    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_production_defaults_make_cookies_secure():
    from django.conf import settings

    # The suite runs with DEBUG off and no DJANGO_SECURE_COOKIES, like production.
    assert settings.DEBUG is False
    assert settings.SESSION_COOKIE_SECURE is True
    assert settings.CSRF_COOKIE_SECURE is True


def test_a_staff_members_own_success_does_not_reset_their_guesses_at_another_account(client, staff):
    """4 wrong for someone else, 1 good login of one's own, and again: the fifth guess locks."""
    own_password = "guesser-own-pass-9"
    get_user_model().objects.create_user(username="guesser", password=own_password, is_staff=True)
    for attempt in range(4):
        assert login(client, f"guess-{attempt}").status_code == 200
    assert login(Client(), own_password, username="guesser").status_code == 302

    assert login(client, "guess-5").status_code == 429
    assert login(client, PASSWORD).status_code == 429  # the right one too, from that address
    # The guesser's own account is not locked, nor the editor at another address.
    assert login(Client(), own_password, username="guesser").status_code == 302
    assert login(Client(), PASSWORD, address="198.51.100.9").status_code == 302


def test_failures_at_one_account_do_not_lock_another(client, staff):
    get_user_model().objects.create_user(username="other", password=PASSWORD, is_staff=True)
    for attempt in range(5):
        login(client, f"wrong-{attempt}", username="other")

    assert login(Client(), PASSWORD).status_code == 302


PROXY = "127.0.0.1"


def test_behind_the_proxy_one_clients_failures_do_not_lock_out_another(staff, settings):
    settings.KENES_TRUSTED_PROXY_COUNT = 1
    for attempt in range(5):
        # A client that makes up an X-Forwarded-For of its own: the proxy appends the real one.
        response = login(
            Client(),
            f"wrong-{attempt}",
            address=PROXY,
            HTTP_X_FORWARDED_FOR=f"10.9.9.{attempt}, 203.0.113.7",
        )
    assert response.status_code == 429
    assert (
        login(Client(), PASSWORD, address=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.7").status_code
        == 429
    )

    other = login(Client(), PASSWORD, address=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.9")

    assert other.status_code == 302
    assert other["Location"] == "/admin/"


@pytest.mark.parametrize(
    ("count", "forwarded", "address"),
    [
        (0, "6.6.6.6", "127.0.0.1"),
        (1, "", "127.0.0.1"),
        (1, "198.51.100.9", "198.51.100.9"),
        (1, "6.6.6.6, 198.51.100.9", "198.51.100.9"),
        (2, "6.6.6.6, 198.51.100.9, 10.0.0.2", "198.51.100.9"),
        (2, "198.51.100.9", "198.51.100.9"),
    ],
)
def test_the_client_address_is_read_from_the_trusted_proxies_entries(
    rf, settings, count, forwarded, address
):
    from kb.middleware import client_address

    settings.KENES_TRUSTED_PROXY_COUNT = count
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)

    assert client_address(request) == address
