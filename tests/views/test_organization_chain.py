"""An event or survey names its organizations with what they are part of, each linked."""

import pytest
from model_bakery import baker

from kb.enums import SurveyOrganizationRole
from kb.models import Organization, Survey, SurveyOrganization

pytestmark = pytest.mark.django_db

CHAIN = (
    '<a href="/organizations/central-asia-program/">Central Asia Program</a>, '
    '<a href="/organizations/ieres/">Institute for European, Russian and Eurasian Studies</a>, '
    '<a href="/organizations/george-washington-university/">The George Washington University</a>'
)


def test_the_event_page_shows_the_organizers_whole_chain(client, documents):
    html = client.get("/events/kazakhstans-bloody-january-2023-12-07/").content.decode()

    assert CHAIN in html


def test_the_survey_page_shows_the_chain_and_leaves_out_a_draft_parent(client):
    root = baker.make(Organization, slug="root", name="Root University", published=False)
    mid = baker.make(Organization, slug="mid", name="Mid Institute", parent=root, published=True)
    lab = baker.make(Organization, slug="lab", name="Lab", parent=mid, published=True)
    survey = baker.make(Survey, slug="s", published=True)
    baker.make(
        SurveyOrganization, survey=survey, organization=lab, role=SurveyOrganizationRole.CONDUCTOR
    )

    html = client.get("/surveys/s/").content.decode()

    assert (
        '<a href="/organizations/lab/">Lab</a>, <a href="/organizations/mid/">Mid Institute</a>'
        in html
    )
    assert "Root University" not in html


def test_the_staff_preview_marks_unpublished_links(client, admin_client):
    from datetime import date

    from kb.enums import EventPersonRole
    from kb.models import Event, EventPerson, Person

    event = baker.make(Event, slug="ev", published=True, date=date(2024, 1, 1))
    draft = baker.make(Person, name="New Speaker", published=False)
    baker.make(EventPerson, event=event, person=draft, role=EventPersonRole.SPEAKER)

    staff = admin_client.get("/events/ev/").content.decode()
    public = client.get("/events/ev/").content.decode()

    assert 'New Speaker</a> <span class="badge badge--draft">Not published</span>' in staff
    assert "New Speaker" not in public
