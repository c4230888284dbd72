"""Staff's Markdown beside its HTML: the raw text as typed, and the page's sanitized rendering."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kb.text import render_markdown

MARKDOWN_HELP = (
    "Markdown as staff typed it: it may hold raw HTML, so never insert it into a page as it is; "
    "use the `{}_html` field beside it to display it."
)
HTML_HELP = (
    "The `{}` field rendered as the site's pages render it: Markdown, then sanitized HTML "
    "(an allow-list of tags and attributes; no script, style or event handlers)."
)


@extend_schema_field(OpenApiTypes.STR)
class MarkdownHTMLField(serializers.Field):
    """The sanitized HTML of a Markdown field (kb.text.render_markdown, as the pages)."""

    def __init__(self, markdown_field: str, **kwargs):
        kwargs.setdefault("source", markdown_field)
        super().__init__(read_only=True, help_text=HTML_HELP.format(markdown_field), **kwargs)

    def to_representation(self, value):
        return render_markdown(value or "")


def markdown_help(*names: str) -> dict:
    """`extra_kwargs` that describe Markdown fields in the schema."""
    return {name: {"help_text": MARKDOWN_HELP.format(name)} for name in names}
