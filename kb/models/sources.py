import re

from django.db import models
from django.db.models import Prefetch

from kb.enums import DocumentKind

from .base import PublishableModel, PublishableQuerySet, SlugManager, slug_url, visible_q


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

    title = models.CharField("title", max_length=300)
    kind = models.CharField(
        "kind", max_length=20, choices=DocumentKind.choices, default=DocumentKind.OTHER
    )
    publisher = models.ForeignKey(
        "kb.Organization",
        verbose_name="publisher",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    url = models.URLField("address", blank=True)
    original_filename = models.CharField("original file name", max_length=255, blank=True)
    language = models.CharField("language", max_length=10, default="en")
    issued = models.DateField("dated", null=True, blank=True)
    text = models.TextField("full text", help_text="The document's text, verbatim.")

    objects = SlugManager.from_queryset(SourceDocumentQuerySet)()

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = "source document"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url("kb:document-detail", self.slug)

    def contains(self, quote: str) -> bool:
        """Whether a quoted sentence stands in the text (white space folded)."""
        return _fold(quote) in _fold(self.text)


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
