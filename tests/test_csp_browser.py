"""The Content-Security-Policy in a real browser: pages and the admin work with no violation."""

import pytest
from django.contrib.auth import get_user_model
from model_bakery import baker

from kb.search.backends import get_backend
from kb.search.maintenance import index_rebuild

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_pages_run_under_the_policy_without_violations(live_server, page, settings):
    settings.SESSION_COOKIE_SECURE = False  # the live server speaks plain http
    settings.CSRF_COOKIE_SECURE = False
    get_user_model().objects.create_superuser("boss", "boss@example.org", "a-long-password-7")
    baker.make("kb.Organization", slug="paperlab", name="PaperLab", published=True)

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "boss")
    page.fill("#id_password", "a-long-password-7")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    for path in [
        "/admin/",
        "/admin/auth/user/",
        "/admin/auth/user/add/",
        "/admin/auth/user/1/change/",
        "/admin/auth/group/add/",
        "/admin/kb/event/add/",  # ordered inlines, autocomplete
        "/admin/kb/survey/add/",  # nested inlines (django-nested-admin)
        "/admin/kb/person/add/",
        "/admin/kb/organization/",
    ]:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert "default-src 'none'" in response.headers["content-security-policy"]
    # The admin's own scripts ran: the date widget and the two-box permission selector.
    page.goto(f"{live_server.url}/admin/auth/group/add/")
    assert page.locator(".selector-available").count() == 1
    # nested_admin's script ran: its "add another" handlers are wired up on the survey form.
    page.goto(f"{live_server.url}/admin/kb/survey/add/")
    page.wait_for_selector(".djn-add-handler")
    before = page.locator(".djn-inline-form:not(.djn-empty-form)").count()
    page.locator(".djn-add-handler").first.click()
    assert page.locator(".djn-inline-form:not(.djn-empty-form)").count() > before

    assert page.violations == []


def test_public_pages_have_no_violations(live_server, page):
    baker.make("kb.Event", slug="an-event", title="An event", published=True)
    # Search answers 503 until a whole index exists: this test must not rely on another's.
    index_rebuild(backend=get_backend())

    for path in ["/", "/events/", "/events/an-event/", "/search/?q=event"]:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path

    assert page.violations == []
