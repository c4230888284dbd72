"""Events: people and organizations in role, in order, with sources; topics and surveys linked."""

import nested_admin
from django import forms
from django.contrib import admin
from django.db.models import Prefetch

from kb.enums import EventOrganizationRole
from kb.models import Event, EventOrganization, EventPerson, EventSource

from .base import (
    ForwardingAutocompleteSelect,
    KenesInlineMixin,
    LinkedDraftsMixin,
    PublishableAdmin,
)
from .media import MaterialInline, RecordingInline


class EventPersonInline(KenesInlineMixin, nested_admin.NestedTabularInline):
    model = EventPerson
    fields = ("position", "person", "role", "affiliation", "talk_title")
    autocomplete_fields = ("person", "affiliation")
    # Staff drag rows into the order of the event's page; the order is saved as `position`.
    sortable_field_name = "position"
    verbose_name = "person"
    verbose_name_plural = "people, in the order of the event's page"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "affiliation":
            # Its choices are the chosen person's affiliations (AffiliationAdmin narrows them).
            kwargs["widget"] = ForwardingAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using"), forward="person"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("person", "affiliation__person", "affiliation__organization")
        )


class EventOrganizationInline(KenesInlineMixin, nested_admin.NestedTabularInline):
    model = EventOrganization
    fields = ("position", "organization", "role")
    autocomplete_fields = ("organization",)
    sortable_field_name = "position"
    verbose_name = "organization"
    verbose_name_plural = "organizations (organizer, co-sponsor, ...)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organization")


class EventSourceInline(KenesInlineMixin, nested_admin.NestedTabularInline):
    model = EventSource
    fields = ("document", "quote")
    autocomplete_fields = ("document",)
    verbose_name = "source"
    verbose_name_plural = "sources (the document and passage the facts come from)"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "quote":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 60})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("document").defer("document__text")


@admin.register(Event)
class EventAdmin(LinkedDraftsMixin, PublishableAdmin, nested_admin.NestedModelAdmin):
    list_display = ("title", "date", "kind", "format", "organizers", "published", "site_link")
    list_display_links = ("title",)
    list_filter = (
        "published",
        "format",
        "kind",
        ("organization_roles__organization", admin.RelatedOnlyFieldListFilter),
        ("topics", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = (
        "title",
        "subtitle",
        "slug",
        "summary",
        "person_roles__person__name",
        "organization_roles__organization__name",
    )
    date_hierarchy = "date"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("topics", "surveys")
    inlines = (
        EventPersonInline,
        EventOrganizationInline,
        EventSourceInline,
        RecordingInline,
        MaterialInline,
    )
    fieldsets = (
        (None, {"fields": ("title", "subtitle", "slug", "kind", "format", "published")}),
        ("When", {"fields": ("date", "start_time", "end_time", "time_zone")}),
        ("Where", {"fields": ("location", "online_url")}),
        ("Text", {"fields": ("summary", "description")}),
        ("Links", {"fields": ("topics", "surveys")}),
        ("Record", {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch(
                    "organization_roles",
                    queryset=EventOrganization.objects.select_related("organization"),
                )
            )
        )

    @admin.display(description="organizers")
    def organizers(self, obj):
        return ", ".join(
            link.organization.name
            for link in obj.organization_roles.all()
            if link.role == EventOrganizationRole.ORGANIZER
        )
