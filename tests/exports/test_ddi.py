"""The DDI Codebook 2.5 export: the structure Dataverse reads, every figure, nothing withheld."""

import datetime
import os
import xml.etree.ElementTree as ET

import pytest

from kb.models import Question, Survey
from kb.text import figure
from tests.factories import LEAK_MARKS, open_world

NS = {"d": "ddi:codebook:2_5"}
URL = "/surveys/january-events-survey-2023/ddi.xml"


def get_ddi(client, url=URL):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    return ET.fromstring(response.content)  # noqa: S314 - our own output


def texts(root, path):
    return [element.text for element in root.findall(path, NS)]


def test_study_description_has_what_dataverse_reads(client, documents):
    root = get_ddi(client)

    assert root.tag == "{ddi:codebook:2_5}codeBook"
    assert root.get("version") == "2.5"
    study = "d:stdyDscr"
    assert texts(root, f"{study}/d:citation/d:titlStmt/d:titl") == [
        "What People in Kazakhstan Think of the January Events"
    ]
    assert texts(root, f"{study}/d:citation/d:titlStmt/d:IDNo") == ["january-events-survey-2023"]
    assert texts(root, f"{study}/d:citation/d:rspStmt/d:AuthEnty") == [
        "DEMOSCOPE Public Opinion Express Monitoring Bureau",
        "PaperLab Research Center",
    ]
    assert texts(root, f"{study}/d:citation/d:prodStmt/d:producer") == [
        "DEMOSCOPE Public Opinion Express Monitoring Bureau",
        "PaperLab Research Center",
    ]
    assert texts(root, f"{study}/d:citation/d:prodStmt/d:fundAg") == ["Konrad Adenauer Foundation"]
    summary = f"{study}/d:stdyInfo/d:sumDscr"
    dates = root.findall(f"{summary}/d:collDate", NS)
    assert [(d.get("event"), d.get("date")) for d in dates] == [
        ("start", "2022-12-29"),
        ("end", "2023-01-14"),
    ]
    assert texts(root, f"{summary}/d:nation") == ["Kazakhstan"]
    assert texts(root, f"{summary}/d:universe") == [
        "Mobile subscribers in Kazakhstan aged 18 and over"
    ]
    assert texts(root, f"{summary}/d:geogCover") == [
        "17 regions and the cities of republican significance (Astana, Almaty, Shymkent)"
    ]
    collection = f"{study}/d:method/d:dataColl"
    assert texts(root, f"{collection}/d:dataCollector") == [
        "MediaNet International Centre of Journalism"
    ]
    assert texts(root, f"{collection}/d:targetSampleSize/d:sampleSize") == ["1047"]
    assert texts(root, f"{collection}/d:collMode") == [
        "Telephone interviews among mobile subscribers in Kazakhstan."
    ]
    assert texts(root, f"{collection}/d:weight") == ["Weighted by gender and age of respondents."]
    analysis = f"{study}/d:method/d:anlyInfo"
    assert texts(root, f"{analysis}/d:respRate") == ["12%"]
    [error] = texts(root, f"{analysis}/d:EstSmpErr")
    assert error.startswith("Margin of error at most 3% at the 95% confidence level.")


def test_every_question_is_a_variable_with_every_figure(client, documents):
    root = get_ddi(client)
    survey = Survey.objects.get(slug="january-events-survey-2023")
    questions = Question.objects.filter(survey=survey).prefetch_related("results")

    variables = root.findall("d:dataDscr/d:var", NS)
    assert [v.get("name") for v in variables] == [f"Q{n}" for n in range(1, 13)]
    for question, var in zip(questions.order_by("number"), variables, strict=True):
        assert var.find("d:qstn/d:qstnLit", NS).text == question.text
        shown = {}
        for element in [*var.findall("d:catgry", NS), *var.findall("d:catgryGrp", NS)]:
            stat = element.find("d:catStat", NS)
            shown[element.find("d:labl", NS).text] = None if stat is None else stat.text
        expected = {r.label: figure(r.percent) or None for r in question.results.all()}
        assert shown == expected, question.number


def test_nets_bounds_and_notes(client, documents):
    root = get_ddi(client)
    q3 = root.find("d:dataDscr/d:var[@name='Q3']", NS)
    groups = q3.findall("d:catgryGrp", NS)
    assert [(g.find("d:labl", NS).text, g.get("catgry")) for g in groups] == [
        ("Do not trust (total)", "V3_C1 V3_C2"),
        ("Trust (total)", "V3_C4 V3_C5"),
    ]
    assert [c.get("ID") for c in q3.findall("d:catgry", NS)] == ["V3_C1", "V3_C2", "V3_C4", "V3_C5"]
    assert "Incomplete topline" in q3.find("d:notes", NS).text

    q9 = root.find("d:dataDscr/d:var[@name='Q9']", NS)
    assert q9.find("d:notes", NS).text.startswith("Multiple choice")
    irritation = q9.find("d:catgry[d:catValu='8']", NS)
    stat = irritation.find("d:catStat", NS)
    bound = ("other", "percent-less-than", "2")
    assert (stat.get("type"), stat.get("otherType"), stat.text) == bound
    pride = q9.find("d:catgry[d:catValu='9']", NS)
    assert pride.find("d:catStat", NS) is None
    assert pride.find("d:txt", NS).text == "Named by the source without a figure."

    q1 = root.find("d:dataDscr/d:var[@name='Q1']", NS)
    notes = q1.find("d:notes", NS).text
    assert notes == "Frequencies are percentages of respondents, as published."


@pytest.fixture
def world(db):
    return open_world(upcoming_date=datetime.date(2099, 1, 1))


def test_drafts_and_withheld_data_stay_out(client, world):
    body = client.get(URL).content.decode()

    assert not [mark for mark in LEAK_MARKS if mark in body]
    # The contact is a withheld person; the implementer a draft organization.
    assert "<contact>" not in body and "dataCollector" not in body
    assert client.get("/surveys/draftmark-survey/ddi.xml").status_code == 404
    assert client.get("/surveys/no-such-survey/ddi.xml").status_code == 404


@pytest.mark.skipif(
    not os.environ.get("KENES_DDI_XSD"),
    reason="KENES_DDI_XSD names no copy of the DDI-C 2.5 schema (codebook.xsd)",
)
def test_ddi_is_valid_against_the_ddi_codebook_25_schema(client, documents):
    """Run with KENES_DDI_XSD=/path/to/DDI-Codebook/2.5/schemas/codebook.xsd (not shipped)."""
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(os.environ["KENES_DDI_XSD"]))
    document = etree.fromstring(client.get(URL).content)
    assert schema.validate(document), [error.message for error in schema.error_log]
