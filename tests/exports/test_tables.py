"""CSV downloads: what a spreadsheet would run as a formula goes out as text; numbers stay."""

import csv
import io

import pytest
from model_bakery import baker

from kb.enums import EventPersonRole
from kb.exports.tables import spreadsheet_cell

pytestmark = pytest.mark.django_db

FORMULAS = ["=1+2", "+SUM(A1)", "-2+3", "@SUM(1)", "\tcmd", "\r=cmd", '=HYPERLINK("x")']


def rows(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return list(csv.reader(io.StringIO(response.content.decode("utf-8")[1:])))


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+2", "'=1+2"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2+3", "'-2+3"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("-5", "-5"),
        ("-5.25", "-5.25"),
        ("+1e3", "+1e3"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        (-5, -5),
        ("", ""),
    ],
)
def test_a_cell_that_starts_like_a_formula_is_text(value, cell):
    assert spreadsheet_cell(value) == cell


def test_every_csv_download_neutralises_formulas(client):
    event = baker.make(
        "kb.Event",
        slug="formulas",
        title="=1+2",
        location="+SUM(A1)",
        date="2023-12-07",
        published=True,
    )
    person = baker.make(
        "kb.Person", slug="at-person", name="@SUM(1)", sort_name="-2+3", published=True
    )
    baker.make("kb.EventPerson", event=event, person=person, role=EventPersonRole.SPEAKER)
    survey = baker.make("kb.Survey", slug="s", title="\tcmd", published=True)
    question = baker.make(
        "kb.Question", survey=survey, number=1, text="-5", short_label="\rcmd", base="-12"
    )
    baker.make("kb.Result", question=question, position=0, label="=cmd", percent="5.0")

    _, event_row = rows(client, "/events/export.csv")
    _, person_row = rows(client, "/people/export.csv")
    _, result_row = rows(client, "/surveys/s/results.csv")

    assert event_row[1:2] + event_row[9:10] + event_row[13:14] == ["'=1+2", "'+SUM(A1)", "'@SUM(1)"]
    assert person_row[1:3] == ["'@SUM(1)", "'-2+3"]
    assert [result_row[i] for i in (1, 3, 4, 7, 9)] == ["'\tcmd", "-5", "'\rcmd", "-12", "'=cmd"]
    for row in (event_row, person_row, result_row):
        assert not [cell for cell in row if cell.startswith(tuple("=+@\t\r"))]
