"""Citations and cards that read well: an author when no one "ran" the survey, whole words in
BibTeX keys, each organization once on a card, a survey's mode said once."""

import pytest
from model_bakery import baker

from kb.enums import SurveyOrganizationRole
from kb.models import Organization, Survey, SurveyOrganization

pytestmark = pytest.mark.django_db

EVENT = "kazakhstans-bloody-january-2023-12-07"


def test_a_survey_with_no_conductor_is_cited_after_its_first_organization(client):
    survey = baker.make(
        Survey, slug="s", title="Trust survey", published=True, field_end="2024-02-01"
    )
    lab = baker.make(Organization, name="PaperLab", slug="paperlab", published=True)
    baker.make(SurveyOrganization, survey=survey, organization=lab, role="partner")

    text = client.get("/surveys/s/cite.txt").content.decode()

    assert text.startswith("PaperLab. (2024). Trust survey [Data set")


def test_an_event_bibtex_key_ends_on_a_whole_word(client, documents):
    bibtex = client.get(f"/events/{EVENT}/cite.bib").content.decode()

    key = bibtex.split("{", 1)[1].split(",", 1)[0]
    assert key.endswith("2023KazakhstansBloody")


def test_an_organization_in_two_roles_is_named_once_on_a_card(client):
    survey = baker.make(Survey, slug="s", title="Trust survey", published=True)
    lab = baker.make(Organization, name="PaperLab", slug="paperlab", published=True)
    for position, role in enumerate(
        [SurveyOrganizationRole.CONDUCTOR, SurveyOrganizationRole.PARTNER]
    ):
        baker.make(
            SurveyOrganization, survey=survey, organization=lab, role=role, position=position
        )

    html = client.get("/surveys/").content.decode()

    assert '<span class="card__label">By</span> PaperLab</p>' in html


def test_a_mode_detail_that_repeats_the_mode_is_shown_once(client):
    baker.make(
        Survey,
        slug="s",
        published=True,
        mode="telephone",
        mode_detail="Telephone interviews among adults",
    )

    html = client.get("/surveys/s/").content.decode()

    assert "<dd>Telephone interviews among adults</dd>" in html
