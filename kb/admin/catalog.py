"""The catalogue the events and surveys point at: organizations, people, topics, documents."""

import nested_admin
from django.contrib import admin
from django.db.models import Prefetch

from kb.models import Affiliation, Organization, Person, SourceDocument, Topic

from .base import InlineOnlyAdmin, KenesInlineMixin, PublishableAdmin
from .importing import ImportDocumentMixin


@admin.register(Organization)
class OrganizationAdmin(PublishableAdmin):
    list_display = ("name", "short_name", "kind", "parent", "country", "published", "site_link")
    list_filter = ("published", "kind", "country", ("topics", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("parent",)
    search_fields = ("name", "short_name", "alternate_names", "slug")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("parent", "topics")
    fieldsets = (
        (None, {"fields": ("name", "short_name", "slug", "kind", "parent", "published")}),
        ("Details", {"fields": ("alternate_names", "website", "city", "country", "description")}),
        ("Links", {"fields": ("topics",)}),
        ("Record", {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )


class AffiliationInline(KenesInlineMixin, nested_admin.NestedTabularInline):
    model = Affiliation
    fields = ("position", "title", "organization", "start_date", "end_date", "date_note")
    autocomplete_fields = ("organization",)
    sortable_field_name = "position"

    def get_queryset(self, request):
        # The row's title, str(affiliation), names the person too.
        return super().get_queryset(request).select_related("person", "organization")


@admin.register(Person)
class PersonAdmin(PublishableAdmin, nested_admin.NestedModelAdmin):
    list_display = ("name", "affiliation_list", "is_public", "published", "site_link")
    list_filter = (
        "published",
        "is_public",
        ("affiliations__organization", admin.RelatedOnlyFieldListFilter),
        ("topics", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("name", "sort_name", "alternate_names", "slug")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("topics",)
    inlines = (AffiliationInline,)
    fieldsets = (
        (None, {"fields": ("name", "sort_name", "alternate_names", "slug", "published")}),
        ("About", {"fields": ("bio", "photo", "website", "research_interests", "topics")}),
        (
            "Not public",
            {
                "fields": ("is_public", "bio_public", "photo_public", "affiliations_public"),
                "description": (
                    "Human-rights defenders can be at risk. Untick “show publicly” to withhold "
                    "this person from every public page, search result, feed, export and the API; "
                    "untick a single field to hide only that field. Staff still see everything "
                    "here."
                ),
            },
        ),
        ("Record", {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("affiliations", Affiliation.objects.select_related("organization"))
            )
        )

    @admin.display(description="affiliations")
    def affiliation_list(self, obj):
        return "; ".join(a.label for a in obj.affiliations.all())


@admin.register(Affiliation)
class AffiliationAdmin(InlineOnlyAdmin):
    """Edited on the person's page; registered for the events' "affiliation at the time"."""

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # The event's "affiliation at the time" autocomplete sends the row's person along.
        person = request.GET.get("person", "")
        if request.GET.get("field_name") == "affiliation" and person.isdigit():
            queryset = queryset.filter(person_id=int(person))
        return queryset, may_have_duplicates

    list_display = ("person", "title", "organization", "start_date", "end_date", "date_note")
    list_select_related = ("person", "organization")
    list_filter = (("organization", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("person__name", "person__alternate_names", "title", "organization__name")
    autocomplete_fields = ("person", "organization")


@admin.register(Topic)
class TopicAdmin(PublishableAdmin):
    list_display = ("name", "kind", "parent", "position", "published", "site_link")
    list_filter = ("published", "kind", ("parent", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("parent",)
    search_fields = ("name", "alternate_names", "slug")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("parent",)
    fieldsets = (
        (None, {"fields": ("name", "slug", "kind", "parent", "position", "published")}),
        ("Details", {"fields": ("description", "alternate_names")}),
        ("Record", {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )


@admin.register(SourceDocument)
class SourceDocumentAdmin(ImportDocumentMixin, PublishableAdmin):
    list_display = ("title", "kind", "publisher", "issued", "language", "published", "site_link")
    list_filter = ("published", "kind", "language", ("publisher", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("publisher",)
    search_fields = ("title", "slug", "original_filename", "url")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("publisher",)
    date_hierarchy = "issued"
    fieldsets = (
        (None, {"fields": ("title", "slug", "kind", "publisher", "issued", "published")}),
        ("Origin", {"fields": ("url", "original_filename", "language")}),
        ("Text", {"fields": ("text",)}),
        ("Record", {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )
