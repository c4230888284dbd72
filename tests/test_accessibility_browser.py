"""axe-core in Chromium: every public page type has no WCAG 2.2 A/AA violation, and from a search
page the first result is a few Tab presses away."""

import os

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
PAGES = [
    "/",
    "/events/",
    "/people/",
    "/organizations/",
    "/topics/",
    "/surveys/",
    "/events/kazakhstans-bloody-january-2023-12-07/",
    "/people/yevgeniy-zhovtis/",
    "/organizations/paperlab/",
    "/topics/freedom-from-torture/",
    "/surveys/january-events-survey-2023/",
    "/surveys/january-events-survey-2023/questions/1/",
    "/documents/demoscope-january-events-survey/",
    "/search/?q=torture",
    "/search/?q=torture&type=question",
    "/search/?q=zzzzqqq",
    "/no-such-page/",
]


@pytest.fixture
def axe_page(live_server):
    if not os.path.exists("/usr/bin/chromium"):
        pytest.skip("Debian's chromium is not installed (make browser)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        page = browser.new_page()
        page.base = live_server.url
        page.axe = Axe()
        yield page
        browser.close()


def violations(page, path):
    page.goto(f"{page.base}{path}")
    results = page.axe.run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    return [
        (v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]
    ]


def test_public_pages_have_no_wcag_violations_and_results_come_first(axe_page):
    from django.core.management import call_command

    # Loaded here, not through the `documents` fixture: its fast path needs a rolled-back test.
    call_command("load_documents", verbosity=0)
    call_command("rebuild_index", verbosity=0)
    found = {path: violations(axe_page, path) for path in PAGES}

    assert {path: v for path, v in found.items() if v} == {}
    assert tab_presses_to_the_first_result(axe_page) <= 4
    assert_the_facets_are_a_sidebar_then_a_panel(axe_page)


SEARCHES = ["/search/?q=torture", "/search/?q=torture&type=question", "/search/?q=zzzzqqq"]


def assert_the_facets_are_a_sidebar_then_a_panel(page):
    """Wide: the facets beside the results, shown. Phone width (375 px): below them, closed
    until opened; axe-clean at both widths."""
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{page.base}/search/?q=torture")
    facet = page.locator(".search-facets a").first
    results = page.locator("ol.search-results").bounding_box()
    assert facet.is_visible()
    assert facet.bounding_box()["x"] > results["x"] + results["width"]
    assert not page.locator(".search-facets > summary").is_visible()

    page.set_viewport_size({"width": 375, "height": 800})
    found = {path: violations(page, path) for path in SEARCHES}
    assert {path: v for path, v in found.items() if v} == {}
    page.goto(f"{page.base}/search/?q=torture")
    facet = page.locator(".search-facets a").first
    assert not facet.is_visible()
    page.locator(".search-facets > summary").click()
    assert facet.is_visible()
    assert facet.bounding_box()["y"] > page.locator("ol.search-results").bounding_box()["y"]


def tab_presses_to_the_first_result(page) -> int:
    page.goto(f"{page.base}/search/?q=torture")
    first = page.locator("ol.search-results a").first.get_attribute("href")
    presses = 0
    while presses < 60:
        page.keyboard.press("Tab")
        presses += 1
        href = page.evaluate("document.activeElement.getAttribute('href')")
        if href == "#results":  # the skip link: follow it
            page.keyboard.press("Enter")
        if href == first:
            return presses
    return presses
