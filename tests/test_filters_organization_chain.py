"""An organization filter takes in what sits inside the organization (Central Asia Program ⊂
IERES ⊂ The George Washington University) and reads its short and other names as its slug."""

import pytest

from kb.models import Organization

EVENT = "kazakhstans-bloody-january-2023-12-07"


def slugs(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return [obj.slug for obj in response.context["page_obj"].object_list]


@pytest.mark.parametrize(
    "value", ["george-washington-university", "ieres", "central-asia-program", "GWU", "cap"]
)
def test_events_of_a_program_are_its_institutes_and_universitys(client, documents, value):
    assert slugs(client, f"/events/?organization={value}") == [EVENT]


def test_an_organization_outside_the_chain_does_not_find_them(client, documents):
    assert slugs(client, "/events/?organization=nazarbayev-university") == []


def test_people_of_a_program_are_found_under_its_university(client, documents):
    assert slugs(client, "/people/?organization=george-washington-university") == [
        "karlygash-kabatova"
    ]


def test_surveys_filter_by_another_name_of_a_funder(client, documents):
    # Konrad Adenauer Foundation: short name KAS, other name Konrad-Adenauer-Stiftung.
    for value in ("KAS", "konrad-adenauer-stiftung", "Konrad-Adenauer-Stiftung"):
        assert slugs(client, f"/surveys/?organization={value}") == ["january-events-survey-2023"]


def test_surveys_of_a_lab_are_found_under_the_university_it_joined(client, documents):
    gwu = Organization.objects.get(slug="george-washington-university")
    Organization.objects.filter(slug="paperlab").update(parent=gwu)
    assert slugs(client, "/surveys/?organization=GWU") == ["january-events-survey-2023"]


def test_the_api_reads_a_short_name_and_rejects_an_unknown_one(client, documents):
    response = client.get("/api/events/", {"organization": "no-such-org"})
    assert response.status_code == 400
    assert client.get("/api/events/", {"organization": "CAP"}).json()["count"] == 1


def test_a_draft_inside_the_organization_does_not_bring_its_records(client, documents):
    # The Central Asia Program made a draft: the event and the person linked to it alone are no
    # longer found under its institute or university (a draft link would show through them).
    Organization.objects.filter(slug="central-asia-program").update(published=False)
    for value in ("george-washington-university", "ieres"):
        assert slugs(client, f"/events/?organization={value}") == []
        assert slugs(client, f"/people/?organization={value}") == []
    assert client.get("/api/events/", {"organization": "GWU"}).json()["count"] == 0
