"""Surveys: who ran them and how, with their organizations, sample and related items."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from kb.enums import (
    CompositionDimension,
    FigureQualifier,
    SurveyMode,
    SurveyOrganizationRole,
)
from kb.visibility import visible_q

from .base import (
    PublishableModel,
    PublishableQuerySet,
    SlugManager,
    TimeStampedModel,
    card_fields,
    in_parent_order,
    slug_url,
    with_languages,
)
from .fields import LineField, PlainTextField, WebAddressField

PERCENT_VALIDATORS = [
    MinValueValidator(Decimal("0"), "A percentage cannot be below 0."),
    MaxValueValidator(Decimal("100"), "A percentage cannot be above 100."),
]
# Never shown on a page; parsing them is a tenth of a list page's time on SQLite.
TIMESTAMPS = ("created_at", "updated_at")


def percent_field(verbose_name, **kwargs):
    return models.DecimalField(
        verbose_name, max_digits=4 + 1, decimal_places=1, validators=PERCENT_VALIDATORS, **kwargs
    )


class SurveyQuerySet(PublishableQuerySet):
    card_only = (
        "slug",
        "published",
        "title",
        "field_start",
        "field_end",
        "sample_size",
        "mode",
        "country",
    )

    def for_topic(self, topic):
        """Tagged with the topic or asking a question on it (id subqueries: no DISTINCT)."""
        from .questions import Question

        tagged = Survey.topics.through.objects.filter(topic=topic).values("survey_id")
        asked = Question.topics.through.objects.filter(topic=topic).values("question__survey_id")
        return self.filter(models.Q(pk__in=tagged) | models.Q(pk__in=asked))

    def for_organization(self, organization):
        return self.filter(organization_roles__organization=organization).distinct()

    def with_list_related(self, user=None):
        from .topics import Topic

        return self.prefetch_related(
            Prefetch(
                "organization_roles",
                queryset=in_parent_order(SurveyOrganization.objects)
                .filter(visible_q(user, "organization"))
                .select_related("organization")
                .only(
                    *with_languages(
                        SurveyOrganization,
                        "survey",
                        "role",
                        "position",
                        *card_fields("organization", "name"),
                    )
                ),
            ),
            Prefetch(
                "topics",
                queryset=Topic.objects.visible_to(user).only("slug", "published", "name", "kind"),
            ),
        )

    def with_detail_related(self, user=None):
        from .events import TOPIC_CARD, Event
        from .questions import Question, results_prefetch
        from .sources import SourceDocument
        from .topics import Topic

        return self.select_related("contact").prefetch_related(
            Prefetch(
                "organization_roles",
                queryset=in_parent_order(SurveyOrganization.objects)
                .filter(visible_q(user, "organization"))
                .select_related("organization__parent__parent__parent"),
            ),
            # Linked records show a name, a date and a link: their long texts stay in the table
            # (a source document's `text` is the whole document).
            Prefetch("topics", queryset=Topic.objects.visible_to(user).only(*TOPIC_CARD)),
            Prefetch("composition", queryset=in_parent_order(SampleComposition.objects)),
            Prefetch("related_items", queryset=in_parent_order(SurveyRelatedItem.objects)),
            Prefetch(
                "questions",
                queryset=in_parent_order(Question.objects)
                .select_related("source")
                .defer(*TIMESTAMPS, "source__text")
                .prefetch_related(results_prefetch()),
            ),
            Prefetch(
                "sources",
                queryset=SourceDocument.objects.visible_to(user).defer("text", *TIMESTAMPS),
            ),
            Prefetch(
                "events",
                queryset=Event.objects.visible_to(user).only("slug", "title", "date", "published"),
            ),
        )


class Survey(PublishableModel):
    """An opinion survey: who ran it, how, and what every question found."""

    # Methodology texts that only the survey's own page shows.
    LONG_TEXTS = (
        "summary",
        "mode_detail",
        "sampling",
        "geography",
        "weighting",
        "methodology_note",
    )

    title = LineField("title", max_length=300)
    headline = LineField(
        "headline", max_length=300, blank=True, help_text=_("The press release's headline.")
    )
    summary = PlainTextField("summary", blank=True, help_text=_("Markdown."))
    field_start = models.DateField("fieldwork from", null=True, blank=True, db_index=True)
    field_end = models.DateField("fieldwork until", null=True, blank=True)
    mode = models.CharField(
        "mode", max_length=20, choices=SurveyMode.choices, default=SurveyMode.TELEPHONE
    )
    mode_detail = PlainTextField("mode in detail", blank=True)
    sampling = PlainTextField("sampling", blank=True, help_text=_("How the sample was drawn."))
    population = LineField("population", max_length=300, blank=True)
    geography = PlainTextField(
        "geography", blank=True, help_text=_("Where respondents were interviewed.")
    )
    country = LineField("country", max_length=100, blank=True)
    sample_size = models.PositiveIntegerField("sample size", null=True, blank=True)
    weighting = PlainTextField("weighting", blank=True)
    margin_of_error = percent_field(
        "margin of error (%)", null=True, blank=True, help_text=_("Maximum, in percentage points.")
    )
    margin_qualifier = models.CharField(
        "margin of error is",
        max_length=10,
        choices=FigureQualifier.choices,
        default=FigureQualifier.AT_MOST,
    )
    confidence_level = percent_field("confidence level (%)", null=True, blank=True)
    design_effect = models.DecimalField(
        "design effect",
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("1"), "A design effect is 1 or more.")],
        help_text=_("When the survey gives one: widens margins computed from the sample size."),
    )
    response_rate = percent_field("response rate (%)", null=True, blank=True)
    methodology_note = PlainTextField("methodology, as published", blank=True)
    contact = models.ForeignKey(
        "kb.Person",
        verbose_name=_("contact for more information"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="surveys_as_contact",
    )
    topics = models.ManyToManyField(
        "kb.Topic", verbose_name=_("topics"), blank=True, related_name="surveys"
    )
    sources = models.ManyToManyField(
        "kb.SourceDocument", verbose_name=_("source documents"), blank=True, related_name="surveys"
    )

    objects = SlugManager.from_queryset(SurveyQuerySet)()

    class Meta:
        ordering = ["-field_end", "title", "pk"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        indexes = [
            # The reading order of surveys and of a topic's questions (newest fieldwork first).
            # PostgreSQL walks it for a busy topic's questions and stops at the page's end
            # (docs/benchmarks.md); rare topics keep their plan. SQLite's planner
            # leaves it alone for those and uses it for the survey list's default order.
            models.Index(fields=["-field_end", "title", "id"], name="kb_survey_order_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(field_end__isnull=True)
                | models.Q(field_start__isnull=True)
                | models.Q(field_end__gte=models.F("field_start")),
                name="survey_field_end_after_start",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url("kb:survey-detail", self.slug)

    def clean(self):
        if self.field_start and self.field_end and self.field_end < self.field_start:
            raise ValidationError({"field_end": "Fieldwork ends before it starts."})

    @property
    def year(self) -> int | None:
        day = self.field_end or self.field_start
        return day.year if day else None

    def organizations_in_role(self, role):
        return [link.organization for link in self.organization_roles.all() if link.role == role]

    def roles_by_kind(self):
        """Prefetched organizations grouped by role: conducted by, partner, implemented by, ..."""
        return [
            (role, orgs)
            for role in SurveyOrganizationRole
            if (orgs := self.organizations_in_role(role))
        ]

    def composition_by_dimension(self):
        groups: dict[str, list] = {}
        for share in self.composition.all():
            groups.setdefault(share.dimension, []).append(share)
        return [(CompositionDimension(dim), shares) for dim, shares in groups.items()]


class SurveyOrganizationManager(models.Manager):
    def get_by_natural_key(self, survey_slug, organization_slug, role):
        return self.get(survey__slug=survey_slug, organization__slug=organization_slug, role=role)


class SurveyOrganization(TimeStampedModel):
    survey = models.ForeignKey(
        Survey,
        verbose_name=_("survey"),
        on_delete=models.CASCADE,
        related_name="organization_roles",
    )
    organization = models.ForeignKey(
        "kb.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="survey_roles",
    )
    role = models.CharField("role", max_length=20, choices=SurveyOrganizationRole.choices)
    position = models.PositiveIntegerField("order", default=0)

    objects = SurveyOrganizationManager()

    class Meta:
        ordering = ["survey", "position", "pk"]
        verbose_name = _("organization of the survey")
        verbose_name_plural = _("organizations of the survey")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "organization", "role"], name="unique_survey_organization_role"
            )
        ]

    def __str__(self):
        return f"{self.organization} ({self.get_role_display()})"

    def natural_key(self):
        return (*self.survey.natural_key(), *self.organization.natural_key(), self.role)

    natural_key.dependencies = ["kb.survey", "kb.organization"]


class SampleCompositionManager(models.Manager):
    def get_by_natural_key(self, survey_slug, dimension, category):
        return self.get(survey__slug=survey_slug, dimension=dimension, category=category)


class SampleComposition(TimeStampedModel):
    """One share of the sample: 54.2% men, 60.3% answered in Russian, ..."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="composition"
    )
    dimension = models.CharField("dimension", max_length=20, choices=CompositionDimension.choices)
    category = LineField("category", max_length=200)
    percent = percent_field("share (%)")
    position = models.PositiveIntegerField("order", default=0)
    source_quote = PlainTextField("source passage", blank=True)

    objects = SampleCompositionManager()

    class Meta:
        ordering = ["survey", "dimension", "position"]
        verbose_name = _("sample share")
        verbose_name_plural = _("sample shares")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "dimension", "category"], name="unique_survey_composition"
            )
        ]

    def __str__(self):
        return f"{self.category}: {self.percent}%"

    def natural_key(self):
        return (*self.survey.natural_key(), self.dimension, self.category)

    natural_key.dependencies = ["kb.survey"]


class SurveyRelatedItemManager(models.Manager):
    def get_by_natural_key(self, survey_slug, title):
        return self.get(survey__slug=survey_slug, title=title)


class SurveyRelatedItem(TimeStampedModel):
    """A titled pointer the source names without data (another release, infographics, ...)."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="related_items"
    )
    title = LineField("title", max_length=300)
    url = WebAddressField("address", blank=True)
    note = LineField("note", max_length=300, blank=True)

    objects = SurveyRelatedItemManager()

    class Meta:
        ordering = ["survey", "pk"]
        verbose_name = _("related item")
        verbose_name_plural = _("related items")
        constraints = [
            models.UniqueConstraint(fields=["survey", "title"], name="unique_survey_related_title")
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (*self.survey.natural_key(), self.title)

    natural_key.dependencies = ["kb.survey"]
