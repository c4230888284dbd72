"""A survey as a DDI Codebook 2.5 document (`/surveys/<slug>/ddi.xml`), for data archives.

The study description carries what the survey page's methodology says; each question is a
variable whose categories carry the printed shares as percentages (`catStat type="percent"`).
A net over other options is a category group (`catgryGrp`) naming its parts; a share printed
as a bound ("less than 2%") is a `catStat type="other"` saying so, and an option named without
a figure has no `catStat`. Multiple choice and incomplete toplines are said in each variable's
notes. Elements follow the order of the DDI-C 2.5 schema, which Dataverse's importer expects.
Only what the public page shows goes in (kb.visibility): published surveys, organizations,
topics, and a contact only when that person is public.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from kb import visibility
from kb.enums import FigureQualifier, SurveyOrganizationRole
from kb.margins import margin_of
from kb.models import Question, Survey
from kb.text import figure, plain_text

NS = "ddi:codebook:2_5"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA = "https://ddialliance.org/Specification/DDI-Codebook/2.5/XMLSchema/codebook.xsd"
AGENCY = "Kenes"

ET.register_namespace("", NS)
ET.register_namespace("xsi", XSI)


def _el(parent, tag: str, text: str | None = None, **attrs) -> ET.Element:
    # XML 1.0 has no control characters: staff's text goes in without them (kb.text.plain_text).
    attrs = {k: plain_text(str(v)) for k, v in attrs.items() if v}
    element = ET.SubElement(parent, f"{{{NS}}}{tag}", attrs)
    if text:
        element.text = plain_text(text)
    return element


def variable_id(question: Question) -> str:
    return f"V{question.number}"


def category_id(question: Question, position: int) -> str:
    return f"V{question.number}_C{position}"


def codebook(survey: Survey, *, page_url: str, ddi_url: str) -> ET.Element:
    """The codeBook element of a published survey whose relations were prefetched."""
    root = ET.Element(
        f"{{{NS}}}codeBook",
        {
            "version": "2.5",
            "ID": f"kenes-{survey.slug}",
            f"{{{XSI}}}schemaLocation": f"{NS} {SCHEMA}",
        },
    )
    _doc_description(root, survey, ddi_url)
    _study_description(root, survey, page_url)
    data = _el(root, "dataDscr")
    for question in sorted(survey.questions.all(), key=lambda q: q.number):
        _variable(data, question)
    return root


def _doc_description(root, survey: Survey, ddi_url: str) -> None:
    citation = _el(_el(root, "docDscr"), "citation")
    _el(_el(citation, "titlStmt"), "titl", f"DDI Codebook of: {survey.title}")
    production = _el(citation, "prodStmt")
    _el(production, "producer", AGENCY, abbr=AGENCY)
    today = timezone.localdate().isoformat()
    _el(production, "prodDate", today, date=today)
    _el(citation, "holdings", URI=ddi_url)


def _study_description(root, survey: Survey, page_url: str) -> None:
    study = _el(root, "stdyDscr")
    citation = _el(study, "citation")
    titles = _el(citation, "titlStmt")
    _el(titles, "titl", survey.title)
    if survey.headline:
        _el(titles, "subTitl", survey.headline)
    _el(titles, "IDNo", survey.slug, agency=AGENCY)

    def orgs(role):
        return visibility.organizations_in_role(survey, role)

    responsibility = _el(citation, "rspStmt")
    for org in orgs(SurveyOrganizationRole.CONDUCTOR):
        _el(responsibility, "AuthEnty", org.name)
    for org in orgs(SurveyOrganizationRole.IMPLEMENTER):
        _el(responsibility, "othId", org.name, role="Data collection")
    for org in orgs(SurveyOrganizationRole.PARTNER):
        _el(responsibility, "othId", org.name, role="Partner")
    production = _el(citation, "prodStmt")
    for org in orgs(SurveyOrganizationRole.CONDUCTOR):
        _el(production, "producer", org.name, abbr=org.short_name, role="Conducted the survey")
    for org in orgs(SurveyOrganizationRole.FUNDER):
        _el(production, "fundAg", org.name, abbr=org.short_name)
    distribution = _el(citation, "distStmt")
    _el(distribution, "distrbtr", AGENCY, URI=page_url)
    contact = visibility.survey_contact(survey)
    if contact is not None:
        _el(distribution, "contact", contact.name)
    _el(citation, "holdings", "The survey's page, with every question's results", URI=page_url)

    info = _el(study, "stdyInfo")
    topics = visibility.public_topics(survey)
    if topics:
        subject = _el(info, "subject")
        for topic in topics:
            _el(subject, "keyword", topic.name)
    if survey.summary or survey.headline:
        _el(info, "abstract", survey.summary or survey.headline)
    summary = _el(info, "sumDscr")
    if survey.field_start:
        _el(
            summary,
            "collDate",
            survey.field_start.isoformat(),
            date=survey.field_start.isoformat(),
            event="start",
        )
    if survey.field_end:
        _el(
            summary,
            "collDate",
            survey.field_end.isoformat(),
            date=survey.field_end.isoformat(),
            event="end",
        )
    if survey.country:
        _el(summary, "nation", survey.country)
    if survey.geography:
        _el(summary, "geogCover", survey.geography)
    _el(summary, "anlyUnit", "Individuals")
    if survey.population:
        _el(summary, "universe", survey.population)
    _el(summary, "dataKind", "Survey data")

    method = _el(study, "method")
    collection = _el(method, "dataColl")
    for org in orgs(SurveyOrganizationRole.IMPLEMENTER):
        _el(collection, "dataCollector", org.name, abbr=org.short_name)
    if survey.sampling:
        _el(collection, "sampProc", survey.sampling)
    if survey.sample_size:
        _el(_el(collection, "targetSampleSize"), "sampleSize", str(survey.sample_size))
    _el(collection, "collMode", survey.mode_detail or survey.get_mode_display())
    if survey.weighting:
        _el(collection, "weight", survey.weighting)
    if survey.methodology_note:
        _el(method, "notes", survey.methodology_note)
    analysis = _el(method, "anlyInfo")
    if survey.response_rate is not None:
        _el(analysis, "respRate", f"{figure(survey.response_rate)}%")
    error = sampling_error(survey)
    if error:
        _el(analysis, "EstSmpErr", error)


def sampling_error(survey: Survey) -> str:
    """The margin of error as the survey states it, and how Kenes derives each figure's."""
    parts = []
    if survey.margin_of_error is not None:
        text = (
            f"Margin of error {survey.get_margin_qualifier_display()} "
            f"{figure(survey.margin_of_error)}%"
        )
        if survey.confidence_level is not None:
            text += f" at the {figure(survey.confidence_level)}% confidence level"
        parts.append(text + ".")
    if survey.design_effect:
        parts.append(f"Design effect {survey.design_effect}.")
    margin = margin_of(survey)
    if margin is not None:
        parts.append(margin.explanation)
    return " ".join(parts)


def _variable(data, question: Question) -> None:
    results = question.ordered_results()
    var = _el(
        data,
        "var",
        ID=variable_id(question),
        name=f"Q{question.number}",
        intrvl="discrete",
        nature="nominal",
    )
    _el(var, "labl", question.short_label or question.text[:200])
    _el(_el(var, "qstn", seqNo=str(question.number)), "qstnLit", question.text)
    if question.base:
        _el(var, "universe", question.base)
    parts_of: dict[int, list] = {}
    for result in results:
        if result.net_id:
            parts_of.setdefault(result.net_id, []).append(result)
    for result in results:
        parts = parts_of.get(result.pk)
        if not (result.is_net and parts):
            continue
        group = _el(
            var,
            "catgryGrp",
            catgry=" ".join(category_id(question, part.position) for part in parts),
            excls="false" if question.is_multiple else "true",
        )
        _el(group, "labl", result.label)
        _category_figure(group, result, text_first=False)
    for result in results:
        if result.is_net and parts_of.get(result.pk):
            continue  # drawn as its group above
        category = _el(var, "catgry", ID=category_id(question, result.position))
        _el(category, "catValu", str(result.position + 1))
        _el(category, "labl", result.label)
        if result.is_net:
            _el(category, "txt", "A net (total) of options the source does not list.")
        _category_figure(category, result)
    notes = []
    if question.is_multiple:
        notes.append(
            "Multiple choice: respondents could give several answers; shares do not sum to 100."
        )
    if not question.topline_complete:
        notes.append("Incomplete topline: the source gives only some of the options' shares.")
    notes.append("Frequencies are percentages of respondents, as published.")
    if question.note:
        notes.append(question.note)
    _el(var, "notes", " ".join(notes))


def _category_figure(element, result, *, text_first: bool = True) -> None:
    """The share as catStat, and a txt when it is a bound or missing.

    A catgry holds its txt before its catStat, a catgryGrp after (the schema's order).
    """
    value = figure(result.percent)
    note = ""
    if result.percent is None:
        note = "Named by the source without a figure."
    elif result.qualifier != FigureQualifier.EXACT:
        note = f"The source gives this share as {result.get_qualifier_display()} {value}%."
    if note and text_first:
        _el(element, "txt", note)
    if result.percent is not None:
        if result.qualifier == FigureQualifier.EXACT:
            _el(element, "catStat", value, type="percent")
        else:
            # An NMTOKEN: "percent-less-than".
            kind = "percent-" + result.get_qualifier_display().replace(" ", "-")
            _el(element, "catStat", value, type="other", otherType=kind)
    if note and not text_first:
        _el(element, "txt", note)


def ddi_xml(survey: Survey, *, page_url: str, ddi_url: str) -> bytes:
    root = codebook(survey, page_url=page_url, ddi_url=ddi_url)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def survey_ddi(request, slug):
    survey = get_object_or_404(Survey.objects.published().with_detail_related(), slug=slug)
    body = ddi_xml(
        survey,
        page_url=request.build_absolute_uri(survey.get_absolute_url()),
        ddi_url=request.build_absolute_uri(),
    )
    response = HttpResponse(body, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{survey.slug}-ddi.xml"'
    return response
