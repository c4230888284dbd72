import re

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from kb.enums import DocumentKind
from kb.visibility import visible_q

from .base import (
    PublishableModel,
    PublishableQuerySet,
    SlugManager,
    TimeStampedModel,
    slug_url,
)
from .fields import LineField, PlainTextField, WebAddressField


class SourceDocumentQuerySet(PublishableQuerySet):
    def with_detail_related(self, user=None):
        from .events import EventSource
        from .surveys import Survey

        return self.select_related("publisher").prefetch_related(
            Prefetch("surveys", queryset=Survey.objects.visible_to(user)),
            Prefetch(
                "event_links",
                queryset=EventSource.objects.filter(visible_q(user, "event")).select_related(
                    "event"
                ),
            ),
        )


class SourceDocument(PublishableModel):
    """The text a fact came from: a press release, an event page, a report."""

    title = LineField("title", max_length=300)
    kind = models.CharField(
        "kind", max_length=20, choices=DocumentKind.choices, default=DocumentKind.OTHER
    )
    publisher = models.ForeignKey(
        "kb.Organization",
        verbose_name=_("publisher"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    url = WebAddressField("address", blank=True)
    original_filename = LineField("original file name", max_length=255, blank=True)
    language = models.CharField("language", max_length=10, default="en")
    issued = models.DateField("dated", null=True, blank=True)
    text = PlainTextField("full text", help_text=_("The document's text, verbatim."))

    objects = SlugManager.from_queryset(SourceDocumentQuerySet)()

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("source document")
        verbose_name_plural = _("source documents")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url("kb:document-detail", self.slug)

    def contains(self, quote: str) -> bool:
        """Whether a quoted sentence stands in the text (white space folded)."""
        return _fold(quote) in _fold(self.text)


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


class SourcePassage(TimeStampedModel):
    """Provenance of one fact of a record: the passage of a document it was read from.

    Written by the importer for every figure and fact it proposed and staff kept: a result's
    share, a survey's sample size, a speaker at an event. `start`/`end` are offsets into the
    document's text as stored, so a page can link to the very sentence.
    """

    document = models.ForeignKey(
        SourceDocument,
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="passages",
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    field = models.CharField(
        "fact", max_length=60, help_text=_("The record's field (or 'record' for the whole row).")
    )
    start = models.PositiveIntegerField("from character")
    end = models.PositiveIntegerField("to character")
    quote = PlainTextField("passage")

    class Meta:
        ordering = ["document", "start", "pk"]
        verbose_name = _("source passage")
        verbose_name_plural = _("source passages")
        indexes = [models.Index(fields=["content_type", "object_id"], name="kb_passage_record_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="passage_end_after_start"
            )
        ]

    def __str__(self):
        return f"{self.document}: {self.quote[:60]}"
