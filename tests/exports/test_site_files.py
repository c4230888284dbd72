"""Small files every site answers: the favicon; what results.csv says of an unnumbered option."""

import csv
import io

import pytest
from django.contrib.staticfiles import finders
from model_bakery import baker

from kb.models import Question, Result, Survey

pytestmark = pytest.mark.django_db


def test_favicon_answers(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    assert response["Location"] == "/static/favicon.ico"
    assert finders.find("favicon.ico").endswith("static/favicon.ico")


def test_an_option_without_a_figure_says_so_in_results_csv(client):
    survey = baker.make(Survey, slug="s", published=True)
    question = baker.make(Question, survey=survey, number=1, text="Who is to blame?")
    baker.make(Result, question=question, position=0, label="Police", percent="40.0")
    baker.make(Result, question=question, position=1, label="Others", percent=None)

    body = client.get("/surveys/s/results.csv").content
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))

    assert [(r["option"], r["percent"], r["qualifier"]) for r in rows] == [
        ("Police", "40.0", "exact"),
        ("Others", "", "no_figure"),
    ]
