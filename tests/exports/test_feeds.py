"""Atom and RSS: staff's text reaches a feed reader rendered and sanitised, titles on one line."""

import feedparser
import lxml.etree
import pytest
from model_bakery import baker

from tests.exports.active import assert_inert_html

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<script>alert("x")</script><img src=x onerror=alert(1)>[click](javascript:alert(2)) **bold**'
)


@pytest.mark.parametrize("url", ["/feeds/latest.atom", "/feeds/latest.rss"])
def test_feed_descriptions_are_sanitised_html(client, url):
    baker.make(
        "kb.Event",
        slug="hostile",
        title="A\ntitle\x01",
        summary=HOSTILE,
        date="2023-12-07",
        published=True,
    )
    baker.make("kb.Survey", slug="hostile-survey", title="S", summary=HOSTILE, published=True)

    response = client.get(url)

    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    titles = sorted(entry.title for entry in feed.entries)
    assert titles == ["A title (7 December 2023)", "Survey: S"]
    # The HTML as sent (feedparser cleans HTML itself; a plainer reader would not).
    tree = lxml.etree.fromstring(response.content)
    sent = tree.xpath("//*[local-name()='summary' or local-name()='description']/text()")
    expected = '<p><a rel="noopener noreferrer nofollow">click</a> <strong>bold</strong></p>'
    assert [html.strip() for html in sent[-2:]] == [expected, expected]
    for html in sent:
        assert_inert_html(html)
