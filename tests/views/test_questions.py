"""A page per question (/surveys/<slug>/questions/<n>/), a page per series (/series/<slug>/)."""

import datetime
import re
from html import unescape

import pytest
from model_bakery import baker

from kb.jinja2.filters import result_figure
from kb.models import Question

SURVEY = "january-events-survey-2023"
WITHIN = "within the margin of error"


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def chart(html):
    """(answer, figure, interval) for each row of the page's results table."""
    body = html.split('class="chart chart--intervals"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(
        r'<th scope="row" class="chart__label">(.*?)</th>\s*<td class="chart__figure[^"]*">(.*?)'
        r'</td>\s*<td class="chart__interval">(.*?)</td>',
        body,
        re.S,
    )
    clean = lambda text: unescape(re.sub(r"<[^>]+>", "", text)).strip()  # noqa: E731
    return [(clean(label), clean(figure), clean(band)) for label, figure, band in rows]


def test_every_question_page_shows_its_figures_exactly(client, documents):
    questions = Question.objects.filter(survey__slug=SURVEY).prefetch_related("results")
    assert questions.count() == 12
    for question in questions:
        html = page(client, f"/surveys/{SURVEY}/questions/{question.number}/")
        shown = [
            (label.removeprefix("of which ").removesuffix(" net"), figure)
            for label, figure, _ in chart(html)
        ]
        expected = sorted(
            ((r.label, result_figure(r)) for r in question.results.all()), key=lambda pair: pair
        )
        assert sorted(shown) == expected, question.number
        assert unescape(question.text) in unescape(html)


def test_the_internet_question_with_its_intervals(client, documents):
    html = page(client, f"/surveys/{SURVEY}/questions/8/")

    assert chart(html) == [
        ("Do not approve of a total shutdown", "44%", "41–47"),
        ("Support", "43.2%", "40.2–46.2"),
    ]
    assert (
        "“Do not approve of a total shutdown” (44%) and “Support” (43.2%) are within the margin "
        "of error of each other: the 0.8-point difference is smaller than its margin of error, "
        "5.6 points. Neither clearly leads."
    ) in unescape(html)
    assert "Intervals use the margin of error the survey reports, ±3 points" in html
    # Both figures and the quoted sentence link to the sentence's anchor on the document page.
    assert html.count('href="/documents/demoscope-january-events-survey/#passage-3512"') == 3
    assert '<a href="/surveys/january-events-survey-2023/#method-title">' in html
    assert 'href="/events/kazakhstans-bloody-january-2023-12-07/"' in html
    assert 'href="/surveys/january-events-survey-2023/questions/7/"' in html
    assert (
        'href="/surveys/january-events-survey-2023/questions/8/"'
        not in html.split("others-title")[1]
    )
    assert "/surveys/january-events-survey-2023/questions/8/cite.bib" in html
    assert '"@type": "Dataset"' in html or '"@type":"Dataset"' in html.replace(": ", ":")


def test_within_the_margin_of_error_is_said_only_of_the_internet_question(client, documents):
    said = [n for n in range(1, 13) if WITHIN in page(client, f"/surveys/{SURVEY}/questions/{n}/")]
    assert said == [8]
    assert WITHIN not in page(client, f"/surveys/{SURVEY}/")


def test_a_bound_and_a_missing_figure_get_no_interval(client, documents):
    rows = chart(page(client, f"/surveys/{SURVEY}/questions/9/"))
    assert rows[0] == ("Fear and anxiety", "33.3%", "30.3–36.3")
    assert rows[-3:] == [
        ("Irritation, apathy, hatred, aggression (each)", "less than 2%", "–"),
        ("Pride", "named, no figure given", "–"),
        ("Trust", "named, no figure given", "–"),
    ]


def test_the_survey_page_links_each_question_to_its_page(client, documents):
    html = page(client, f"/surveys/{SURVEY}/")
    links = re.findall(r'href="/surveys/january-events-survey-2023/questions/(\d+)/"', html)
    assert sorted(set(map(int, links))) == list(range(1, 13))


def test_a_draft_surveys_question_is_only_for_staff(client, admin_client, db):
    survey = baker.make("kb.Survey", slug="draft-one", published=False)
    baker.make("kb.Question", survey=survey, number=1, text="DRAFTMARK question")

    page(client, "/surveys/draft-one/questions/1/", status=404)
    assert "DRAFTMARK question" in page(admin_client, "/surveys/draft-one/questions/1/")
    page(client, f"/surveys/{SURVEY}/questions/99/", status=404)


def test_a_draft_source_document_is_not_linked(client, db):
    survey = baker.make("kb.Survey", slug="public-one", published=True, sample_size=1000)
    document = baker.make(
        "kb.SourceDocument", slug="draft-doc", title="DRAFTMARK doc", published=False
    )
    question = baker.make("kb.Question", survey=survey, number=1, source=document)
    baker.make("kb.Result", question=question, position=0, label="Yes", percent="50.0")

    html = page(client, "/surveys/public-one/questions/1/")
    assert "DRAFTMARK" not in html and "/documents/draft-doc/" not in html
    # From n alone: 1.96 × √(0.25 / 1000) = 3.1 points.
    assert chart(html) == [("Yes", "50%", "46.9–53.1")]


# --- series -----------------------------------------------------------------------------------


def make_series(waves, *, published=True, slug="internet"):
    """A series whose waves are (year, shares of "Against" and "For", survey published)."""
    series = baker.make(
        "kb.QuestionSeries", slug=slug, title="Internet shutdown", published=published
    )
    for year, (against, in_favour), survey_published in waves:
        survey = baker.make(
            "kb.Survey",
            slug=f"wave-{slug}-{year}",
            title=f"Wave {year}",
            published=survey_published,
            field_start=datetime.date(year, 1, 1),
            field_end=datetime.date(year, 1, 21),
            margin_of_error="3.0",
        )
        question = baker.make(
            "kb.Question", survey=survey, number=1, text="Shut down the Internet?"
        )
        baker.make("kb.Result", question=question, position=0, label="Against", percent=against)
        baker.make("kb.Result", question=question, position=1, label="For", percent=in_favour)
        baker.make("kb.SeriesWave", series=series, question=question)
    return series


def test_a_three_wave_series_draws_its_trend_with_the_right_points(client, db):
    make_series(
        [
            (2025, ("50.0", "40.0"), True),
            (2023, ("44.0", "43.2"), True),
            (2024, ("47.5", "40.1"), True),
        ]
    )
    html = page(client, "/series/internet/")

    # Waves in fieldwork order; y = 260 − 2.44 × share; x from the middle of each fieldwork.
    assert re.findall(r'class="trend__path" points="([^"]+)"', html) == [
        "66.4,152.6 293.7,144.1 521.6,138.0",
        "66.4,154.6 293.7,162.2 521.6,162.4",
    ]
    figures = re.findall(r'class="trend__figure"[^>]*>([^<]+)<', html)
    assert figures == ["44%", "47.5%", "50%", "43.2%", "40.1%", "40%"]
    cells = re.findall(r'<td class="num"><strong>([^<]+)</strong>(.*?)</td>', html)
    assert [
        (figure, unescape(re.sub(r"<[^>]+>", " ", rest)).split()) for figure, rest in cells
    ] == [
        ("44%", ["41–47"]),
        ("43.2%", ["40.2–46.2"]),
        ("47.5%", ["44.5–50.5", "+3.5", "points,", "within", "the", "margin", "of", "error"]),
        ("40.1%", ["37.1–43.1", "−3.1", "points,", "within", "the", "margin", "of", "error"]),
        ("50%", ["47–53", "+2.5", "points,", "within", "the", "margin", "of", "error"]),
        ("40%", ["37–43", "−0.1", "points,", "within", "the", "margin", "of", "error"]),
    ]


def test_a_change_larger_than_the_combined_margin_is_not_within(client, db):
    make_series([(2023, ("44.0", "43.2"), True), (2024, ("52.0", "35.0"), True)])
    html = page(client, "/series/internet/")
    assert html.count(WITHIN) == 0
    assert "+8 points" in html and "−8.2 points" in html


def test_a_draft_series_and_a_draft_surveys_wave_stay_out(client, admin_client, db):
    make_series([(2023, ("44.0", "43.2"), True), (2024, ("60.0", "30.0"), False)])
    make_series([(2023, ("1.0", "2.0"), True)], published=False, slug="draft-series")

    html = page(client, "/series/internet/")
    assert "Wave 2024" not in html and "60%" not in html
    assert "Wave 2024" in page(admin_client, "/series/internet/")
    page(client, "/series/draft-series/", status=404)
    listing = page(client, "/series/")
    assert "/series/internet/" in listing and "/series/draft-series/" not in listing


def test_events_between_the_waves_are_marked_on_the_axis(client, db):
    series = make_series([(2023, ("44.0", "43.2"), True), (2025, ("50.0", "40.0"), True)])
    first_survey = series.waves.order_by("pk").first().question.survey
    discussed = baker.make(
        "kb.Event", slug="discussion", title="A discussion", date="2024-03-01", published=True
    )
    discussed.surveys.add(first_survey)
    baker.make("kb.Event", slug="unrelated", title="Unrelated", date="2024-03-02", published=True)
    draft = baker.make("kb.Event", slug="draft-event", date="2024-04-01", published=False)
    draft.surveys.add(first_survey)

    html = page(client, "/series/internet/")
    assert re.findall(r'class="trend__event" x1="([\d.]+)"', html) == ["324.8"]
    assert '<span class="trend__event-key">E1</span> <time datetime="2024-03-01">' in html
    assert "/events/unrelated/" not in html and "/events/draft-event/" not in html


# --- query counts -------------------------------------------------------------------------------


def grown_survey(rows):
    """A survey with `rows` questions of `rows` results, events, series and organizations."""
    survey = baker.make(
        "kb.Survey", slug="grown", published=True, sample_size=900, field_end="2024-01-01"
    )
    document = baker.make("kb.SourceDocument", slug="grown-doc", published=True, text="It says.")
    for number in range(1, rows + 1):
        question = baker.make(
            "kb.Question", survey=survey, number=number, source=document, source_quote="It says."
        )
        for position in range(rows):
            baker.make("kb.Result", question=question, position=position, percent=10 + position)
        question.topics.add(baker.make("kb.Topic", published=True))
    first = survey.questions.get(number=1)
    for n in range(rows):
        event = baker.make("kb.Event", slug=f"event-{n}", date="2024-02-01", published=True)
        event.surveys.add(survey)
        series = baker.make("kb.QuestionSeries", slug=f"series-{n}", published=True)
        baker.make("kb.SeriesWave", series=series, question=first)
        organization = baker.make("kb.Organization", slug=f"org-{n}", published=True)
        baker.make(
            "kb.SurveyOrganization", survey=survey, organization=organization, role="conductor"
        )


@pytest.mark.parametrize("rows", [1, 3])
def test_the_question_page_runs_a_fixed_number_of_queries(
    client, db, django_assert_num_queries, rows
):
    grown_survey(rows)
    with django_assert_num_queries(8):
        html = page(client, "/surveys/grown/questions/1/")
    assert len(chart(html)) == rows


@pytest.mark.parametrize("waves", [1, 3])
def test_the_series_page_runs_a_fixed_number_of_queries(
    client, db, django_assert_num_queries, waves
):
    series = make_series([(2020 + year, ("40.0", "50.0"), True) for year in range(waves)])
    survey = series.waves.order_by("pk").first().question.survey
    for n in range(waves):
        event = baker.make("kb.Event", slug=f"e-{n}", date=f"202{n}-06-01", published=True)
        event.surveys.add(survey)
    with django_assert_num_queries(5):
        html = page(client, "/series/internet/")
    assert html.count('class="trend__point"') == 2 * waves
