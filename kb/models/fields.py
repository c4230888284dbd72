"""Field types for what staff type: text without control characters, links that stay links.

A control character (NUL, a bell, an escape) is never meant in a name or a description: it
breaks XML feeds and calendars, and PostgreSQL refuses NUL. A title or a name is one line. The
admin and the fixture loader validate with these; `restore_kb` validates every record too.
"""

import re
import uuid

from django.core.exceptions import ValidationError
from django.db import models

from kb.text import safe_url

_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_CONTROL_IN_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def holds_control_character(text: str) -> bool:
    """True when `text` holds a character no one-line field accepts (NUL, line breaks, ...)."""
    return bool(_CONTROL_IN_LINE.search(text))


def _refuse(pattern: re.Pattern, what: str):
    def validate(value):
        found = pattern.search(value or "")
        if found:
            raise ValidationError(
                f"{what} cannot hold the control character U+{ord(found.group()):04X}.",
                code="control_character",
            )

    return validate


no_control_characters = _refuse(_CONTROL_IN_TEXT, "Text")
one_line = _refuse(_CONTROL_IN_LINE, "A single line (a title, a name)")


class LineField(models.CharField):
    """A title, a name, a label: one line, no control characters (tabs and breaks included)."""

    default_validators = [one_line]


class PlainTextField(models.TextField):
    """Longer text (Markdown, passages): line breaks and tabs, no other control characters."""

    default_validators = [no_control_characters]


class WebAddressField(models.URLField):
    """A link to the web. The form refuses anything but a web address; what the database hands
    back is a link only if it is http, https or mailto (`kb.text.safe_url`), so a `javascript:`
    address written behind the forms' back (the ORM, SQL by hand) never reaches an href."""

    def from_db_value(self, value, expression, connection):
        return safe_url(value) if value else value


def upload_name(folder: str, filename: str) -> str:
    """A stored name Kenes chooses: a random token and the lower-cased extension. What the
    uploader called the file is never trusted (it may say anything, in any script)."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if not re.fullmatch(r"[a-z0-9]{1,5}", extension):
        extension = "bin"
    return f"{folder}/{uuid.uuid4().hex}.{extension}"
