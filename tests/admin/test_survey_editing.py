"""Staff edit surveys in the admin: questions, results, nets, sample shares, withheld people."""

from decimal import Decimal

import pytest
from model_bakery import baker

from kb.enums import QuestionKind
from kb.models import (
    Person,
    Question,
    Result,
    SampleComposition,
    Survey,
)
from tests.admin.conftest import page_errors
from tests.admin_forms import admin_form_data, post_data

pytestmark = pytest.mark.django_db


# --- Surveys --------------------------------------------------------------------------------


def survey_post(client, shares, *, kind=QuestionKind.SINGLE, **changes):
    """GET the add page; fill in a survey with one question and its results, nested."""
    form = admin_form_data(client.get("/admin/kb/survey/add/"))
    fields = {
        "title": "January events survey",
        "slug": "january-events-survey-2023",
        "field_start": "2022-12-29",
        "field_end": "2023-01-14",
        "sample_size": "1047",
        "margin_of_error": "3.0",
        "confidence_level": "95",
        "questions-TOTAL_FORMS": 1,
        "questions-0-number": 1,
        "questions-0-kind": kind,
        "questions-0-topline_complete": "on",
        "questions-0-text_en": "How do you feel about the order to shoot protesters?",
        "questions-0-base": "All respondents",
        "questions-0-results-TOTAL_FORMS": len(shares),
        "questions-0-results-INITIAL_FORMS": 0,
        "questions-0-results-MIN_NUM_FORMS": 0,
        "questions-0-results-MAX_NUM_FORMS": 1000,
    }
    for i, (label, percent) in enumerate(shares):
        fields |= {
            f"questions-0-results-{i}-position": i,
            f"questions-0-results-{i}-label_en": label,
            f"questions-0-results-{i}-percent": percent,
            f"questions-0-results-{i}-qualifier": "exact",
        }
    return client.post("/admin/kb/survey/add/", post_data(form, **(fields | changes)))


Q1 = [("Disapprove", "71.1"), ("Support", "11.3"), ("Difficult to answer", "11.1")]


def test_staff_create_a_survey_question_with_three_results(staff_client):
    response = survey_post(staff_client, Q1)

    assert response.status_code == 302, page_errors(response)
    question = Question.objects.get(survey__slug="january-events-survey-2023", number=1)
    assert [(r.position, r.label, r.percent) for r in question.results.all()] == [
        (0, "Disapprove", Decimal("71.1")),
        (1, "Support", Decimal("11.3")),
        (2, "Difficult to answer", Decimal("11.1")),
    ]


@pytest.mark.parametrize(
    ("percent", "message"),
    [("120", "A percentage cannot be above 100."), ("-1", "A percentage cannot be below 0.")],
)
def test_a_percentage_outside_0_to_100_is_refused(admin_client, percent, message):
    response = survey_post(admin_client, [("Disapprove", percent), ("Support", "11.3")])

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Survey.objects.exists()
    assert not Result.objects.exists()


def test_a_sample_share_outside_0_to_100_is_refused(admin_client):
    response = survey_post(
        admin_client,
        Q1,
        **{
            "composition-TOTAL_FORMS": 1,
            "composition-0-dimension": "gender",
            "composition-0-category": "Men",
            "composition-0-percent": "154.2",
            "composition-0-position": 0,
        },
    )

    assert response.status_code == 200
    assert "A percentage cannot be above 100." in response.content.decode()
    assert not SampleComposition.objects.exists()


def test_single_choice_shares_over_100_are_refused(admin_client):
    response = survey_post(admin_client, [("Yes", "50"), ("No", "50"), ("Maybe", "30")])

    assert response.status_code == 200
    assert (
        "The shares of this single-choice question add up to 130%, more than 100%."
        in response.content.decode()
    )
    assert not Survey.objects.exists()


def test_multiple_choice_shares_over_100_are_accepted(admin_client):
    response = survey_post(
        admin_client, [("Fear", "50"), ("Anger", "50"), ("Sadness", "30")], kind="multiple"
    )

    assert response.status_code == 302, page_errors(response)
    assert Question.objects.get().results.count() == 3


def test_rounding_slack_is_allowed(admin_client):
    response = survey_post(admin_client, [("Yes", "50.4"), ("No", "50.3")])

    assert response.status_code == 302, page_errors(response)


def test_fieldwork_that_ends_before_it_starts_is_refused(admin_client):
    response = survey_post(admin_client, Q1, field_start="2023-01-14", field_end="2022-12-29")

    assert response.status_code == 200
    assert "Fieldwork ends before it starts." in response.content.decode()
    assert not Survey.objects.exists()


def question_change(client, question, edit):
    """GET the question's own page, apply `edit` to its form data and post it back."""
    url = f"/admin/kb/question/{question.pk}/change/"
    form = admin_form_data(client.get(url))
    return client.post(url, post_data(form, **edit(form)))


@pytest.fixture
def trust_question():
    """Q3 of the survey: trust in official information, with its nets and their parts."""
    question = baker.make(Question, number=3, kind=QuestionKind.SINGLE)
    distrust = baker.make(
        Result, question=question, position=0, label="Do not trust", percent=53, is_net=True
    )
    for position, label, percent in [(1, "Not at all", "30.8"), (2, "Rather not", "22.2")]:
        baker.make(
            Result,
            question=question,
            position=position,
            label=label,
            percent=Decimal(percent),
            net=distrust,
        )
    return question


def test_a_net_whose_parts_disagree_is_refused(admin_client, trust_question):
    def edit(form):
        assert form["results-1-label_en"] == ["Not at all"]
        return {"results-1-percent": "40.8"}

    response = question_change(admin_client, trust_question, edit)

    assert response.status_code == 200
    assert (
        "The net &quot;Do not trust&quot; is 53.0% but its parts add up to 63.0%."
        in response.content.decode()
    )
    assert trust_question.results.get(position=1).percent == Decimal("30.8")


def test_a_net_and_its_parts_save_from_the_question_page(admin_client, trust_question):
    response = question_change(admin_client, trust_question, lambda form: {})

    assert response.status_code == 302, page_errors(response)
    assert [(r.label, r.net.label if r.net else None) for r in trust_question.results.all()] == [
        ("Do not trust", None),
        ("Not at all", "Do not trust"),
        ("Rather not", "Do not trust"),
    ]


def test_staff_withhold_a_person_from_the_public_in_its_own_fieldset(admin_client):
    person = baker.make(Person, name="Snezhana Tsoy", published=True)
    url = f"/admin/kb/person/{person.pk}/change/"
    page = admin_client.get(url)
    html = page.content.decode()
    fieldset = html[html.index('class="fieldset-heading">Not public</h2>') :]
    fieldset = fieldset[: fieldset.index("</fieldset>")]

    assert "Untick “show publicly” to withhold this person from every public page" in fieldset
    for flag in ("is_public", "bio_public", "photo_public", "affiliations_public"):
        assert f'name="{flag}"' in fieldset
    form = admin_form_data(page)
    del form["is_public"]  # an unticked box is not sent

    response = admin_client.post(url, form)

    assert response.status_code == 302, page_errors(response)
    assert list(Person.objects.public()) == []
