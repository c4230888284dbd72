"""render_markdown: Markdown for staff, and nothing that runs ever reaches a page."""

import pytest

from kb.text import figure, markdown_text, render_markdown

XSS_VECTORS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/xss.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<iframe src='https://evil.example'></iframe>",
    "<iframe srcdoc='<script>alert(1)</script>'></iframe>",
    "<object data='javascript:alert(1)'></object>",
    "<embed src='javascript:alert(1)'>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](java&#x09;script:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![x](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="#" onclick="alert(1)">x</a>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<div onmouseover="alert(1)">hover</div>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<body onload=alert(1)>",
    '<form action="javascript:alert(1)"><button>x</button></form>',
    "<meta http-equiv='refresh' content='0;url=javascript:alert(1)'>",
    "<link rel=stylesheet href=//evil.example/x.css>",
    "<base href='javascript:alert(1)//'>",
    "<!--<img src=x onerror=alert(1)>-->",
    "<<script>script>alert(1)<</script>/script>",
    '<input autofocus onfocus="alert(1)">',
]
FORBIDDEN = [
    "<script",
    "onerror",
    "onload",
    "onclick",
    "onmouseover",
    "ontoggle",
    "onfocus",
    "javascript:",
    "vbscript:",
    "data:",
    "<iframe",
    "<svg",
    "<object",
    "<embed",
    "<img",
    "<style",
    "style=",
    "<form",
    "<meta",
    "<link",
    "<base",
    "<input",
]


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_xss_vectors_never_survive(vector):
    html = render_markdown(vector).lower()

    assert [bad for bad in FORBIDDEN if bad in html] == []


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_xss_vectors_never_survive_inside_markdown(vector):
    html = render_markdown(f"Some **bold** text\n\n- a list item {vector}\n\n> quoted {vector}")

    assert [bad for bad in FORBIDDEN if bad in html.lower()] == []
    assert "<strong>bold</strong>" in html


def test_markdown_keeps_what_staff_write():
    html = render_markdown(
        "## Findings\n\n*Most* people [disapprove](https://example.org/report).\n\n"
        "1. first\n2. second\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    )

    assert "<h2>Findings</h2>" in html
    assert "<em>Most</em>" in html
    assert (
        '<a href="https://example.org/report" rel="noopener noreferrer nofollow">disapprove</a>'
        in html
    )
    assert "<ol>" in html and "<li>first</li>" in html
    assert "<td>1</td>" in html


def test_a_level_one_heading_becomes_level_two_because_the_page_owns_its_h1():
    assert render_markdown("# Biography") == "<h2>Biography</h2>"


def test_empty_text_renders_nothing():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""


@pytest.mark.parametrize(
    ("value", "shown"),
    [("71.1", "71.1"), ("53.0", "53"), ("26.0", "26"), ("0.5", "0.5"), ("100.0", "100")],
)
def test_figures_show_as_printed(value, shown):
    from decimal import Decimal

    assert figure(Decimal(value)) == shown


@pytest.mark.django_db
def test_survey_charts_escape_what_staff_typed(client):
    """Charts (kb/includes/results_chart.html): labels and questions are escaped."""
    from model_bakery import baker

    survey = baker.make("kb.Survey", slug="s", title="Survey", published=True)
    question = baker.make(
        "kb.Question", survey=survey, number=1, text="<img src=x onerror=alert(1)>", short_label=""
    )
    baker.make(
        "kb.Result", question=question, position=1, label="<script>alert(1)</script>", percent=12
    )

    content = client.get("/surveys/s/").content.decode()

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "&lt;img src=x onerror=alert(1)&gt;" in content
    assert "<script>alert(1)" not in content
    assert "<img src=x" not in content


@pytest.mark.django_db
def test_list_cards_and_question_blocks_escape_what_staff_typed(client):
    """The repeated partials are Jinja2 templates (kb/jinja2.py): autoescaped like Django's."""
    import datetime

    from model_bakery import baker

    attack = "<script>alert(1)</script>"
    shown = "&lt;script&gt;alert(1)&lt;/script&gt;"
    topic = baker.make("kb.Topic", slug="t", name=f"Topic {attack}", published=True)
    organization = baker.make("kb.Organization", slug="o", name=f"Org {attack}", published=True)
    event = baker.make(
        "kb.Event", slug="e", title=f"Event {attack}", date=datetime.date(2023, 12, 7),
        published=True,
    )  # fmt: skip
    event.topics.add(topic)
    baker.make("kb.EventOrganization", event=event, organization=organization, position=1)
    survey = baker.make("kb.Survey", slug="s", title=f"Survey {attack}", published=True)
    survey.topics.add(topic)
    question = baker.make(
        "kb.Question", survey=survey, number=1, text=f"Question {attack}", short_label="",
        note=f"Note {attack}", source_quote=f"Quote {attack}",
    )  # fmt: skip
    question.topics.add(topic)
    baker.make("kb.Result", question=question, position=1, label="Yes", percent=12)

    for url in ("/", "/events/", "/surveys/", "/topics/t/", "/surveys/s/"):
        content = client.get(url).content.decode()
        assert shown in content, url
        assert attack not in content, url


def test_one_text_leaves_nothing_behind_for_the_next():
    """The converter is reused per thread (kb.text): abbreviations, footnotes and references
    of one staff text never reach the next one."""
    first = render_markdown(
        "The CSTO came.[^1]\n\n*[CSTO]: Collective Security Treaty Organization\n\n"
        "[^1]: A note.\n\n[ref]: https://example.org"
    )
    assert "<abbr" in first
    second = render_markdown("The CSTO left. See [it][ref].")
    assert "<abbr" not in second
    assert "A note." not in second
    assert "example.org" not in second


def test_partials_print_dates_as_django_does_in_the_active_language_and_zone():
    """kb.jinja2.date keeps the text of plain dates: it must follow the active language and
    (for datetimes) the time zone exactly as Django's own `date` filter."""
    import datetime
    import zoneinfo

    from django.utils import timezone, translation

    from kb.jinja2 import date

    day = datetime.date(2022, 1, 5)
    assert date(day, "j F Y") == "5 January 2022"
    assert date(day) == "Jan. 5, 2022"
    with translation.override("de"):
        assert date(day, "j F Y") == "5 Januar 2022"
        assert date(day) == "5. Januar 2022"
    assert date(day, "j F Y") == "5 January 2022"

    instant = datetime.datetime(2023, 12, 7, 23, 30, tzinfo=datetime.UTC)
    assert date(instant, "j F Y H:i") == "7 December 2023 23:30"
    with timezone.override(zoneinfo.ZoneInfo("Asia/Almaty")):
        assert date(instant, "j F Y H:i") == "8 December 2023 05:30"  # UTC+6 until March 2024


def test_markdown_text_is_what_a_reader_sees_without_markup():
    text = (
        "## Heading\n\nSome **bold**, _em_ and [a link](https://example.org) &amp; 5 < 6.\n\n"
        "* one\n* two\n\n<script>alert(1)</script>\n\n<b>staff</b> <!-- note -->html"
    )
    assert markdown_text(text) == (
        "Heading\nSome bold, em and a link & 5 < 6.\none\ntwo\nstaff html"
    )
    assert markdown_text("") == markdown_text(None) == ""
