"""The preview's formset rows as plain data the template draws without Django's widgets.

A 20-page release proposes several hundred figures, each a row of a dozen fields; rendering
each field through its widget's template took seconds. Simple fields (text, number, a short
select, a checkbox, a text area) are drawn from these values by the rows template; anything
else (the choice of an existing person or organization) is still rendered by its widget, and
forms are built only when a corrected preview comes back with errors. docs/benchmarks.md has
the figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms

from kb.importing.preview import Quote, quote

SHORT_CHOICES = 30


@dataclass
class Cell:
    kind: str  # text, number, select, checkbox, textarea, widget
    name: str
    value: object = ""
    choices: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    html: str = ""


@dataclass
class Row:
    keep_name: str
    keep: bool
    hidden: list[tuple[str, object]]
    cells: list[Cell]
    quote: Quote
    decide: str = ""
    errors: list = field(default_factory=list)


def _kind(widget, field) -> str:
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select) and not isinstance(widget, forms.SelectMultiple):
        choices = getattr(field, "choices", [])
        if not hasattr(choices, "queryset") and len(choices) <= SHORT_CHOICES:
            return "select"
        return "widget"
    if isinstance(widget, forms.NumberInput):
        return "number"
    return "text" if type(widget) is forms.TextInput else "widget"


def _unbound_rows(formset, fields: list[str], text: str) -> list[Row] | None:
    """Rows straight from the initial data: no form objects (each deep-copies its fields).

    None when a field needs its widget (a choice among existing records): then forms it is.
    """
    base = formset.form.base_fields
    kinds = {name: _kind(base[name].widget, base[name]) for name in fields}
    if "widget" in kinds.values():
        return None
    hidden = [name for name, f in base.items() if isinstance(f.widget, forms.HiddenInput)]
    drawn = []
    for index, initial in enumerate(formset.initial or []):
        prefix = formset.add_prefix(index)

        def value(name, initial=initial):
            found = initial.get(name)
            return "" if found is None else found

        drawn.append(
            Row(
                keep_name=f"{prefix}-keep",
                keep=bool(initial.get("keep", True)),
                hidden=[(f"{prefix}-{name}", value(name)) for name in hidden],
                cells=[
                    Cell(
                        kinds[name],
                        f"{prefix}-{name}",
                        bool(initial.get(name))
                        if kinds[name] == "checkbox"
                        else _text(value(name)),
                        list(base[name].choices) if kinds[name] == "select" else [],
                    )
                    for name in fields
                ],
                quote=quote(
                    text,
                    initial.get("start"),
                    initial.get("end"),
                    initial.get("figure_start"),
                    initial.get("figure_end"),
                ),
                decide=initial.get("decide") or "",
            )
        )
    return drawn


def _text(value) -> str:
    return value if isinstance(value, str) else str(value)


def _cell(bound) -> Cell:
    widget, value = bound.field.widget, bound.value()
    errors = list(bound.errors) if bound.form.is_bound else []
    name = bound.html_name
    if isinstance(widget, forms.CheckboxInput):
        return Cell("checkbox", name, bool(value), errors=errors)
    if isinstance(widget, forms.Textarea):
        return Cell("textarea", name, "" if value is None else value, errors=errors)
    if isinstance(widget, forms.Select) and not isinstance(widget, forms.SelectMultiple):
        choices = getattr(bound.field, "choices", [])
        if not hasattr(choices, "queryset") and len(choices) <= SHORT_CHOICES:
            return Cell("select", name, "" if value is None else str(value), list(choices), errors)
    if isinstance(widget, forms.NumberInput):
        return Cell("number", name, "" if value is None else value, errors=errors)
    if type(widget) is forms.TextInput:
        return Cell("text", name, "" if value is None else value, errors=errors)
    return Cell("widget", name, errors=errors, html=str(bound))


def rows(formset, fields: list[str], text: str) -> list[Row]:
    if not formset.is_bound:
        fast = _unbound_rows(formset, fields, text)
        if fast is not None:
            return fast
    drawn = []
    for form in formset:
        hidden = [
            (form[name].html_name, _plain(form[name].value()))
            for name, f in form.fields.items()
            if isinstance(f.widget, forms.HiddenInput)
        ]
        figure = (
            [form["figure_start"].value(), form["figure_end"].value()]
            if "figure_start" in form.fields
            else []
        )
        drawn.append(
            Row(
                keep_name=form["keep"].html_name,
                keep=bool(form["keep"].value()),
                hidden=hidden,
                cells=[_cell(form[name]) for name in fields],
                quote=quote(text, form["start"].value(), form["end"].value(), *figure),
                decide=form["decide"].value() if "decide" in form.fields else "",
                errors=list(form.non_field_errors()) if form.is_bound else [],
            )
        )
    return drawn


def _plain(value):
    return "" if value is None else value
