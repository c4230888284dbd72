"""A record's text in the reader's language, or the English one, marked (README, "Languages").

Every template shows a translated field through ``translated(record, "title")`` (or
``translated(record, "description", markdown=True)``): in Russian or Kazakh, a field nobody has
translated yet shows the English text inside ``lang="en"`` with a small note, never a blank.
"""

import functools

from django.conf import settings
from django.utils import translation
from django.utils.html import escape
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


@functools.cache
def _notes(language: str) -> tuple[str, str]:
    """The "not yet translated" note after an inline and after a block text, in `language`
    (made once per language: a Russian page marks a hundred names on a large topic page)."""
    with translation.override(language):
        note = escape(gettext("not yet translated"))
    return f' <small class="untranslated">({note})</small>', f'<p class="untranslated">{note}</p>'


def _marked(body: str, language: str, markdown: bool = False) -> str:
    """`body` (escaped or sanitized) as English standing in, with the note."""
    inline, block = _notes(language)
    if markdown:
        return mark_safe(f'<div lang="{DEFAULT}">{body}</div>{block}')  # noqa: S308 (escaped)
    return mark_safe(f'<span lang="{DEFAULT}">{body}</span>{inline}')  # noqa: S308 (escaped)


def translated(record, field: str, markdown: bool = False) -> str:
    """`record.field` in the reader's language, or English marked `lang="en"` with a note."""
    value = getattr(record, field) or ""
    # Markdown is sanitized by nh3 (kb.text); plain text is escaped.
    body = mark_safe(render_markdown(value)) if markdown else escape(value)  # noqa: S308
    language = get_language() or DEFAULT
    if not is_fallback(record, field, language):
        return body
    return _marked(body, language, markdown)


def fallback_lang(record, field: str) -> str:
    """` lang="en"` for an element holding only `record.field` when that is English standing in
    (a page's <title>, its meta description), else nothing."""
    return mark_safe(f' lang="{DEFAULT}"') if is_fallback(record, field) else ""  # noqa: S308


def question_label(question, length: int) -> str:
    """A question's short label (its wording without one), cut to `length` characters, in the
    reader's language or English marked as `translated()` marks it."""
    field = "short_label" if question.short_label else "text"
    text = escape(Truncator(getattr(question, field) or "").chars(length))
    language = get_language() or DEFAULT
    if not is_fallback(question, field, language):
        return text
    return _marked(text, language)
