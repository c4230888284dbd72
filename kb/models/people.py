from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from kb.enums import EventPersonRole
from kb.visibility import is_staff, visible_q

from .base import (
    PublishableModel,
    PublishableQuerySet,
    SlugManager,
    TimeStampedModel,
    in_parent_order,
    slug_url,
)
from .fields import LineField, PlainTextField, WebAddressField, upload_name

PHOTO_EXTENSIONS = ("jpg", "jpeg", "png", "webp")


def photo_upload_to(instance, filename: str) -> str:
    return upload_name("people", filename)


class PersonQuerySet(PublishableQuerySet):
    card_only = ("slug", "published", "name", "sort_name", "is_public", "affiliations_public")

    def public(self):
        """Published and not withheld: what any public output may show."""
        return self.filter(published=True, is_public=True)

    def visible_to(self, user):
        if is_staff(user):
            return self.all()
        return self.public()

    def speakers(self):
        return self.filter(event_roles__role=EventPersonRole.SPEAKER).distinct()

    def interested_in(self, topic):
        return self.filter(topics=topic)

    def for_topic(self, topic, user=None):
        """Interested in the topic, or took part in a visible event tagged with it.

        Two id subqueries instead of joins: no DISTINCT over 30,000 people.
        """
        from .events import EventPerson

        interested = Person.topics.through.objects.filter(topic=topic).values("person_id")
        took_part = (
            EventPerson.objects.filter(event__topics=topic)
            .filter(visible_q(user, "event"))
            .values("person_id")
        )
        return self.filter(models.Q(pk__in=interested) | models.Q(pk__in=took_part))

    def with_detail_related(self, user=None):
        from .events import EventPerson
        from .topics import Topic

        return self.prefetch_related(
            Prefetch(
                "affiliations",
                queryset=in_parent_order(Affiliation.objects)
                .filter(visible_q(user, "organization"))
                .select_related("organization"),
            ),
            Prefetch(
                "event_roles",
                queryset=EventPerson.objects.filter(visible_q(user, "event"))
                .select_related("event", "affiliation__organization")
                .order_by("-event__date", "-event__pk"),
            ),
            Prefetch("topics", queryset=Topic.objects.visible_to(user)),
        )


class Person(PublishableModel):
    """A speaker, moderator or researcher.

    Human-rights defenders can be at risk: `is_public` withholds the whole person from every public
    output, and the `*_public` flags withhold single fields.
    """

    name = LineField("name", max_length=200, help_text=_("As the person writes it in English."))
    sort_name = LineField(
        "sort name", max_length=200, blank=True, help_text=_("Family name first, for ordering.")
    )
    alternate_names = PlainTextField(
        "other spellings",
        blank=True,
        help_text=_("Other transliterations and scripts (Latin, Cyrillic), one per line."),
    )
    bio = PlainTextField("biography", blank=True, help_text=_("Markdown."))
    photo = models.FileField(
        "photo",
        upload_to=photo_upload_to,
        blank=True,
        validators=[FileExtensionValidator(PHOTO_EXTENSIONS)],
        help_text=_("JPEG, PNG or WebP."),
    )
    website = WebAddressField("website", blank=True)
    topics = models.ManyToManyField(
        "kb.Topic",
        verbose_name=_("research interests"),
        blank=True,
        related_name="people",
    )
    research_interests = PlainTextField(
        "research interests (as written)",
        blank=True,
        help_text=_("The interests in the person's own words; link the matching topics too."),
    )
    is_public = models.BooleanField(
        "show publicly",
        default=True,
        help_text=_(
            "Untick to withhold this person from every public page, search, feed and export."
        ),
    )
    bio_public = models.BooleanField("show biography publicly", default=True)
    photo_public = models.BooleanField("show photo publicly", default=True)
    affiliations_public = models.BooleanField("show affiliations publicly", default=True)

    objects = SlugManager.from_queryset(PersonQuerySet)()

    class Meta:
        ordering = ["sort_name", "name", "pk"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [
            # The people list pages through 30,000 names in this order.
            models.Index(fields=["sort_name", "name"], name="kb_person_sort_idx"),
            # ... and counts the public ones from this index alone.
            models.Index(
                fields=["published", "is_public", "sort_name", "name"], name="kb_person_public_idx"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.sort_name:
            parts = self.name.split()
            self.sort_name = " ".join(parts[-1:] + parts[:-1]) if parts else ""
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("kb:person-detail", self.slug)

    @property
    def alternate_name_list(self) -> list[str]:
        return [line.strip() for line in self.alternate_names.splitlines() if line.strip()]

    @property
    def all_names(self) -> list[str]:
        return [self.name, *self.alternate_name_list]

    def events_as(self, role):
        from .events import Event

        return Event.objects.filter(person_roles__person=self, person_roles__role=role).distinct()

    def events_as_speaker(self):
        return self.events_as(EventPersonRole.SPEAKER)

    def events_as_moderator(self):
        return self.events_as(EventPersonRole.MODERATOR)

    def roles_by_kind(self):
        """Prefetched event roles grouped as the page shows them: spoke at, moderated, ..."""
        groups: dict[str, list] = {}
        for link in self.event_roles.all():
            groups.setdefault(link.role, []).append(link)
        order = list(EventPersonRole.values)
        return [
            (EventPersonRole(role), groups[role])
            for role in sorted(groups, key=lambda r: order.index(r) if r in order else 99)
        ]

    @property
    def current_affiliations(self):
        return [a for a in self.affiliations.all() if a.end_date is None]


class AffiliationQuerySet(models.QuerySet):
    def current(self):
        return self.filter(end_date__isnull=True)


class AffiliationManager(models.Manager.from_queryset(AffiliationQuerySet)):
    def get_by_natural_key(self, person_slug, organization_slug, title):
        return self.get(person__slug=person_slug, organization__slug=organization_slug, title=title)


class Affiliation(TimeStampedModel):
    """A dated position: title at organization."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="affiliations"
    )
    organization = models.ForeignKey(
        "kb.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="affiliations",
    )
    title = LineField("title", max_length=255, blank=True, help_text=_("e.g. Research Fellow"))
    start_date = models.DateField("from", null=True, blank=True)
    end_date = models.DateField("until", null=True, blank=True)
    date_note = LineField(
        "dates as known",
        max_length=200,
        blank=True,
        help_text=_(
            'What the source says when exact dates are unknown, e.g. "as of December 2023".'
        ),
    )
    position = models.PositiveIntegerField("order", default=0)

    objects = AffiliationManager()

    class Meta:
        ordering = ["person", "position", "-start_date"]
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="affiliation_end_after_start",
            )
        ]

    def __str__(self):
        label = f"{self.title}, {self.organization}" if self.title else str(self.organization)
        return f"{self.person}: {label}"

    def natural_key(self):
        return (*self.person.natural_key(), *self.organization.natural_key(), self.title)

    natural_key.dependencies = ["kb.person", "kb.organization"]

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The end date is before the start date."})

    @property
    def label(self) -> str:
        return f"{self.title}, {self.organization.name}" if self.title else self.organization.name
