"""Surveys: methodology, sponsors, sample, and every question with its results.

Staff enter a survey from one press release, so the survey page nests each question's results
under the question (django-nested-admin): the whole release is typed, checked and saved in one
go, and a mistake in Q7 shows beside Q7. A Question admin with the same results inline stays
for finding questions across surveys and for editing one question alone (each question on the
survey page links to it).
"""

import nested_admin
from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Prefetch

from kb.enums import SurveyOrganizationRole
from kb.models import (
    Question,
    Result,
    SampleComposition,
    Survey,
    SurveyOrganization,
    SurveyRelatedItem,
    check_result_shares,
    topline_warnings,
)

from .base import (
    AdminForm,
    InlineOnlyAdmin,
    KenesInlineMixin,
    LinkedDraftsMixin,
    PublishableAdmin,
    TranslatedAdmin,
    TranslatedInline,
)


def warn_about_toplines(modeladmin, request, questions) -> None:
    """After a save: a complete topline far under 100% is kept, and staff are told."""
    for question in questions.prefetch_related("results__net"):
        shares = [
            (r.label, r.percent, r.qualifier, r.is_net, r.net.label if r.net else "")
            for r in question.results.all()
        ]
        for warning in topline_warnings(complete=question.topline_complete, shares=shares):
            modeladmin.message_user(request, f"{question}: {warning}", messages.WARNING)


class ResultForm(AdminForm):
    def __init__(self, *args, net_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if net_choices is not None and "net" in self.fields:
            # The question's own nets, from rows already loaded: no query per result row.
            self.fields["net"].choices = net_choices


class ResultFormSet(nested_admin.formsets.NestedInlineFormSet):
    """A question's results; checks the shares with the rule the fixture loader applies."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        loaded = self._loaded_results()
        if loaded is None:
            loaded = list(Result.objects.filter(question=self.instance, is_net=True))
        self.net_choices = [("", "---------")] + [(r.pk, str(r)) for r in loaded if r.is_net]

    def _loaded_results(self):
        """The question's results if its page prefetched them, else None."""
        if self.instance.pk is None:
            return []
        cache = getattr(self.instance, "_prefetched_objects_cache", {})
        return cache.get("results")

    def get_queryset(self):
        loaded = self._loaded_results()
        if self.data or loaded is None:
            return super().get_queryset()
        return loaded

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "net_choices": self.net_choices}

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        rows = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not self._should_delete_form(form)
        ]
        labels_by_pk = {row["id"].pk: row["label_en"] for row in rows if row.get("id")}
        shares = [
            (
                row["label_en"],
                row.get("percent"),
                row.get("qualifier"),
                row.get("is_net", False),
                labels_by_pk.get(row["net"].pk, row["net"].label) if row.get("net") else "",
            )
            for row in rows
        ]
        problems = check_result_shares(kind=self.instance.kind, shares=shares)
        if problems:
            raise forms.ValidationError(problems)


class ResultInline(TranslatedInline, KenesInlineMixin, nested_admin.NestedTabularInline):
    model = Result
    form = ResultForm
    formset = ResultFormSet
    fields = ("position", "label", "percent", "qualifier", "is_net", "net")
    sortable_field_name = "position"
    verbose_name = "option"
    verbose_name_plural = (
        "options with their shares (a net's parts point at it once the net is saved)"
    )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "net":
            # A plain select of this question's nets: no "+"/edit links to other questions' rows.
            formfield.widget = getattr(formfield.widget, "widget", formfield.widget)
            formfield.help_text = ""
        return formfield


class QuestionResultInline(ResultInline):
    fields = (*ResultInline.fields, "source_quote")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "source_quote":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 1, "cols": 40})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class QuestionInline(TranslatedInline, KenesInlineMixin, nested_admin.NestedStackedInline):
    model = Question
    inlines = (ResultInline,)
    fields = (
        ("number", "kind", "topline_complete"),
        "text",
        ("short_label", "base"),
        "topics",
        ("source", "source_quote"),
        "note",
    )
    autocomplete_fields = ("topics", "source")
    show_change_link = True
    verbose_name_plural = "questions, in order, with their results"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in {"text", "note", "source_quote"}:
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 80})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("source")
            .defer("source__text")
            .prefetch_related("topics", Prefetch("results", Result.objects.order_by("position")))
        )


class SurveyOrganizationInline(KenesInlineMixin, nested_admin.NestedTabularInline):
    model = SurveyOrganization
    fields = ("position", "organization", "role")
    autocomplete_fields = ("organization",)
    sortable_field_name = "position"
    verbose_name = "organization"
    verbose_name_plural = "organizations (who ran, partnered, implemented, funded it)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organization")


class SampleCompositionInline(KenesInlineMixin, nested_admin.NestedTabularInline):
    model = SampleComposition
    fields = ("position", "dimension", "category", "percent")
    sortable_field_name = "position"
    verbose_name_plural = "sample composition (gender, language of interview, ethnicity, ...)"


class SurveyRelatedItemInline(KenesInlineMixin, nested_admin.NestedTabularInline):
    model = SurveyRelatedItem
    fields = ("title", "url", "note")


@admin.register(Survey)
class SurveyAdmin(LinkedDraftsMixin, PublishableAdmin, nested_admin.NestedModelAdmin):
    list_display = (
        "title",
        "field_start",
        "field_end",
        "sample_size",
        "conducted_by",
        "question_count",
        "published",
        "site_link",
    )
    list_filter = (
        "published",
        "mode",
        "country",
        ("organization_roles__organization", admin.RelatedOnlyFieldListFilter),
        ("topics", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = (
        "title",
        "headline",
        "slug",
        "summary",
        "organization_roles__organization__name",
    )
    date_hierarchy = "field_end"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("contact", "topics", "sources")
    list_select_related = ("contact",)
    inlines = (
        SurveyOrganizationInline,
        SampleCompositionInline,
        SurveyRelatedItemInline,
        QuestionInline,
    )
    fieldsets = (
        (None, {"fields": ("title", "headline", "slug", "published", "summary")}),
        (
            "Fieldwork",
            {
                "fields": (
                    ("field_start", "field_end"),
                    ("mode", "mode_detail"),
                    "population",
                    ("geography", "country"),
                )
            },
        ),
        (
            "Sample and precision",
            {
                "fields": (
                    "sample_size",
                    "sampling",
                    "weighting",
                    ("margin_of_error", "margin_qualifier", "confidence_level"),
                    "design_effect",
                    "response_rate",
                    "methodology_note",
                ),
                "description": "As the source states them; leave a figure empty when not given.",
            },
        ),
        ("Contact and links", {"fields": ("contact", "topics", "sources")}),
        ("Record", {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(number_of_questions=Count("questions", distinct=True))
            .prefetch_related(
                Prefetch(
                    "organization_roles",
                    queryset=SurveyOrganization.objects.select_related("organization"),
                )
            )
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        warn_about_toplines(self, request, Question.objects.filter(survey=form.instance))

    @admin.display(description="conducted by")
    def conducted_by(self, obj):
        return ", ".join(
            link.organization.name
            for link in obj.organization_roles.all()
            if link.role == SurveyOrganizationRole.CONDUCTOR
        )

    @admin.display(description="questions", ordering="number_of_questions")
    def question_count(self, obj):
        return obj.number_of_questions


@admin.register(Question)
class QuestionAdmin(TranslatedAdmin, InlineOnlyAdmin, nested_admin.NestedModelAdmin):
    list_display = ("__str__", "survey", "number", "kind", "topline_complete", "option_count")
    list_display_links = ("__str__",)
    list_filter = (
        "kind",
        "topline_complete",
        ("survey", admin.RelatedOnlyFieldListFilter),
        ("topics", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("survey",)
    search_fields = ("text", "short_label", "survey__title")
    autocomplete_fields = ("survey", "topics", "source")
    inlines = (QuestionResultInline,)
    ordering = ("survey", "number")
    fieldsets = (
        (None, {"fields": ("survey", ("number", "kind", "topline_complete"), "text")}),
        (None, {"fields": ("short_label", "base", "topics", "note")}),
        ("Source", {"fields": ("source", "source_quote")}),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(number_of_options=Count("results"))
            .prefetch_related(Prefetch("results", Result.objects.order_by("position")), "topics")
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        warn_about_toplines(self, request, Question.objects.filter(pk=form.instance.pk))

    @admin.display(description="options", ordering="number_of_options")
    def option_count(self, obj):
        return obj.number_of_options
