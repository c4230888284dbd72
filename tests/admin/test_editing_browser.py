"""The admin's editing pages in a real browser: autocomplete, nested inlines, prepopulated slugs."""

import os

import pytest
from django.contrib.auth.models import User
from model_bakery import baker

from kb.models import Event, Person, Survey
from tests.browsers import sync_playwright

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(live_server, monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the tests' ORM calls stay sync.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    pytest.importorskip("playwright.sync_api")
    if not os.path.exists("/usr/bin/chromium"):
        pytest.skip("Debian's chromium is not installed (make browser)")
    User.objects.create_superuser("boss", password="a-long-test-password")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        page = browser.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", "boss")
        page.fill("#id_password", "a-long-test-password")
        page.click("input[type=submit]")
        page.wait_for_selector("#site-name")
        page.base = live_server.url
        yield page
        browser.close()


def choose(page, select_id, text):
    """Pick a value in an autocomplete (select2) box by typing part of its name."""
    page.click(f"[aria-labelledby=select2-{select_id}-container]")
    page.fill(".select2-container--open .select2-search__field", text)
    page.click(f".select2-results__option:has-text('{text}')")


def test_staff_build_an_event_with_people_in_the_browser(page):
    baker.make(Person, name="Yevgeniy Zhovtis", slug="yevgeniy-zhovtis")
    baker.make(Person, name="Karlygash Kabatova", slug="karlygash-kabatova")

    page.goto(f"{page.base}/admin/kb/event/add/")
    page.fill("#id_title_en", "Bloody January")
    page.fill("#id_date", "2023-12-07")
    for i, (name, role) in enumerate([("Zhovtis", "speaker"), ("Kabatova", "moderator")]):
        page.click("a.djn-add-handler.djn-model-kb-eventperson")
        choose(page, f"id_person_roles-{i}-person", name)
        page.select_option(f"#id_person_roles-{i}-role", role)
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")

    event = Event.objects.get()
    assert event.slug == "bloody-january"  # prepopulated from the title
    assert [(link.person.slug, link.role) for link in event.person_roles.all()] == [
        ("yevgeniy-zhovtis", "speaker"),
        ("karlygash-kabatova", "moderator"),
    ]


def test_staff_build_a_survey_question_with_results_in_the_browser(page):
    page.goto(f"{page.base}/admin/kb/survey/add/")
    page.fill("#id_title_en", "January events survey")
    page.click("a.djn-add-handler.djn-model-kb-question")
    page.fill("#id_questions-0-number", "1")
    page.fill("#id_questions-0-text_en", "Do you trust official information?")
    for i, (label, percent) in enumerate([("Trust", "29.6"), ("Do not trust", "53")]):
        page.click("#questions-0 a.djn-add-handler.djn-model-kb-result")
        page.fill(f"#id_questions-0-results-{i}-label_en", label)
        page.fill(f"#id_questions-0-results-{i}-percent", percent)
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")

    question = Survey.objects.get().questions.get()
    assert [(r.label, str(r.percent)) for r in question.results.all()] == [
        ("Trust", "29.6"),
        ("Do not trust", "53.0"),
    ]
