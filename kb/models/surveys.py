from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch

from kb.enums import (
    CompositionDimension,
    FigureQualifier,
    QuestionKind,
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
    fast_reverse,
    in_parent_order,
    slug_url,
)
from .fields import LineField, PlainTextField, WebAddressField

PERCENT_VALIDATORS = [
    MinValueValidator(Decimal("0"), "A percentage cannot be below 0."),
    MaxValueValidator(Decimal("100"), "A percentage cannot be above 100."),
]
# Printed toplines are rounded to one decimal: five options can overshoot 100 by a few tenths.
ROUNDING_SLACK = Decimal("1.0")
# Never shown on a page; parsing them is a tenth of a list page's time on SQLite.
TIMESTAMPS = ("created_at", "updated_at")
# Where a page's prefetch puts a question's results (Question.ordered_results()).
RESULT_LIST = "result_list"


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
                .only("survey", "role", "position", *card_fields("organization", "name")),
            ),
            Prefetch(
                "topics",
                queryset=Topic.objects.visible_to(user).only("slug", "published", "name", "kind"),
            ),
        )

    def with_detail_related(self, user=None):
        from .events import TOPIC_CARD, Event
        from .sources import SourceDocument
        from .topics import Topic

        return self.select_related("contact").prefetch_related(
            Prefetch(
                "organization_roles",
                queryset=in_parent_order(SurveyOrganization.objects)
                .filter(visible_q(user, "organization"))
                .select_related("organization__parent"),
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
        "headline", max_length=300, blank=True, help_text="The press release's headline."
    )
    summary = PlainTextField("summary", blank=True, help_text="Markdown.")
    field_start = models.DateField("fieldwork from", null=True, blank=True, db_index=True)
    field_end = models.DateField("fieldwork until", null=True, blank=True)
    mode = models.CharField(
        "mode", max_length=20, choices=SurveyMode.choices, default=SurveyMode.TELEPHONE
    )
    mode_detail = PlainTextField("mode in detail", blank=True)
    sampling = PlainTextField("sampling", blank=True, help_text="How the sample was drawn.")
    population = LineField("population", max_length=300, blank=True)
    geography = PlainTextField(
        "geography", blank=True, help_text="Where respondents were interviewed."
    )
    country = LineField("country", max_length=100, blank=True)
    sample_size = models.PositiveIntegerField("sample size", null=True, blank=True)
    weighting = PlainTextField("weighting", blank=True)
    margin_of_error = percent_field(
        "margin of error (%)", null=True, blank=True, help_text="Maximum, in percentage points."
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
        help_text="When the survey gives one: widens margins computed from the sample size.",
    )
    response_rate = percent_field("response rate (%)", null=True, blank=True)
    methodology_note = PlainTextField("methodology, as published", blank=True)
    contact = models.ForeignKey(
        "kb.Person",
        verbose_name="contact for more information",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="surveys_as_contact",
    )
    topics = models.ManyToManyField(
        "kb.Topic", verbose_name="topics", blank=True, related_name="surveys"
    )
    sources = models.ManyToManyField(
        "kb.SourceDocument", verbose_name="source documents", blank=True, related_name="surveys"
    )

    objects = SlugManager.from_queryset(SurveyQuerySet)()

    class Meta:
        ordering = ["-field_end", "title", "pk"]
        verbose_name = "survey"
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
        Survey, verbose_name="survey", on_delete=models.CASCADE, related_name="organization_roles"
    )
    organization = models.ForeignKey(
        "kb.Organization",
        verbose_name="organization",
        on_delete=models.PROTECT,
        related_name="survey_roles",
    )
    role = models.CharField("role", max_length=20, choices=SurveyOrganizationRole.choices)
    position = models.PositiveIntegerField("order", default=0)

    objects = SurveyOrganizationManager()

    class Meta:
        ordering = ["survey", "position", "pk"]
        verbose_name = "organization of the survey"
        verbose_name_plural = "organizations of the survey"
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
        Survey, verbose_name="survey", on_delete=models.CASCADE, related_name="composition"
    )
    dimension = models.CharField("dimension", max_length=20, choices=CompositionDimension.choices)
    category = LineField("category", max_length=200)
    percent = percent_field("share (%)")
    position = models.PositiveIntegerField("order", default=0)
    source_quote = PlainTextField("source passage", blank=True)

    objects = SampleCompositionManager()

    class Meta:
        ordering = ["survey", "dimension", "position"]
        verbose_name = "sample share"
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
        Survey, verbose_name="survey", on_delete=models.CASCADE, related_name="related_items"
    )
    title = LineField("title", max_length=300)
    url = WebAddressField("address", blank=True)
    note = LineField("note", max_length=300, blank=True)

    objects = SurveyRelatedItemManager()

    class Meta:
        ordering = ["survey", "pk"]
        verbose_name = "related item"
        constraints = [
            models.UniqueConstraint(fields=["survey", "title"], name="unique_survey_related_title")
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (*self.survey.natural_key(), self.title)

    natural_key.dependencies = ["kb.survey"]


class QuestionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(survey__published=True)

    def visible_to(self, user):
        return self.filter(visible_q(user, "survey"))

    def for_topic(self, topic):
        return self.filter(topics=topic)

    def with_results(self):
        """What a question's chart or API record shows: its survey, source and results.

        The results come as a plain list (`ordered_results()`): Django's prefetch into
        `question.results` clones a queryset per question, which a page of 20 charts notices.
        The survey's and source's long texts stay in the database.
        """
        return (
            self.select_related("survey", "source")
            .defer(
                *TIMESTAMPS,
                *(f"survey__{name}" for name in (*TIMESTAMPS, *Survey.LONG_TEXTS)),
                *(f"source__{name}" for name in (*TIMESTAMPS, "text")),
            )
            .prefetch_related(results_prefetch())
        )


def results_prefetch() -> Prefetch:
    """Each question's results in order, as the plain list `Question.ordered_results()` reads."""
    return Prefetch(
        "results",
        queryset=Result.objects.defer(*TIMESTAMPS).order_by("position"),
        to_attr=RESULT_LIST,
    )


class QuestionManager(models.Manager.from_queryset(QuestionQuerySet)):
    def get_by_natural_key(self, survey_slug, number):
        return self.get(survey__slug=survey_slug, number=number)


class Question(TimeStampedModel):
    survey = models.ForeignKey(
        Survey, verbose_name="survey", on_delete=models.CASCADE, related_name="questions"
    )
    number = models.PositiveIntegerField("number", help_text="Order in the survey, from 1.")
    text = PlainTextField("question", help_text="The question as asked, or as reported.")
    short_label = LineField(
        "short label", max_length=200, blank=True, help_text="For charts and lists."
    )
    kind = models.CharField(
        "answers", max_length=10, choices=QuestionKind.choices, default=QuestionKind.SINGLE
    )
    topline_complete = models.BooleanField(
        "all options given",
        default=True,
        help_text="Untick when the source gives only some of the options' shares.",
    )
    base = LineField(
        "base", max_length=200, blank=True, default="All respondents", help_text="Who was asked."
    )
    note = PlainTextField("note", blank=True)
    topics = models.ManyToManyField(
        "kb.Topic", verbose_name="topics", blank=True, related_name="questions"
    )
    source = models.ForeignKey(
        "kb.SourceDocument",
        verbose_name="source document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
    )
    source_quote = PlainTextField("source passage", blank=True)

    objects = QuestionManager()

    class Meta:
        ordering = ["survey", "number"]
        verbose_name = "question"
        constraints = [
            models.UniqueConstraint(fields=["survey", "number"], name="unique_question_number")
        ]

    def __str__(self):
        return f"Q{self.number}. {self.short_label or self.text[:80]}"

    def get_absolute_url(self):
        return f"{self.survey.get_absolute_url()}#q{self.number}"

    def natural_key(self):
        return (*self.survey.natural_key(), self.number)

    natural_key.dependencies = ["kb.survey"]

    def ordered_results(self) -> list:
        """The results in order: the list prefetched by results_prefetch(), else one query."""
        if hasattr(self, RESULT_LIST):
            return getattr(self, RESULT_LIST)
        return list(self.results.all())

    @property
    def cite_links(self) -> dict[str, str]:
        """The question's citation files by format (kb.exports: txt, bib, json)."""
        return {
            fmt: fast_reverse("exports:question-cite", self.survey.slug, self.number, fmt)
            for fmt in ("txt", "bib", "json")
        }

    @property
    def is_multiple(self) -> bool:
        return self.kind == QuestionKind.MULTIPLE


class ResultManager(models.Manager):
    def get_by_natural_key(self, survey_slug, number, position):
        return self.get(
            question__survey__slug=survey_slug, question__number=number, position=position
        )


class Result(TimeStampedModel):
    """One option of a question with the share that chose it, as printed.

    A net ("in total 53% do not trust") is a result with `is_net`; its parts point at it with
    `net`. A figure the source gives as a bound ("less than 2%") says so in `qualifier`; an option
    the source names without a figure has no percent.
    """

    question = models.ForeignKey(
        Question, verbose_name="question", on_delete=models.CASCADE, related_name="results"
    )
    position = models.PositiveIntegerField("order", default=0)
    label = LineField("option", max_length=300)
    percent = percent_field("share (%)", null=True, blank=True)
    qualifier = models.CharField(
        "figure is",
        max_length=10,
        choices=FigureQualifier.choices,
        default=FigureQualifier.EXACT,
    )
    is_net = models.BooleanField(
        "net", default=False, help_text="A total of other options (e.g. trust fully + rather)."
    )
    net = models.ForeignKey(
        "self",
        verbose_name="part of net",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="parts",
        limit_choices_to={"is_net": True},
    )
    source_quote = PlainTextField("source passage", blank=True)

    objects = ResultManager()

    class Meta:
        ordering = ["question", "position"]
        verbose_name = "result"
        constraints = [
            models.UniqueConstraint(fields=["question", "position"], name="unique_result_position"),
            models.CheckConstraint(
                condition=models.Q(percent__isnull=True)
                | models.Q(percent__gte=0, percent__lte=100),
                name="result_percent_range",
            ),
        ]

    def __str__(self):
        figure = f"{self.percent}%" if self.percent is not None else "no figure"
        return f"{self.label}: {figure}"

    def natural_key(self):
        return (*self.question.natural_key(), self.position)

    natural_key.dependencies = ["kb.question"]

    @property
    def counts_toward_total(self) -> bool:
        """Whether this share is part of the single-choice 100: leaves, and nets given alone."""
        if self.percent is None or self.qualifier != FigureQualifier.EXACT:
            return False
        return not self.is_net or not any(True for _ in self.parts.all())

    def clean(self):
        if self.net_id:
            if not self.net.is_net:
                raise ValidationError({"net": "Choose a result marked as a net."})
            if self.net.question_id != self.question_id:
                raise ValidationError({"net": "A net and its parts belong to the same question."})
            if self.is_net:
                raise ValidationError({"net": "A net cannot be part of another net."})


def check_result_shares(*, kind: str, shares) -> list[str]:
    """Problems with one question's shares, as messages staff understand.

    `shares` holds (label, percent, qualifier, is_net, net_label) for every option; used by the
    admin formset and by the fixture checks, so both apply the same rule.
    """
    problems = []
    labels_of_nets_with_parts = {net for *_, net in shares if net}
    parts_by_net: dict[str, Decimal] = {}
    total = Decimal("0")
    for label, percent, qualifier, is_net, net_label in shares:
        if percent is None or qualifier != FigureQualifier.EXACT:
            continue
        if net_label:
            parts_by_net[net_label] = parts_by_net.get(net_label, Decimal("0")) + percent
        if is_net and label in labels_of_nets_with_parts:
            continue
        total += percent
    if kind == QuestionKind.SINGLE and total > 100 + ROUNDING_SLACK:
        problems.append(
            f"The shares of this single-choice question add up to {total}%, more than 100%. "
            "Mark it as multiple choice, or mark totals as nets."
        )
    for label, percent, _qualifier, is_net, _ in shares:
        parts = parts_by_net.get(label)
        if (
            is_net
            and parts is not None
            and percent is not None
            and abs(parts - percent) > ROUNDING_SLACK
        ):
            problems.append(f'The net "{label}" is {percent}% but its parts add up to {parts}%.')
    return problems
