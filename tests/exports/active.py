"""What "no active content" means for an output, checked the same way in every export test."""

import lxml.html

from kb.text import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, safe_url


def assert_inert_html(html: str) -> None:
    """Only the sanitiser's tags and attributes, and links only to http, https and mailto."""
    if not html.strip():
        return
    for element in lxml.html.fragment_fromstring(html, create_parent="div").iter():
        if element.tag == "div" and element.getparent() is None:
            continue
        assert element.tag in ALLOWED_TAGS, (element.tag, html)
        for name, value in element.attrib.items():
            if name == "rel":
                continue
            assert name in ALLOWED_ATTRIBUTES.get(element.tag, ()), (name, html)
            if name == "href":
                assert safe_url(value) == value, (value, html)
