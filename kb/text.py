"""Text that staff write in Markdown, made safe for a page: one function, used everywhere."""

import html
import re
import threading
from decimal import Decimal

import markdown
import nh3

# What Markdown produces for prose, tables and code; nothing that runs, loads or frames.
ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
# Removed together with their content rather than unwrapped into text.
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "svg", "math", "template"}


_H1 = re.compile(r"<(/?)h1\b[^>]*>", re.IGNORECASE)


_local = threading.local()


def _converter() -> markdown.Markdown:
    """One Markdown converter per thread, reset before each text: building one loads its
    extensions (half a millisecond), and a converter is not safe to share between threads."""
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = markdown.Markdown(extensions=["extra", "sane_lists"], output_format="html")
        _local.converter = converter
    return converter


def render_markdown(text: str | None) -> str:
    """Markdown to sanitized HTML. Raw HTML in the source is escaped or stripped, never trusted."""
    if not text:
        return ""
    html = _converter().reset().convert(text)
    # The page owns its <h1>: a "# Heading" in a bio becomes the next level down.
    html = _H1.sub(r"<\1h2>", html)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


# Where a block or a line ends in rendered Markdown: a line break in the text.
_BLOCK_END = re.compile(r"<br\s*/?>|</(?:p|li|h[2-6]|blockquote|pre|tr|td|th)>|<hr\s*/?>", re.I)


def markdown_text(text: str | None) -> str:
    """Staff Markdown as a reader sees it on the page, as plain text: no Markdown syntax, no
    tags (what render_markdown drops is dropped, what it unwraps is kept as its words), entities
    as their characters. For search snippets, which escape what they show."""
    if not text:
        return ""
    marked = _BLOCK_END.sub(lambda m: m.group(0) + "\n", render_markdown(text))
    plain = html.unescape(nh3.clean(marked, tags=set(), strip_comments=True))
    return "\n".join(" ".join(line.split()) for line in plain.splitlines() if line.strip())


# C0 and C1 control characters and DEL. Line breaks and tabs are text in a long field and are
# kept there; everything else in this class is never meant, breaks XML 1.0 (feeds) and iCal, and
# PostgreSQL refuses NUL outright.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_LINE_BREAKS = re.compile(r"[\t\n\r\x0b\x0c\x85\u2028\u2029]+")


def plain_text(text: str | None) -> str:
    """Text for an output that is not HTML (feeds, calendars): control characters dropped,
    line breaks kept as newlines."""
    if not text:
        return ""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def one_line(text: str | None) -> str:
    """A title or a name for an output that wants one line: breaks and tabs become a space."""
    return _CONTROL.sub("", _LINE_BREAKS.sub(" ", text or "")).strip()


def safe_url(url: str | None) -> str:
    """The address if a link may point there (http, https, mailto), else "" — a `javascript:`
    or `data:` address that reached the database behind the admin's back is never a link."""
    if not url:
        return ""
    url = url.strip()
    scheme, colon, _ = url.partition(":")
    if not colon or scheme.lower() not in ALLOWED_URL_SCHEMES or _CONTROL.search(url):
        return ""
    return url


def figure(value):
    """A percentage as printed in the source: 71.1 stays 71.1, 53.0 shows as 53."""
    if value is None or value == "":
        return ""
    number = Decimal(value)
    if number == number.to_integral_value():
        return str(int(number))
    return str(number)
