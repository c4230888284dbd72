"""The event's admin page in a real browser at 1280px: its people table fits, the title is wide,
and "affiliation at the time" offers only the chosen person's affiliations."""

import pytest
from model_bakery import baker

from kb.models import Affiliation, Organization, Person
from tests.admin.test_editing_browser import choose, page  # noqa: F401  (the signed-in page fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_event_page_fits_1280px_and_narrows_affiliations(page):  # noqa: F811
    kamila = baker.make(Person, name="Kamila Kovyazina")
    other = baker.make(Person, name="Someone Else")
    org = baker.make(Organization, name="KIBHR")
    baker.make(Affiliation, person=kamila, organization=org, title="Lawyer")
    baker.make(Affiliation, person=other, organization=org, title="Director")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"{page.base}/admin/kb/event/add/")
    page.click("a.djn-add-handler.djn-model-kb-eventperson")
    choose(page, "id_person_roles-0-person", "Kamila")
    page.click("[aria-labelledby=select2-id_person_roles-0-affiliation-container]")
    page.wait_for_selector(".select2-results__option:not(.loading-results)")
    offered = page.locator(".select2-results__option").all_inner_texts()

    assert offered == ["Kamila Kovyazina: Lawyer, KIBHR"]
    page.keyboard.press("Escape")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert page.locator("#id_title_en").bounding_box()["width"] >= 600
