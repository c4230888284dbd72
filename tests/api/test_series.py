"""The question series in the API, the question's page URL and the survey's DDI address."""

import pytest

from tests.views.test_questions import make_series

pytestmark = pytest.mark.django_db


def test_a_series_lists_its_published_waves_in_fieldwork_order(client):
    make_series(
        [
            (2024, ("47.5", "40.1"), True),
            (2023, ("44.0", "43.2"), True),
            (2025, ("60.0", "30.0"), False),
        ]
    )
    data = client.get("/api/series/internet/").json()

    assert data["page_url"] == "http://testserver/series/internet/"
    assert [wave["survey"]["slug"] for wave in data["waves"]] == [
        "wave-internet-2023",
        "wave-internet-2024",
    ]
    first = data["waves"][0]
    assert first["question_page_url"] == "http://testserver/surveys/wave-internet-2023/questions/1/"
    assert (first["margin_of_error"], first["margin_source"]) == (3.0, "reported")
    assert [(r["label"], r["percent"]) for r in first["results"]] == [
        ("Against", 44.0),
        ("For", 43.2),
    ]


def test_a_draft_series_is_not_in_the_api(client):
    make_series([(2023, ("1.0", "2.0"), True)], published=False, slug="draft-series")
    assert client.get("/api/series/draft-series/").status_code == 404
    assert client.get("/api/series/").json()["count"] == 0


def test_a_question_carries_its_page_and_series_and_a_survey_its_ddi(client):
    series = make_series([(2023, ("44.0", "43.2"), True)])
    question = series.waves.get().question

    data = client.get(f"/api/questions/{question.pk}/").json()
    assert data["page_url"] == "http://testserver/surveys/wave-internet-2023/questions/1/"
    assert data["series"] == [
        {
            "slug": "internet",
            "title": "Internet shutdown",
            "comparability": "same",
            "wording_note": "",
        }
    ]
    survey = client.get("/api/surveys/wave-internet-2023/").json()
    assert survey["ddi_url"] == "http://testserver/surveys/wave-internet-2023/ddi.xml"
    assert survey["questions"][0]["page_url"] == data["page_url"]


@pytest.mark.parametrize("waves", [1, 3])
def test_the_series_list_runs_a_fixed_number_of_queries(client, django_assert_num_queries, waves):
    for n in range(waves):
        make_series(
            [(2020 + year, ("40.0", "50.0"), True) for year in range(waves)], slug=f"series-{n}"
        )
    with django_assert_num_queries(5):
        data = client.get("/api/series/").json()
    assert data["count"] == waves
