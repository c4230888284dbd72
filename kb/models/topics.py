from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from kb.enums import TopicKind

from .base import PublishableModel, PublishableQuerySet, SlugManager, slug_url
from .fields import LineField, PlainTextField


class TopicQuerySet(PublishableQuerySet):
    def rights(self):
        return self.filter(kind=TopicKind.HUMAN_RIGHT)

    def themes(self):
        return self.filter(kind=TopicKind.THEME)

    def roots(self):
        return self.filter(parent__isnull=True)

    def with_detail_related(self, user=None):
        return self.select_related("parent__parent__parent").prefetch_related(
            Prefetch("children", queryset=Topic.objects.visible_to(user))
        )


class Topic(PublishableModel):
    """A node of the small thesaurus: a human right or a research theme."""

    name = LineField("name", max_length=200, unique=True)
    kind = models.CharField("kind", max_length=20, choices=TopicKind.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("broader topic"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    description = PlainTextField("description", blank=True, help_text=_("Markdown."))
    alternate_names = PlainTextField(
        "other names",
        blank=True,
        help_text=_("Other names and spellings, one per line (used by search)."),
    )
    position = models.PositiveIntegerField("order among siblings", default=0)

    objects = SlugManager.from_queryset(TopicQuerySet)()

    class Meta:
        ordering = ["kind", "position", "name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("kb:topic-detail", self.slug)

    @property
    def alternate_name_list(self) -> list[str]:
        return [line.strip() for line in self.alternate_names.splitlines() if line.strip()]

    def ancestors(self) -> list["Topic"]:
        """Broader topics, nearest last. The thesaurus is shallow: one query per level."""
        chain, node = [], self.parent
        while node is not None:
            chain.insert(0, node)
            node = node.parent
        return chain
