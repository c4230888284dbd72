"""What staff are told on save: unpublished links, short toplines, missing places, errors."""

import re

import pytest
from django.contrib.auth.models import User
from model_bakery import baker

from kb.enums import EventPersonRole, QuestionKind
from kb.models import Affiliation, Event, Organization, Person, Question, Survey
from tests.admin_forms import admin_form_data, post_data

pytestmark = pytest.mark.django_db


def _event_form(client, **fields):
    form = admin_form_data(client.get("/admin/kb/event/add/"))
    base = {"title": "Bloody January", "slug": "bloody-january", "date": "2023-12-07"}
    return post_data(form, **(base | fields))


def _with_person(person, i=0, affiliation=None):
    return {
        "person_roles-TOTAL_FORMS": i + 1,
        f"person_roles-{i}-person": person.pk,
        f"person_roles-{i}-role": EventPersonRole.SPEAKER,
        f"person_roles-{i}-position": i,
        f"person_roles-{i}-affiliation": affiliation.pk if affiliation else "",
    }


def _messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_publishing_an_event_with_an_unpublished_speaker_warns_and_publishes_them_in_one_click(
    admin_client,
):
    draft = baker.make(Person, name="New Speaker", slug="new-speaker", published=False)
    host = baker.make(Organization, name="Host Lab", slug="host-lab", published=False)
    affiliation = baker.make(Affiliation, person=draft, organization=host, title="Fellow")
    withheld = baker.make(Person, name="Withheld", published=False, is_public=False)

    response = admin_client.post(
        "/admin/kb/event/add/",
        _event_form(admin_client, published="on", **_with_person(draft, affiliation=affiliation)),
        follow=True,
    )

    (warning,) = [m for m in _messages(response) if "links to records that are not" in m]
    assert "person “New Speaker”, organization “Host Lab”" in warning
    assert "Withheld" not in warning
    event = Event.objects.get()
    action = re.search(r'<form method="post" action="([^"]+)"', warning).group(1)
    assert action == f"/admin/kb/event/{event.pk}/publish-links/"

    response = admin_client.post(action, follow=True)

    assert response.redirect_chain[-1][0] == f"/admin/kb/event/{event.pk}/change/"
    assert Person.objects.get(pk=draft.pk).published is True
    assert Organization.objects.get(pk=host.pk).published is True
    assert Person.objects.get(pk=withheld.pk).published is False
    assert admin_client.get(action).status_code == 405


def test_a_published_event_whose_links_are_published_gets_no_warning(admin_client):
    person = baker.make(Person, name="Known", published=True)

    response = admin_client.post(
        "/admin/kb/event/add/",
        _event_form(admin_client, published="on", **_with_person(person)),
        follow=True,
    )

    assert not [m for m in _messages(response) if "links to records" in m]


def test_a_survey_with_an_unpublished_contact_warns(admin_client):
    contact = baker.make(Person, name="Survey Contact", published=False)
    survey = baker.make(Survey, title="S", slug="s", contact=contact, published=False)
    url = f"/admin/kb/survey/{survey.pk}/change/"

    response = admin_client.post(
        url, post_data(admin_form_data(admin_client.get(url)), published="on"), follow=True
    )

    assert any("person “Survey Contact”" in m for m in _messages(response))


def test_staff_without_rights_may_not_publish_links(client):
    event = baker.make(Event, published=True)
    client.force_login(User.objects.create_user("nobody", is_staff=True))

    response = client.post(f"/admin/kb/event/{event.pk}/publish-links/")

    assert response.status_code == 403


def test_the_affiliation_autocomplete_lists_only_the_chosen_persons_affiliations(admin_client):
    kamila, other = baker.make(Person, _quantity=2)
    org = baker.make(Organization, name="KIBHR")
    hers = baker.make(Affiliation, person=kamila, organization=org, title="Lawyer")
    baker.make(Affiliation, person=other, organization=org, title="Director")
    query = {"app_label": "kb", "model_name": "eventperson", "field_name": "affiliation"}

    narrowed = admin_client.get("/admin/autocomplete/", query | {"person": kamila.pk}).json()
    everyone = admin_client.get("/admin/autocomplete/", query).json()

    assert [r["id"] for r in narrowed["results"]] == [str(hers.pk)]
    assert len(everyone["results"]) == 2
    page = admin_client.get("/admin/kb/event/add/").content.decode()
    assert 'data-forward="person"' in page
    assert "kb/admin-autocomplete.js" in page


def test_the_link_tables_are_not_on_the_admin_index(admin_client):
    html = admin_client.get("/admin/").content.decode()

    listed = re.findall(r'<th scope="row" id="kb-(\w+)">', html)
    assert sorted(listed) == [
        "event",
        "organization",
        "person",
        "questionseries",
        "sourcedocument",
        "survey",
        "topic",
        "transcript",  # a record of its own: uploaded from here, then linked to its recording
    ]


def test_a_complete_topline_far_under_100_is_kept_with_a_warning(admin_client):
    question = baker.make(
        Question, kind=QuestionKind.SINGLE, topline_complete=True, number=1, text="Trust?"
    )
    url = f"/admin/kb/question/{question.pk}/change/"
    form = admin_form_data(admin_client.get(url))
    rows = {"results-TOTAL_FORMS": 2}
    for i, (label, percent) in enumerate([("Trust", "40"), ("Do not trust", "30")]):
        rows |= {
            f"results-{i}-label_en": label,
            f"results-{i}-percent": percent,
            f"results-{i}-qualifier": "exact",
            f"results-{i}-position": i,
        }

    response = admin_client.post(url, post_data(form, **rows), follow=True)

    assert question.results.count() == 2
    assert any("add up to 70.0%, far under 100%" in m for m in _messages(response))


def test_an_in_person_event_without_a_place_is_refused_and_the_error_links_to_it(admin_client):
    response = admin_client.post(
        "/admin/kb/event/add/", _event_form(admin_client, format="in_person", location="")
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert (
        '<li><a href="#id_location">Place</a>: An in-person event needs a place: '
        "say where it is held.</li>"
    ) in html
    assert 'id="id_location"' in html
    assert not Event.objects.exists()


def test_an_inline_rows_error_links_to_its_field(admin_client):
    kamila, other = baker.make(Person, _quantity=2)
    theirs = baker.make(Affiliation, person=other)

    response = admin_client.post(
        "/admin/kb/event/add/",
        _event_form(admin_client, **_with_person(kamila, affiliation=theirs)),
    )

    assert (
        '<a href="#id_person_roles-0-affiliation">People at the event, row 1: '
        "Affiliation at the time</a>: This affiliation belongs to someone else."
    ) in response.content.decode()
