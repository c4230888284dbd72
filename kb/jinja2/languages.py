"""A record's text in the reader's language, or the English one, marked (README, "Languages").

Every template shows a translated field through ``translated(record, "title")`` (or
``translated(record, "description", markdown=True)``): in Russian or Kazakh, a field nobody has
translated yet shows the English text inside ``lang="en"`` with a small note, never a blank.
"""

from django.conf import settings
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext

from kb.text import render_markdown
from kb.translation import TRANSLATED_FIELDS

DEFAULT = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def is_fallback(record, field: str, language: str | None = None) -> bool:
    """Whether `record.field` shows English because the reader's language has no text of its own."""
    language = language or get_language() or DEFAULT
    if language == DEFAULT or field not in TRANSLATED_FIELDS.get(type(record), ()):
        return False
    return not getattr(record, f"{field}_{language}", None) and bool(
        getattr(record, f"{field}_{DEFAULT}", None)
    )


def translated(record, field: str, markdown: bool = False) -> str:
    """`record.field` in the reader's language, or English marked `lang="en"` with a note."""
    value = getattr(record, field) or ""
    # Markdown is sanitized by nh3 (kb.text); plain text is escaped.
    body = mark_safe(render_markdown(value)) if markdown else escape(value)  # noqa: S308
    if not is_fallback(record, field):
        return body
    note = gettext("not yet translated")
    if markdown:
        return format_html('<div lang="en">{}</div><p class="untranslated">{}</p>', body, note)
    return format_html(
        '<span lang="en">{}</span> <small class="untranslated">({})</small>', body, note
    )


def fallback_lang(record, field: str) -> str:
    """` lang="en"` for an element holding only `record.field` when that is English standing in
    (a page's <title>, its meta description), else nothing."""
    return mark_safe(f' lang="{DEFAULT}"') if is_fallback(record, field) else ""  # noqa: S308


def question_label(question, length: int) -> str:
    """A question's short label (its wording without one), cut to `length` characters, in the
    reader's language or English marked as `translated()` marks it."""
    field = "short_label" if question.short_label else "text"
    text = Truncator(getattr(question, field) or "").chars(length)
    if not is_fallback(question, field):
        return escape(text)
    return format_html(
        '<span lang="en">{}</span> <small class="untranslated">({})</small>',
        text,
        gettext("not yet translated"),
    )
