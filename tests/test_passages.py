"""kb/passages.py: a quote found in its document, overlapping passages under one anchor, and the
document's paragraphs cut at its passages."""

from kb.passages import PassageLinks, Span, grouped, locate, paragraphs

TEXT = "Intro. The 53% figure.\n\nNext, 12%\nhere.\n\n\nLast."


def test_a_quote_is_found_whatever_its_line_breaks():
    assert locate(TEXT, "Next,  12% here.") == Span(24, 39)
    assert locate(TEXT, "Not in it.") is None
    assert locate(TEXT, "   ") is None


def test_overlapping_passages_share_the_first_ones_anchor():
    spans = [Span(7, 22), Span(24, 39), Span(30, 44), Span(7, 13)]

    assert grouped(spans) == {
        Span(7, 13): Span(7, 22),
        Span(7, 22): Span(7, 22),
        Span(24, 39): Span(24, 44),
        Span(30, 44): Span(24, 44),
    }


def test_paragraphs_are_cut_at_passages_and_a_passage_over_a_break_keeps_one_anchor():
    cut = paragraphs(TEXT, [Span(7, 22), Span(30, 46)])

    assert [[(p.text, p.anchor) for p in paragraph.pieces] for paragraph in cut] == [
        [("Intro. ", ""), ("The 53% figure.", "passage-7")],
        [("Next, ", ""), ("12%\nhere.", "passage-30")],
        [("Last", ""), (".", "")],
    ]


def test_a_link_goes_to_the_anchor_of_the_group_its_passage_is_in():
    class Document:
        pk = 4

        def get_absolute_url(self):
            return "/documents/d/"

    links = PassageLinks([(4, 24, 39, "Next, 12%\nhere."), (4, 30, 44, "12% here. Last")])

    assert links.url(Document(), "Next, 12% here.") == "/documents/d/#passage-24"
    assert links.url(Document(), "12% here.  Last") == "/documents/d/#passage-24"
    assert links.url(Document(), "Intro.") == ""
    assert links.url(None, "Next, 12% here.") == ""
    assert links.url_in([None, Document()], "Next, 12% here.") == "/documents/d/#passage-24"
