"""Import a document in a real browser: upload, preview, create drafts, with no CSP violation."""

import os

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from kb.models import Event

from .measure import DATA

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def page():
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (make browser)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        page.violations = []
        page.on(
            "console",
            lambda message: (
                page.violations.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        yield page
        browser.close()


def test_upload_preview_and_create_drafts_in_a_browser(live_server, page, settings):
    settings.SESSION_COOKIE_SECURE = False  # the live server speaks plain http
    settings.CSRF_COOKIE_SECURE = False
    call_command("load_documents", verbosity=0)
    get_user_model().objects.create_superuser("boss", "boss@example.org", "a-long-password-7")
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "boss")
    page.fill("#id_password", "a-long-password-7")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")

    page.click("text=Import a document")
    page.set_input_files("#id_file", str(DATA / "event-en-chair.txt"))
    page.click("input[value='Read the document']")
    page.wait_for_selector("#import_form")
    # The autocomplete of existing people ran (select2, a static script): Zhovtis is matched.
    assert page.locator(".select2-selection__rendered", has_text="Yevgeniy Zhovtis").count() == 1
    page.click("a.import-quote >> nth=0")  # jumps to the sentence, highlighted
    assert page.evaluate("location.hash").startswith("#p-")
    page.fill("input[name='person-0-title']", "Director of the Program")
    page.click("input[value='Create drafts']")
    page.wait_for_url("**/admin/kb/event/*/change/")

    event = Event.objects.get(date="2024-03-14")
    assert not event.published
    chair = event.person_roles.get(role="chair")
    assert (chair.person.name, chair.affiliation.title) == (
        "Marlene Laruelle",
        "Director of the Program",
    )
    assert page.violations == []
