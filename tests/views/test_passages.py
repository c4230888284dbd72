"""Every figure links to its own passage on the document page (/documents/<slug>/#passage-N),
on the documents' own data: the survey, its question pages, a topic page and the event page."""

import re
from html import unescape

import pytest
from django.core.management import call_command

from kb.models import SourcePassage

SURVEY = "/surveys/january-events-survey-2023/"
DOCUMENT = "/documents/demoscope-january-events-survey/"
FIGURE_LINK = re.compile(r'<a class="figure-link" href="([^"#]+)#(passage-\d+)"[^>]*>([^<]+)</a>')
QUOTE_LINK = re.compile(
    r'<blockquote class="quote">([^<]+) <a class="quote__link" href="([^"#]+)#(passage-\d+)"'
)


def folded(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


def get(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def passages_of(client, url) -> dict[str, str]:
    """The document page's anchored passages: id → the text a reader sees in it."""
    html = get(client, url)
    return {
        anchor: folded(text)
        for anchor, text in re.findall(
            r'<span class="passage" id="(passage-\d+)">(.*?)</span>', html
        )
    }


@pytest.fixture
def document_passages(client, documents):
    cache = {}

    def of(url):
        if url not in cache:
            cache[url] = passages_of(client, url)
        return cache[url]

    return of


def test_each_figure_of_the_survey_links_to_the_passage_that_prints_it(client, document_passages):
    html = get(client, SURVEY)
    links = FIGURE_LINK.findall(html)
    # 49 results (the one named without a figure links to its sentence too) and 7 sample shares.
    assert len(links) == 56
    passages = document_passages(DOCUMENT)
    assert {document for document, _, _ in links} == {DOCUMENT}
    for _, anchor, figure in links:
        number = re.search(r"[\d.]+%", figure)
        assert number is None or number.group() in passages[anchor], (figure, anchor)
    trust = [(anchor, figure) for _, anchor, figure in links if figure == "53%"]
    assert trust == [("passage-1494", "53%")]
    assert passages["passage-1494"] == (
        "In total more than half (53%) do not trust the reports of the authorities including "
        "30.8% of those who do not trust at all and 22.2% rather do not trust."
    )


def test_where_these_figures_come_from_links_each_sentence_to_its_anchor(client, document_passages):
    pages = [SURVEY, f"{SURVEY}questions/3/", "/topics/public-trust/"]
    for url in pages:
        quotes = QUOTE_LINK.findall(get(client, url))
        assert quotes, url
        for quote, document, anchor in quotes:
            assert document == DOCUMENT
            assert " ".join(unescape(quote).split()) in document_passages(document)[anchor]
        assert "#:~:text=" not in get(client, url)


def test_the_events_source_sentence_links_to_its_anchor(client, document_passages):
    html = get(client, "/events/kazakhstans-bloody-january-2023-12-07/")
    [(quote, document, anchor)] = QUOTE_LINK.findall(html)

    assert (document, anchor) == (
        "/documents/bloody-january-online-discussion-2023-12-07/",
        "passage-86",
    )
    assert document_passages(document)[anchor] == " ".join(unescape(quote).split())


def test_the_document_page_keeps_its_text_and_anchors_stay_put_on_reload(client, documents):
    before = passages_of(client, DOCUMENT)
    text = folded(get(client, DOCUMENT))

    call_command("load_documents", "--update", verbosity=0)

    assert passages_of(client, DOCUMENT) == before
    assert len(before) == 39
    assert SourcePassage.objects.count() == 69
    assert "DEMOSCOPE Bureau studied public opinion a year after the tragic events." in text
