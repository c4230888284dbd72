"""A web page's main text: trafilatura finds the article, we lay it out as paragraphs.

trafilatura's XML keeps what the importer needs and plain text loses: headings ("Speakers",
"Moderator") as paragraphs of their own, list items one per line, tables as rows of cells.
"""

from __future__ import annotations

from django.utils.translation import gettext
from lxml import etree
from lxml import html as lxml_html

from .errors import DocumentRejected, Reason
from .reading import CELL_SEPARATOR


def html_main_text(markup: str) -> tuple[str, str]:
    import trafilatura

    title = _title(markup)
    xml = trafilatura.extract(
        markup,
        output_format="xml",
        include_tables=True,
        include_formatting=False,
        include_comments=False,
        include_links=False,
        favor_recall=True,
        deduplicate=False,
        with_metadata=False,
    )
    blocks = _blocks(xml) if xml else []
    if not blocks:
        blocks = _fallback_blocks(markup)
    if not blocks:
        raise DocumentRejected(Reason.EMPTY, gettext("The web page holds no readable text."))
    if title and not any(_same(title, block) for block in blocks[:3]):
        blocks.insert(0, title)
    return "\n\n".join(blocks), title


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _title(markup: str) -> str:
    try:
        tree = lxml_html.fromstring(markup)
    except (etree.ParserError, ValueError):
        return ""
    for path in ("//h1", "//title"):
        found = tree.xpath(path)
        if found:
            text = " ".join(found[0].text_content().split())
            if text:
                return text
    return ""


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def _blocks(xml: str) -> list[str]:
    root = etree.fromstring(xml.encode("utf-8"))
    main = root.find("main")
    blocks: list[str] = []
    for element in main if main is not None else root:
        _add(element, blocks)
    return blocks


def _add(element, blocks: list[str]) -> None:
    tag = element.tag
    if tag == "table":
        rows = [
            CELL_SEPARATOR.join(_text(cell) for cell in row.findall("cell"))
            for row in element.iter("row")
        ]
        rows = [row for row in rows if row.strip(" |")]
        if rows:
            blocks.append("\n".join(rows))
    elif tag == "list":
        for item in element.findall("item"):
            text = _text(item)
            if text:
                blocks.append(f"– {text}")
    elif tag in ("p", "head", "quote", "item"):
        text = _text(element)
        if text:
            blocks.append(text)
    else:
        for child in element:
            _add(child, blocks)


def _fallback_blocks(markup: str) -> list[str]:
    """A page too short for trafilatura's article heuristics: its body's visible text."""
    try:
        tree = lxml_html.fromstring(markup)
    except (etree.ParserError, ValueError):
        return []
    for bad in tree.xpath("//script|//style|//nav|//footer|//header|//noscript"):
        bad.drop_tree()
    blocks = []
    for element in tree.xpath("//h1|//h2|//h3|//h4|//p|//li|//tr"):
        if element.tag == "tr":
            text = CELL_SEPARATOR.join(_text(cell) for cell in element.xpath("./td|./th"))
        else:
            text = _text(element)
            text = f"– {text}" if element.tag == "li" else text
        if text.strip(" |–"):
            blocks.append(text)
    return blocks
