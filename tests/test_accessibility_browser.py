"""axe-core in Chromium: every public page type and the admin's event and survey add pages have
no WCAG 2.2 A/AA violation, and from a search page the first result is a few Tab presses away."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

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
    "/documents/demoscope-january-events-survey/#passage-1494",  # a passage highlighted
    "/search/?q=torture",
    "/search/?q=torture&type=question",
    "/search/?q=zzzzqqq",
    "/no-such-page/",
    # In Russian and Kazakh (README, Languages): longer words, the switcher, another lang.
    "/ru/",
    "/ru/events/kazakhstans-bloody-january-2023-12-07/",
    "/kk/surveys/january-events-survey-2023/",
    "/ru/search/?q=torture",
]
ADMIN_PAGES = ["/admin/kb/event/add/", "/admin/kb/survey/add/"]


@pytest.fixture
def axe_page(live_server, page):
    """The CSP-watching page of tests/conftest.py, with axe-core at hand."""
    from axe_playwright_python.sync_playwright import Axe

    page.base = live_server.url
    page.axe = Axe()
    return page


def violations(page, path):
    """axe-core's WCAG findings on the page at `path`. The page's own CSP reports stay in
    `page.violations`; the ones axe's injected script causes (on the admin it copies the
    stylesheets into inline <style> to read them, which the CSP refuses) are dropped."""
    page.goto(f"{page.base}{path}")
    own = len(page.violations)
    results = page.axe.run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    del page.violations[own:]
    return [
        (v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]
    ]


def test_public_pages_have_no_wcag_violations_and_results_come_first(axe_page, documents):
    call_command("rebuild_index", verbosity=0)
    found = {path: violations(axe_page, path) for path in PAGES}

    assert {path: v for path, v in found.items() if v} == {}
    assert tab_presses_to_the_first_result(axe_page) <= 4
    assert_the_facets_are_a_sidebar_then_a_panel(axe_page)
    assert axe_page.violations == []


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


def test_the_admins_event_and_survey_add_pages_have_no_wcag_violations(axe_page, documents):
    staff = get_user_model().objects.create_superuser("boss", "boss@example.org", "x-long-pw-7")
    client = Client()
    client.force_login(staff)
    session = client.cookies["sessionid"].value
    axe_page.context.add_cookies([{"name": "sessionid", "value": session, "url": axe_page.base}])

    found = {path: violations(axe_page, path) for path in ADMIN_PAGES}

    assert {path: v for path, v in found.items() if v} == {}
    assert axe_page.violations == []


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
