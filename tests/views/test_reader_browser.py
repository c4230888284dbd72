"""A reader in a real browser: Playwright driving Debian's chromium against the live server."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
OUTPUT = Path(__file__).resolve().parents[2] / "test-output"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_page(live_server, documents):
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (`make browser` installs Debian's chromium)")
    from tests.browsers import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's ORM would refuse to
    # run beside it, though no query runs here while the browser works.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(15_000)
        yield page, live_server.url
        browser.close()


def test_a_reader_follows_links_from_home_to_event_speaker_topic_and_survey(browser_page):
    page, base = browser_page

    page.goto(base + "/")
    page.get_by_role("link", name="Kazakhstan’s Bloody January").first.click()
    assert page.url == base + "/events/kazakhstans-bloody-january-2023-12-07/"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Kazakhstan’s Bloody")

    page.get_by_role("link", name="Yevgeniy Zhovtis").click()
    assert page.url == base + "/people/yevgeniy-zhovtis/"
    assert page.get_by_role("heading", level=1).inner_text() == "Yevgeniy Zhovtis"

    page.get_by_role("link", name="Freedom from torture", exact=False).first.click()
    assert page.url == base + "/topics/freedom-from-torture/"

    page.get_by_role(
        "link", name="What People in Kazakhstan Think of the January Events"
    ).first.click()
    assert page.url.startswith(base + "/surveys/january-events-survey-2023/")
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading == "What People in Kazakhstan Think of the January Events"
    chart = page.get_by_role(
        "table", name="Results of question 1: Order to shoot protesters to kill"
    )
    assert "71.1%" in chart.inner_text()

    page.get_by_text("Where these figures come from").first.click()
    assert page.get_by_text("71.1% of citizens disapprove").first.is_visible()

    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "survey.png"), full_page=True)


def test_a_reader_filters_the_events(browser_page):
    page, base = browser_page

    page.goto(base + "/events/")
    page.get_by_label("Format", exact=True).select_option("in_person")
    page.get_by_role("button", name="Apply").click()
    assert "format=in_person" in page.url
    assert page.get_by_role("status").inner_text() == "0 events match these filters."

    page.get_by_label("Format", exact=True).select_option("online")
    page.get_by_role("button", name="Apply").click()
    assert page.get_by_role("status").inner_text() == "1 event matches these filters."

    page.get_by_role("link", name="Remove filter Format: Online").click()
    assert page.get_by_role("status").inner_text() == "1 event."


def test_a_keyboard_user_skips_to_content_and_follows_a_link(browser_page):
    page, base = browser_page
    page.goto(base + "/")

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    # A key press, unlike a click, does not wait for the navigation it starts (the anchor's
    # URL came a moment late in a full run on two busy cores).
    page.wait_for_url(base + "/#main")

    for _ in range(40):  # Tab on from the main content to the first event link
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent").startswith("Kazakhstan’s Bloody"):
            break
    page.keyboard.press("Enter")
    page.wait_for_url(base + "/events/kazakhstans-bloody-january-2023-12-07/")


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/events/",
        "/surveys/january-events-survey-2023/",
        "/people/yevgeniy-zhovtis/",
        "/documents/demoscope-january-events-survey/#passage-1494",
    ],
)
def test_pages_fit_a_phone_screen_and_need_no_inline_script_or_style(browser_page, path):
    page, base = browser_page
    page.set_viewport_size({"width": 375, "height": 740})

    page.goto(base + path)

    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # JSON-LD is a data block, never run; no other script.
    assert page.locator('script:not([type="application/ld+json"])').count() == 0
    assert page.locator("[style]").count() == 0


def test_a_figure_opens_its_sentence_highlighted_with_no_script(live_server, page, documents):
    """The 53% on the survey page leads to the sentence that prints it, which CSS :target
    highlights; the other sentences stay plain, and the page breaks no CSP rule."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/surveys/january-events-survey-2023/")

    page.locator("a.figure-link", has_text="53%").first.click()
    page.wait_for_url("**/documents/demoscope-january-events-survey/#passage-1494")

    target = page.locator(":target")
    assert target.get_attribute("id") == "passage-1494"
    assert "(53%) do not trust the reports of the authorities" in target.inner_text()
    assert target.is_visible() and target.bounding_box()["y"] < 900  # scrolled into view
    background = "el => getComputedStyle(el).backgroundColor"
    plain = page.locator("#passage-896").evaluate(background)
    assert (plain, target.evaluate(background)) == ("rgba(0, 0, 0, 0)", "rgb(255, 241, 168)")
    assert page.violations == []
