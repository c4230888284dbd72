"""Every text the index stores passes the visibility rules of the pages (kb/visibility.py).

An event's speaker whose position is at a draft organization: the event page hides the
position (title and organization), so neither the search page's snippet nor /api/search/ may
carry it, on either backend, whether the organization was a draft when the index was built or
became one afterwards.
"""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from model_bakery import baker

from kb.enums import EventPersonRole
from kb.search.backends import get_backend
from kb.search.indexing import drain
from kb.search.maintenance import index_rebuild

DRAFT_ORG = "Draftorgzq Institute"
OPEN_ORG = "Openorgzq Centre"


@pytest.fixture(params=["whoosh", "postgres"])
def backend(request, settings, tmp_path):
    if request.param == "postgres" and connection.vendor != "postgresql":
        pytest.skip("PostgreSQL backend: the database is not PostgreSQL (set DATABASE_URL)")
    settings.KENES_SEARCH_BACKEND = request.param
    settings.KENES_INDEX_DIR = tmp_path / "index"
    cache.clear()  # the API's anonymous throttle counts in the cache
    return request.param


@pytest.fixture
def panel(db):
    draft_org = baker.make("kb.Organization", slug="draftorgzq", name=DRAFT_ORG, published=False)
    open_org = baker.make("kb.Organization", slug="openorgzq", name=OPEN_ORG, published=True)
    event = baker.make(
        "kb.Event",
        slug="panel-on-trust",
        title="Panel on trust",
        date=datetime.date(2024, 3, 1),
        published=True,
    )
    for position, (name, title, org) in enumerate(
        [("Adina Drafted", "Chief Analyst", draft_org), ("Bolat Shown", "Fellow", open_org)]
    ):
        person = baker.make("kb.Person", slug=name.lower().replace(" ", "-"), name=name)
        person.published = True
        person.save()
        affiliation = baker.make("kb.Affiliation", person=person, organization=org, title=title)
        baker.make(
            "kb.EventPerson",
            event=event,
            person=person,
            role=EventPersonRole.SPEAKER,
            position=position,
            affiliation=affiliation,
        )
    return {"event": event, "draft_org": draft_org, "open_org": open_org}


def outputs(client, q: str) -> tuple[str, str]:
    page = client.get("/search/", {"q": q})
    api = client.get("/api/search/", {"q": q}, HTTP_ACCEPT="application/json")
    assert (page.status_code, api.status_code) == (200, 200)
    return page.content.decode(), api.content.decode()


def test_the_event_page_hides_the_draft_organization(client, panel):
    body = client.get("/events/panel-on-trust/").content.decode()

    assert "Draftorgzq" not in body
    assert "Chief Analyst" not in body
    assert "Fellow, Openorgzq Centre" in body


def test_search_shows_no_draft_organization_named_in_an_affiliation(client, panel, backend):
    index_rebuild(backend=get_backend())

    for q in ("panel", "Adina"):
        page, api = outputs(client, q)
        assert "/events/panel-on-trust/" in page, q
        assert "Draftorgzq" not in page, q
        assert "Draftorgzq" not in api, q
    # The page hides the whole position (its title too), so search does.
    for q in ("Draftorgzq", "org:draftorgzq", '"Chief Analyst"'):
        page, api = outputs(client, q)
        assert "/events/panel-on-trust/" not in page, q
        assert '"count":0' in api.replace(" ", ""), q
    # The control: a published organization's name is indexed with the position.
    page, _api = outputs(client, "Openorgzq")
    assert "/events/panel-on-trust/" in page


def test_an_organization_made_a_draft_leaves_the_events_that_named_it(client, panel, backend):
    index_rebuild(backend=get_backend())
    draft_org = panel["draft_org"]
    draft_org.published = True
    draft_org.save()
    drain()
    page, _api = outputs(client, "Draftorgzq")
    assert "/events/panel-on-trust/" in page  # while published, its name finds the event

    draft_org.published = False
    draft_org.save()
    drain()

    page, api = outputs(client, "Draftorgzq")
    assert "/events/panel-on-trust/" not in page
    assert '"count":0' in api.replace(" ", "")
