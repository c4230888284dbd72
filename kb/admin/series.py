"""Question series: staff say which questions of different surveys ask the same thing."""

from django.contrib import admin

from kb.models import QuestionSeries, SeriesWave

from .base import InlineOnlyAdmin, KenesInlineMixin, PublishableAdmin


class SeriesWaveInline(KenesInlineMixin, admin.TabularInline):
    model = SeriesWave
    fields = ("question", "comparability", "wording_note")
    autocomplete_fields = ("question",)
    verbose_name_plural = "waves (one question of each survey; ordered by fieldwork on the page)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("question__survey")


@admin.register(QuestionSeries)
class QuestionSeriesAdmin(PublishableAdmin):
    list_display = ("title", "wave_count", "published")
    list_filter = ("published", ("topics", admin.RelatedOnlyFieldListFilter))
    search_fields = ("title", "slug", "description", "waves__question__text")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("topics",)
    inlines = (SeriesWaveInline,)
    fieldsets = (
        (None, {"fields": ("title", "slug", "published", "description", "topics")}),
        ("Record", {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("waves")

    @admin.display(description="waves")
    def wave_count(self, obj):
        return len(obj.waves.all())


@admin.register(SeriesWave)
class SeriesWaveAdmin(InlineOnlyAdmin):
    """A wave is edited on its series's page (the link table stays off the admin index)."""

    list_display = ("question", "series", "comparability")
    list_filter = ("comparability",)
    list_select_related = ("question__survey", "series")
    search_fields = ("series__title", "question__text", "question__survey__title")
    autocomplete_fields = ("series", "question")
