from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _

from kb.enums import OrganizationKind

from .base import PublishableModel, PublishableQuerySet, SlugManager, slug_url
from .fields import LineField, PlainTextField, WebAddressField, holds_control_character


class OrganizationQuerySet(PublishableQuerySet):
    card_only = (
        "slug",
        "published",
        "name",
        "short_name",
        "kind",
        "city",
        "country",
        "parent",
        "parent__slug",
        "parent__name",
        "parent__published",
    )

    def for_topic(self, topic):
        return self.filter(topics=topic)

    def within(self, org):
        """The organization and those inside it, to three levels down (the deepest chain staff
        record: program < institute < university). One statement, usable as a subquery."""
        pk = getattr(org, "pk", org)
        return self.filter(
            Q(pk=pk) | Q(parent=pk) | Q(parent__parent=pk) | Q(parent__parent__parent=pk)
        )

    def named(self, text: str):
        """Organizations whose name, short name or one of whose other names is `text` (any
        case): an abbreviation works where a slug or a name does."""
        text = " ".join(text.split())
        # No name holds a control character (LineField refuses them) or runs to 300 characters:
        # such a value (a NUL byte PostgreSQL would refuse) finds nothing without asking.
        if not text or len(text) > 300 or holds_control_character(text):
            return self.none()
        candidates = self.filter(
            Q(name__iexact=text) | Q(short_name__iexact=text) | Q(alternate_names__icontains=text)
        )
        wanted = text.casefold()
        return candidates.filter(
            pk__in=[
                org.pk
                for org in candidates.only("pk", "name", "short_name", "alternate_names")
                if wanted
                in {n.casefold() for n in (org.name, org.short_name, *org.alternate_name_list)}
            ]
        )

    def with_list_related(self, user=None):
        return self.select_related("parent")

    def with_detail_related(self, user=None):
        from .topics import Topic

        # Three levels of parents: the deepest chain we know is program < institute < university.
        return self.select_related("parent__parent__parent").prefetch_related(
            Prefetch("children", queryset=Organization.objects.visible_to(user)),
            Prefetch("topics", queryset=Topic.objects.visible_to(user)),
        )


class Organization(PublishableModel):
    """A university, institute, program, think tank, pollster, NGO, foundation, ..."""

    name = LineField("name", max_length=255)
    short_name = LineField(
        "short name", max_length=100, blank=True, help_text=_("Acronym or short form, e.g. IERES.")
    )
    alternate_names = PlainTextField(
        "other names", blank=True, help_text=_("Other names and spellings, one per line.")
    )
    kind = models.CharField(
        "kind", max_length=20, choices=OrganizationKind.choices, default=OrganizationKind.OTHER
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("The organization this one sits inside (a program in an institute, ...)."),
    )
    website = WebAddressField("website", blank=True)
    city = LineField("city", max_length=100, blank=True)
    country = LineField("country", max_length=100, blank=True, db_index=True)
    description = PlainTextField("description", blank=True, help_text=_("Markdown."))
    topics = models.ManyToManyField(
        "kb.Topic", verbose_name=_("topics"), blank=True, related_name="organizations"
    )

    objects = SlugManager.from_queryset(OrganizationQuerySet)()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("kb:organization-detail", self.slug)

    @property
    def place(self) -> str:
        return ", ".join(part for part in (self.city, self.country) if part)

    @property
    def alternate_name_list(self) -> list[str]:
        return [line.strip() for line in self.alternate_names.splitlines() if line.strip()]

    def ancestors(self) -> list["Organization"]:
        chain, node = [], self.parent
        while node is not None:
            chain.insert(0, node)
            node = node.parent
        return chain

    def clean(self):
        node = self.parent
        while node is not None:
            if node.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": "An organization cannot sit inside itself."})
            node = node.parent
