"""The change form's error summary: each message links to the field (or inline) it is about.

Django's admin says "Please correct the errors below" at the top of a page that may be
thousands of pixels long (a survey with twelve questions); the summary lists every message,
named after its field and row, as a link that jumps to it.
"""

from typing import NamedTuple

from django.forms.forms import NON_FIELD_ERRORS


class ErrorLink(NamedTuple):
    where: str
    message: str
    anchor: str


def error_links(form, formsets) -> list[ErrorLink]:
    links = _form_links(form, where="", row_anchor=f"{form._meta.model._meta.model_name}_form")
    for formset in formsets:
        links += _formset_links(formset)
    return links


def _form_links(form, *, where: str, row_anchor: str) -> list[ErrorLink]:
    links = []
    for name, messages in form.errors.items():
        if name == NON_FIELD_ERRORS or name not in form.fields:
            anchor, label = row_anchor, where
        else:
            anchor = form[name].id_for_label
            label = f"{where}: {form[name].label}" if where else str(form[name].label)
        links += [ErrorLink(label.strip(": ") or "This record", str(m), anchor) for m in messages]
    return links


def _formset_links(formset) -> list[ErrorLink]:
    name = str(formset.model._meta.verbose_name_plural).capitalize()
    group = f"{formset.prefix}-group"
    links = [ErrorLink(name, str(m), group) for m in formset.non_form_errors()]
    for index, form in enumerate(formset.forms):
        where = f"{name}, row {index + 1}"
        links += _form_links(form, where=where, row_anchor=f"{formset.prefix}-{index}")
        for nested in getattr(form, "nested_formsets", None) or []:
            links += _formset_links(nested)
    return links
