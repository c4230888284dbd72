"""Import a document in a real browser: upload, preview, create drafts, with no CSP violation."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from kb.models import Event

from .measure import DATA

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
