"""Question series: the same (or a comparable) question asked in several surveys, as a trend."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from kb.enums import Comparability
from kb.visibility import visible_q

from .base import (
    PublishableModel,
    PublishableQuerySet,
    SlugManager,
    TimeStampedModel,
    slug_url,
)
from .fields import LineField, PlainTextField
from .questions import RESULT_LIST, Result
from .surveys import TIMESTAMPS, Survey


class QuestionSeriesQuerySet(PublishableQuerySet):
    card_only = ("slug", "published", "title")

    def with_detail_related(self, user=None):
        """The waves a page draws (a draft survey's wave only for staff), each with its results."""
        from .topics import Topic

        return self.prefetch_related(
            Prefetch(
                "waves",
                queryset=SeriesWave.objects.filter(visible_q(user, "question__survey"))
                .select_related("question__survey")
                .defer(
                    *TIMESTAMPS,
                    *(f"question__{name}" for name in TIMESTAMPS),
                    # Weighting stays: a margin's explanation says whether the data are weighted.
                    *(
                        f"question__survey__{name}"
                        for name in (*TIMESTAMPS, *Survey.LONG_TEXTS)
                        if name != "weighting"
                    ),
                ),
            ),
            Prefetch(
                "waves__question__results",
                queryset=Result.objects.defer(*TIMESTAMPS).order_by("position"),
                to_attr=RESULT_LIST,
            ),
            Prefetch(
                "topics",
                queryset=Topic.objects.visible_to(user).only("slug", "name", "published", "kind"),
            ),
        )


class QuestionSeries(PublishableModel):
    """Questions of several surveys that ask the same thing, so their results draw a trend."""

    title = LineField("title", max_length=300, help_text=_("What the question asks, briefly."))
    description = PlainTextField(
        "description", blank=True, help_text=_("Markdown. What the series follows and why.")
    )
    topics = models.ManyToManyField(
        "kb.Topic", verbose_name=_("topics"), blank=True, related_name="question_series"
    )

    objects = SlugManager.from_queryset(QuestionSeriesQuerySet)()

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("question series")
        verbose_name_plural = _("question series")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url("kb:series-detail", self.slug)

    def ordered_waves(self) -> list["SeriesWave"]:
        """The prefetched waves in the order of their fieldwork."""
        return sorted(self.waves.all(), key=lambda wave: (wave.date, wave.pk))

    def events_on_axis(self, waves: list["SeriesWave"], user=None, limit: int = 12):
        """The program's events between the first wave's fieldwork and the last's that
        discussed one of the series' surveys or share one of its topics, by date."""
        from .events import Event

        starts = [d for w in waves for d in (w.survey.field_start, w.survey.field_end) if d]
        if not starts:
            return Event.objects.none()
        surveys = [wave.survey.pk for wave in waves]
        topics = [topic.pk for topic in self.topics.all()]
        related = Event.objects.filter(
            models.Q(surveys__in=surveys) | models.Q(topics__in=topics)
        ).values("pk")
        return (
            Event.objects.visible_to(user)
            .filter(pk__in=related, date__range=(min(starts), max(starts)))
            .only("slug", "title", "date", "published")
            .order_by("date", "pk")[:limit]
        )


class SeriesWaveManager(models.Manager):
    def get_by_natural_key(self, series_slug, survey_slug, number):
        return self.get(
            series__slug=series_slug, question__survey__slug=survey_slug, question__number=number
        )


class SeriesWave(TimeStampedModel):
    """One survey's question in a series."""

    series = models.ForeignKey(
        QuestionSeries, verbose_name=_("series"), on_delete=models.CASCADE, related_name="waves"
    )
    question = models.ForeignKey(
        "kb.Question",
        verbose_name=_("question"),
        on_delete=models.CASCADE,
        related_name="series_waves",
    )
    comparability = models.CharField(
        "comparability",
        max_length=20,
        choices=Comparability.choices,
        default=Comparability.SAME,
    )
    wording_note = LineField(
        "what changed",
        max_length=500,
        blank=True,
        help_text=_("For a comparable question: how its wording or options differ."),
    )

    objects = SeriesWaveManager()

    class Meta:
        ordering = ["series", "pk"]
        verbose_name = _("wave")
        verbose_name_plural = _("waves")
        constraints = [
            models.UniqueConstraint(fields=["series", "question"], name="unique_series_question")
        ]

    def __str__(self):
        return str(self.question)

    def natural_key(self):
        return (*self.series.natural_key(), *self.question.natural_key())

    natural_key.dependencies = ["kb.questionseries", "kb.question"]

    @property
    def survey(self) -> Survey:
        return self.question.survey

    @property
    def date(self) -> datetime.date:
        """The middle of the fieldwork: where the wave stands on a time axis."""
        start, end = self.survey.field_start, self.survey.field_end
        if start and end:
            return start + (end - start) / 2
        return start or end or datetime.date.max

    def clean(self):
        if self.comparability == Comparability.COMPARABLE and not self.wording_note.strip():
            raise ValidationError({"wording_note": "Say what changed in the wording."})
        if self.series_id and self.question_id:
            survey_id = self.question.survey_id
            others = SeriesWave.objects.filter(series_id=self.series_id).exclude(pk=self.pk)
            if others.filter(question__survey_id=survey_id).exists():
                raise ValidationError(
                    {"question": "This series already has a question of that survey."}
                )
