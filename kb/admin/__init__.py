"""Kenes's admin, where program staff edit everything; one module per domain."""

from django.contrib import admin

from kb.history import register_models

# Before any ModelAdmin is built: django-reversion's admin would otherwise register the models
# itself, following the inlines only one level deep (a survey's questions, not their results).
register_models()

from . import catalog, events, media, series, surveys  # noqa: E402, F401  (registers the ModelAdmins)

admin.site.site_header = "Kenes administration"
admin.site.site_title = "Kenes administration"
admin.site.index_title = "Events, people, organizations, topics and surveys"
