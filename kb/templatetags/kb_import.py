"""Small filters for the import preview's tables of forms (admin only)."""

from django import template

register = template.Library()


@register.filter
def split_words(value: str) -> list[str]:
    return value.split()


@register.filter
def bound_field(form, name: str):
    return form[name]


@register.filter
def field_errors(bound):
    return bound.errors


@register.filter
def field_label(form, name: str) -> str:
    return form.fields[name].label or name.replace("_", " ").capitalize()
