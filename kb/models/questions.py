"""A survey's questions, in order, and each question's results as printed."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from kb.enums import (
    FigureQualifier,
    QuestionKind,
)
from kb.visibility import visible_q

from .base import (
    TimeStampedModel,
    fast_reverse,
    in_parent_order,
)
from .fields import LineField, PlainTextField
from .surveys import TIMESTAMPS, Survey, SurveyOrganization, percent_field

# Printed toplines are rounded to one decimal: five options can overshoot 100 by a few tenths.
ROUNDING_SLACK = Decimal("1.0")
# Where a page's prefetch puts a question's results (Question.ordered_results()).
RESULT_LIST = "result_list"


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

    def with_page_related(self, user=None):
        """What a question's own page shows: its survey's methodology and sponsors, its
        results, topics, series, and the events that discussed its survey."""
        from .events import Event
        from .series import SeriesWave
        from .topics import Topic

        return (
            self.select_related("survey", "source")
            .defer(*TIMESTAMPS, "survey__summary", "survey__methodology_note", "source__text")
            .prefetch_related(
                results_prefetch(),
                Prefetch(
                    "survey__organization_roles",
                    queryset=in_parent_order(SurveyOrganization.objects)
                    .filter(visible_q(user, "organization"))
                    .select_related("organization"),
                ),
                Prefetch(
                    "survey__events",
                    queryset=Event.objects.visible_to(user).only(
                        "slug", "title", "date", "published"
                    ),
                ),
                Prefetch(
                    "topics",
                    queryset=Topic.objects.visible_to(user).only(
                        "slug", "name", "published", "kind"
                    ),
                ),
                Prefetch(
                    "series_waves",
                    queryset=SeriesWave.objects.filter(visible_q(user, "series")).select_related(
                        "series"
                    ),
                ),
            )
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
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="questions"
    )
    number = models.PositiveIntegerField("number", help_text=_("Order in the survey, from 1."))
    text = PlainTextField("question", help_text=_("The question as asked, or as reported."))
    short_label = LineField(
        "short label", max_length=200, blank=True, help_text=_("For charts and lists.")
    )
    kind = models.CharField(
        "answers", max_length=10, choices=QuestionKind.choices, default=QuestionKind.SINGLE
    )
    topline_complete = models.BooleanField(
        "all options given",
        default=True,
        help_text=_("Untick when the source gives only some of the options' shares."),
    )
    base = LineField(
        "base", max_length=200, blank=True, default="All respondents", help_text=_("Who was asked.")
    )
    note = PlainTextField("note", blank=True)
    topics = models.ManyToManyField(
        "kb.Topic", verbose_name=_("topics"), blank=True, related_name="questions"
    )
    source = models.ForeignKey(
        "kb.SourceDocument",
        verbose_name=_("source document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
    )
    source_quote = PlainTextField("source passage", blank=True)

    objects = QuestionManager()

    class Meta:
        ordering = ["survey", "number"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["survey", "number"], name="unique_question_number")
        ]

    def __str__(self):
        return f"Q{self.number}. {self.short_label or self.text[:80]}"

    def get_absolute_url(self):
        return fast_reverse("kb:question-detail", self.survey.slug, self.number)

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
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="results"
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
        "net", default=False, help_text=_("A total of other options (e.g. trust fully + rather).")
    )
    net = models.ForeignKey(
        "self",
        verbose_name=_("part of net"),
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
        verbose_name = _("result")
        verbose_name_plural = _("results")
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
    for label, percent, _qualifier, is_net, _net in shares:
        parts = parts_by_net.get(label)
        if (
            is_net
            and parts is not None
            and percent is not None
            and abs(parts - percent) > ROUNDING_SLACK
        ):
            problems.append(f'The net "{label}" is {percent}% but its parts add up to {parts}%.')
    return problems
