"""Kenes's admin, where program staff edit everything; one module per domain."""

from django.contrib import admin

from . import catalog, events, series, surveys  # noqa: F401  (registers the ModelAdmins)

admin.site.site_header = "Kenes administration"
admin.site.site_title = "Kenes administration"
admin.site.index_title = "Events, people, organizations, topics and surveys"
