"""Drafts and withheld people: absent for the public, visible to staff with a banner."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from model_bakery import baker

from kb.enums import EventPersonRole

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    user = get_user_model().objects.create_user("editor", password="x-long-pass-1", is_staff=True)
    client.force_login(user)
    return client


@pytest.fixture
def draft_event():
    return baker.make(
        "kb.Event", slug="draft-event", title="Secret plans", date=datetime.date(2024, 1, 1)
    )


def test_a_draft_is_a_404_for_the_public_and_absent_from_lists(client, draft_event):
    assert client.get("/events/draft-event/").status_code == 404
    assert "Secret plans" not in client.get("/events/").content.decode()
    assert "Secret plans" not in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("model", "url", "fields"),
    [
        ("kb.Person", "/people/{}/", {}),
        ("kb.Organization", "/organizations/{}/", {}),
        ("kb.Topic", "/topics/{}/", {"kind": "right"}),
        ("kb.Survey", "/surveys/{}/", {}),
        ("kb.SourceDocument", "/documents/{}/", {}),
    ],
)
def test_every_draft_detail_page_is_a_404(client, model, url, fields):
    obj = baker.make(model, slug="a-draft", published=False, **fields)

    assert client.get(url.format(obj.slug)).status_code == 404


def test_staff_see_a_draft_with_a_banner(staff_client, draft_event):
    content = staff_client.get("/events/draft-event/").content.decode()

    assert "Secret plans" in content
    assert '<strong class="badge badge--draft">Draft</strong>' in content
    assert "Secret plans" in staff_client.get("/events/").content.decode()


def test_staff_banner_links_to_the_admin_when_the_admin_edits_the_model(staff_client, draft_event):
    from django.urls import NoReverseMatch, reverse

    try:
        edit_url = reverse("admin:kb_event_change", args=[draft_event.pk])
    except NoReverseMatch:
        pytest.skip("the admin does not register Event on this branch yet")

    content = staff_client.get("/events/draft-event/").content.decode()

    assert f'href="{edit_url}">Edit in admin</a>' in content


@pytest.fixture
def event_with_people():
    event = baker.make(
        "kb.Event",
        slug="panel",
        title="Panel",
        date=datetime.date(2023, 12, 7),
        published=True,
    )
    shown = baker.make("kb.Person", slug="shown", name="Aigerim Shown", published=True)
    hidden = baker.make(
        "kb.Person", slug="hidden", name="Nurlan Withheld", published=True, is_public=False
    )
    for position, person in enumerate([shown, hidden]):
        baker.make(
            "kb.EventPerson",
            event=event,
            person=person,
            role=EventPersonRole.SPEAKER,
            position=position,
        )
    return event


def test_a_withheld_person_appears_nowhere(client, event_with_people):
    pages = ["/events/panel/", "/events/", "/people/", "/", "/people/?role=speaker"]

    for url in pages:
        content = client.get(url).content.decode()
        assert "Nurlan Withheld" not in content, url
    assert "Aigerim Shown" in client.get("/events/panel/").content.decode()
    assert client.get("/people/hidden/").status_code == 404


def test_person_field_flags_hide_bio_photo_and_affiliations(client):
    org = baker.make("kb.Organization", slug="kibhr", name="Bureau for Rights", published=True)
    person = baker.make(
        "kb.Person",
        slug="careful",
        name="Careful Person",
        bio="A very private biography.",
        photo="people/careful.jpg",
        published=True,
        bio_public=False,
        photo_public=False,
        affiliations_public=False,
    )
    affiliation = baker.make("kb.Affiliation", person=person, organization=org, title="Director")
    event = baker.make("kb.Event", slug="talk", date=datetime.date(2023, 1, 1), published=True)
    baker.make("kb.EventPerson", event=event, person=person, affiliation=affiliation)

    person_page = client.get("/people/careful/").content.decode()
    event_page = client.get("/events/talk/").content.decode()
    org_page = client.get("/organizations/kibhr/").content.decode()

    assert "Careful Person" in person_page
    assert "A very private biography." not in person_page
    assert "careful.jpg" not in person_page
    assert "Bureau for Rights" not in person_page
    assert "Director, Bureau for Rights" not in event_page
    assert "Careful Person" not in org_page
    assert client.get("/people/?organization=kibhr").context["paginator"].count == 0


def test_drafts_linked_from_published_pages_stay_hidden(client):
    event = baker.make("kb.Event", slug="open", date=datetime.date(2023, 1, 1), published=True)
    event.topics.add(baker.make("kb.Topic", slug="hidden-topic", name="Hidden topic", kind="right"))
    event.surveys.add(baker.make("kb.Survey", slug="hidden-survey", title="Hidden survey"))
    baker.make(
        "kb.EventOrganization",
        event=event,
        organization=baker.make("kb.Organization", name="Hidden org"),
    )

    content = client.get("/events/open/").content.decode()

    assert "Hidden topic" not in content
    assert "Hidden survey" not in content
    assert "Hidden org" not in content


def test_list_cards_name_only_what_the_reader_may_see(staff_client):
    """The names on list rows (kb.views.list_rows) follow the same rules as the detail pages."""
    from django.test import Client

    client = Client()  # the public (staff_client is pytest-django's client, logged in)
    event = baker.make(
        "kb.Event", slug="open", title="Open event", date=datetime.date(2023, 1, 1), published=True
    )
    survey = baker.make("kb.Survey", slug="open-survey", title="Open survey", published=True)
    shown_topic = baker.make("kb.Topic", slug="torture", name="Shown topic", published=True)
    hidden_topic = baker.make("kb.Topic", slug="hidden-topic", name="Hidden topic")
    shown_org = baker.make("kb.Organization", slug="shown-org", name="Shown org", published=True)
    hidden_org = baker.make("kb.Organization", slug="hidden-org", name="Hidden org")
    for record in (event, survey):
        record.topics.add(shown_topic, hidden_topic)
    for position, org in enumerate([shown_org, hidden_org]):
        baker.make("kb.EventOrganization", event=event, organization=org, position=position)
        baker.make("kb.SurveyOrganization", survey=survey, organization=org, position=position)
    speaker = baker.make("kb.Person", slug="speaker", name="Shown Speaker", published=True)
    withheld = baker.make(
        "kb.Person", slug="withheld", name="Withheld Speaker", published=True, is_public=False
    )
    private = baker.make(
        "kb.Person",
        slug="private",
        name="Private Positions",
        published=True,
        affiliations_public=False,
    )
    for position, person in enumerate([speaker, withheld, private]):
        baker.make("kb.EventPerson", event=event, person=person, position=position)
    baker.make("kb.Affiliation", person=speaker, organization=shown_org, title="Director")
    baker.make("kb.Affiliation", person=speaker, organization=hidden_org, title="Adviser")
    baker.make("kb.Affiliation", person=private, organization=shown_org, title="Secret title")

    pages = {url: client.get(url).content.decode() for url in ("/", "/events/", "/surveys/")}
    people = client.get("/people/").content.decode()

    for url, content in pages.items():
        assert "Shown topic" in content, url
        assert "Shown org" in content, url
        assert "Hidden topic" not in content, url
        assert "Hidden org" not in content, url
    for url in ("/", "/events/"):
        assert "Shown Speaker, Private Positions" in pages[url], url
        assert "Withheld Speaker" not in pages[url], url
    assert "Director, Shown org" in people
    assert "Adviser" not in people
    assert "Secret title" not in people
    staff_events = staff_client.get("/events/").content.decode()
    assert "Shown org, Hidden org" in staff_events
    assert "Hidden topic" in staff_events


def test_draft_records_named_on_public_pages_stay_hidden(client, staff_client):
    """A draft source, publisher or parent organization: named to staff, never to the public."""
    from django.test import Client

    public = Client()  # staff_client is pytest-django's client, logged in
    draft_org = baker.make("kb.Organization", slug="draft-parent", name="Draftparent Institute")
    org = baker.make(
        "kb.Organization", slug="child", name="Child Centre", parent=draft_org, published=True
    )
    draft_doc = baker.make("kb.SourceDocument", slug="draft-doc", title="Draftdoc Release")
    doc = baker.make(
        "kb.SourceDocument", slug="open-doc", title="Open", publisher=draft_org, published=True
    )
    survey = baker.make("kb.Survey", slug="open-survey", title="Open survey", published=True)
    baker.make("kb.Question", survey=survey, number=1, text="Trust?", source=draft_doc)
    event = baker.make("kb.Event", slug="open", date=datetime.date(2023, 1, 1), published=True)
    baker.make("kb.EventOrganization", event=event, organization=org)
    pages = ["/organizations/", "/events/open/", "/documents/open-doc/", "/surveys/open-survey/"]

    for url in pages:
        body = public.get(url).content.decode()
        assert "Draftparent" not in body, url
        assert "Draftdoc" not in body, url
    assert "Child Centre" in public.get("/organizations/").content.decode()
    assert doc.title in public.get("/documents/open-doc/").content.decode()
    staff_pages = {url: staff_client.get(url).content.decode() for url in pages}
    assert "part of Draftparent Institute" in staff_pages["/organizations/"]
    assert (
        'Child Centre</a>, <a href="/organizations/draft-parent/">Draftparent Institute</a> '
        '<span class="badge badge--draft">Not published</span>'
    ) in staff_pages["/events/open/"]
    assert "Draftparent Institute</a>" in staff_pages["/documents/open-doc/"]
    assert "Draftdoc Release</a>" in staff_pages["/surveys/open-survey/"]
