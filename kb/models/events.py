import datetime
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kb.enums import EventFormat, EventKind, EventOrganizationRole, EventPersonRole
from kb.visibility import media_q, visible_q

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

TOPIC_CARD = ("slug", "published", "name", "kind")


def validate_time_zone(value):
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(f'"{value}" is not a known time zone (e.g. Asia/Almaty).') from exc


class EventQuerySet(PublishableQuerySet):
    card_only = ("slug", "published", "title", "date", "start_time", "format", "kind")

    def upcoming(self, today=None):
        return self.filter(date__gte=today or timezone.localdate()).order_by(
            "date", "start_time", "title", "pk"
        )

    def past(self, today=None):
        return self.filter(date__lt=today or timezone.localdate()).order_by(
            "-date", "-start_time", "title", "pk"
        )

    def for_topic(self, topic):
        return self.filter(topics=topic)

    def for_person(self, person):
        return self.filter(person_roles__person=person).distinct()

    def for_organization(self, organization):
        return self.filter(organization_roles__organization=organization).distinct()

    def organized_by(self, organization):
        return self.filter(
            organization_roles__organization=organization,
            organization_roles__role=EventOrganizationRole.ORGANIZER,
        ).distinct()

    def before(self, event):
        """Earlier events, nearest first (same-day ties broken by start time, then id)."""
        return self.filter(
            models.Q(date__lt=event.date) | models.Q(date=event.date, pk__lt=event.pk)
        ).order_by("-date", "-pk")

    def after(self, event):
        return self.filter(
            models.Q(date__gt=event.date) | models.Q(date=event.date, pk__gt=event.pk)
        ).order_by("date", "pk")

    def with_list_related(self, user=None):
        """What a list row shows: names of organizations in role, people in role, topics.

        Only what `user` may see is prefetched: the public never meets a draft organization or a
        withheld person through an event. Related rows carry their names and links only; pages
        that show more use `with_detail_related`.
        """
        from .topics import Topic

        return self.prefetch_related(
            Prefetch(
                "organization_roles",
                queryset=in_parent_order(EventOrganization.objects)
                .filter(visible_q(user, "organization"))
                .select_related("organization")
                .only(
                    *with_languages(
                        EventOrganization,
                        "event",
                        "role",
                        "position",
                        *card_fields("organization", "name"),
                    )
                ),
            ),
            Prefetch(
                "person_roles",
                queryset=in_parent_order(EventPerson.objects)
                .filter(visible_q(user, "person", person=True))
                .select_related("person")
                .only(
                    *with_languages(
                        EventPerson,
                        "event",
                        "role",
                        "position",
                        *card_fields("person", "name", "is_public", "affiliations_public"),
                    )
                ),
            ),
            Prefetch("topics", queryset=Topic.objects.visible_to(user).only(*TOPIC_CARD)),
        )

    def with_detail_related(self, user=None):
        from .surveys import Survey
        from .topics import Topic

        return self.prefetch_related(
            Prefetch(
                "organization_roles",
                queryset=in_parent_order(EventOrganization.objects)
                .filter(visible_q(user, "organization"))
                .select_related("organization__parent__parent__parent"),
            ),
            Prefetch(
                "person_roles",
                queryset=in_parent_order(EventPerson.objects)
                .filter(visible_q(user, "person", person=True))
                .select_related("person", "affiliation__organization"),
            ),
            Prefetch("topics", queryset=Topic.objects.visible_to(user)),
            Prefetch("surveys", queryset=Survey.objects.visible_to(user)),
            Prefetch(
                "source_links",
                queryset=in_parent_order(EventSource.objects)
                .filter(visible_q(user, "document"))
                .select_related("document"),
            ),
        )

    def with_public_media(self):
        """Public recordings (with public presenters and whether a transcript exists) and
        public materials, for the API and the calendar: no transcript segments."""
        from .media import Material, Recording
        from .people import Person

        return self.prefetch_related(
            Prefetch(
                "recordings",
                queryset=in_parent_order(Recording.objects)
                .filter(media_q(None))
                .select_related("transcript"),
            ),
            Prefetch("recordings__presenters", queryset=Person.objects.public()),
            Prefetch(
                "materials",
                queryset=in_parent_order(Material.objects)
                .filter(media_q(None))
                .select_related("presenter"),
            ),
        )

    def with_media(self, user=None):
        """Recordings (with presenters and transcript segments) and materials `user` may see."""
        from .media import Material, Recording, TranscriptSegment
        from .people import Person

        people = Person.objects.visible_to(user)
        return self.prefetch_related(
            Prefetch(
                "recordings",
                queryset=in_parent_order(Recording.objects)
                .filter(media_q(user))
                .select_related("transcript"),
            ),
            Prefetch("recordings__presenters", queryset=people),
            Prefetch(
                "recordings__transcript__segments",
                queryset=in_parent_order(TranscriptSegment.objects).select_related("speaker"),
            ),
            Prefetch(
                "materials",
                queryset=in_parent_order(Material.objects)
                .filter(media_q(user))
                .select_related("presenter"),
            ),
        )


class Event(PublishableModel):
    """A public event: a webinar, a panel or online discussion, a lecture."""

    title = LineField("title", max_length=300)
    subtitle = LineField("subtitle", max_length=300, blank=True)
    kind = models.CharField(
        "kind", max_length=20, choices=EventKind.choices, default=EventKind.DISCUSSION
    )
    format = models.CharField(
        "format", max_length=20, choices=EventFormat.choices, default=EventFormat.ONLINE
    )
    date = models.DateField("date", db_index=True)
    start_time = models.TimeField(
        "start time", null=True, blank=True, help_text=_("Local time; leave empty when unknown.")
    )
    end_time = models.TimeField("end time", null=True, blank=True)
    time_zone = models.CharField(
        "time zone",
        max_length=64,
        default="Asia/Almaty",
        validators=[validate_time_zone],
        help_text=_("IANA name of the zone the times are given in, e.g. America/New_York."),
    )
    location = LineField(
        "place", max_length=255, blank=True, help_text=_("Venue and city, for in-person events.")
    )
    online_url = WebAddressField("online address", blank=True)
    summary = PlainTextField("summary", blank=True, help_text=_("One or two plain sentences."))
    description = PlainTextField("description", blank=True, help_text=_("Markdown."))
    topics = models.ManyToManyField(
        "kb.Topic", verbose_name=_("topics"), blank=True, related_name="events"
    )
    surveys = models.ManyToManyField(
        "kb.Survey", verbose_name=_("related surveys"), blank=True, related_name="events"
    )

    objects = SlugManager.from_queryset(EventQuerySet)()

    class Meta:
        ordering = ["-date", "-start_time", "title", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        # "Sort by title" on the events list: rows read in index order, not sorted.
        indexes = [models.Index(fields=["title"], name="kb_event_title_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_time__isnull=True)
                | models.Q(start_time__isnull=True)
                | models.Q(end_time__gte=models.F("start_time")),
                name="event_end_after_start",
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.date:%Y-%m-%d})" if self.date else self.title

    def get_absolute_url(self):
        return slug_url("kb:event-detail", self.slug)

    def clean(self):
        if self.start_time and self.end_time and self.end_time < self.start_time:
            raise ValidationError({"end_time": "The event ends before it starts."})
        if self.end_time and not self.start_time:
            raise ValidationError({"start_time": "Give a start time when you give an end time."})
        if self.format == EventFormat.IN_PERSON and not self.location.strip():
            raise ValidationError(
                {"location": "An in-person event needs a place: say where it is held."}
            )

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone or "UTC")

    @property
    def starts_at(self) -> datetime.datetime | None:
        """Aware start, or None when only the date is known."""
        if self.start_time is None:
            return None
        return datetime.datetime.combine(self.date, self.start_time, tzinfo=self.tz)

    @property
    def utc_offset(self) -> str:
        """The zone's offset at the start ("+05:00"; summer time counted); "" without a time."""
        if self.start_time is None:
            return ""
        offset = self.starts_at.strftime("%z")
        return f"{offset[:3]}:{offset[3:]}"

    @property
    def ends_at(self) -> datetime.datetime | None:
        if self.end_time is None:
            return None
        return datetime.datetime.combine(self.date, self.end_time, tzinfo=self.tz)

    def people_in_role(self, role):
        return [link for link in self.person_roles.all() if link.role == role]

    @property
    def speakers(self):
        return self.people_in_role(EventPersonRole.SPEAKER)

    @property
    def moderators(self):
        return self.people_in_role(EventPersonRole.MODERATOR)

    @property
    def other_participants(self):
        shown = {EventPersonRole.SPEAKER, EventPersonRole.MODERATOR}
        return [link for link in self.person_roles.all() if link.role not in shown]

    @property
    def organizer(self):
        """The first organizer: its other events are this one's previous and next."""
        for link in self.organization_roles.all():
            if link.role == EventOrganizationRole.ORGANIZER:
                return link.organization
        return None


class EventOrganizationManager(models.Manager):
    def get_by_natural_key(self, event_slug, organization_slug, role):
        return self.get(event__slug=event_slug, organization__slug=organization_slug, role=role)


class EventPersonManager(models.Manager):
    def get_by_natural_key(self, event_slug, person_slug, role):
        return self.get(event__slug=event_slug, person__slug=person_slug, role=role)


class EventSourceManager(models.Manager):
    def get_by_natural_key(self, event_slug, document_slug):
        return self.get(event__slug=event_slug, document__slug=document_slug)


class EventOrganization(TimeStampedModel):
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="organization_roles"
    )
    organization = models.ForeignKey(
        "kb.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="event_roles",
    )
    role = models.CharField(
        "role",
        max_length=20,
        choices=EventOrganizationRole.choices,
        default=EventOrganizationRole.ORGANIZER,
    )
    position = models.PositiveIntegerField("order", default=0)

    objects = EventOrganizationManager()

    class Meta:
        ordering = ["event", "position", "pk"]
        verbose_name = _("organization of the event")
        verbose_name_plural = _("organizations of the event")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organization", "role"], name="unique_event_organization_role"
            )
        ]

    def __str__(self):
        return f"{self.organization} ({self.get_role_display()})"

    def natural_key(self):
        return (*self.event.natural_key(), *self.organization.natural_key(), self.role)

    natural_key.dependencies = ["kb.event", "kb.organization"]


class EventPerson(TimeStampedModel):
    """A person in a role at an event, in the order of the event's page."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="person_roles"
    )
    person = models.ForeignKey(
        "kb.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="event_roles"
    )
    role = models.CharField(
        "role", max_length=20, choices=EventPersonRole.choices, default=EventPersonRole.SPEAKER
    )
    position = models.PositiveIntegerField("order", default=0)
    affiliation = models.ForeignKey(
        "kb.Affiliation",
        verbose_name=_("affiliation at the time"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_roles",
        help_text=_("The position the event page gave this person."),
    )
    talk_title = LineField("talk title", max_length=300, blank=True)

    objects = EventPersonManager()

    class Meta:
        ordering = ["event", "position", "pk"]
        verbose_name = _("person at the event")
        verbose_name_plural = _("people at the event")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person", "role"], name="unique_event_person_role"
            )
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"

    def natural_key(self):
        return (*self.event.natural_key(), *self.person.natural_key(), self.role)

    natural_key.dependencies = ["kb.event", "kb.person"]

    def clean(self):
        if self.affiliation_id and self.person_id and self.affiliation.person_id != self.person_id:
            raise ValidationError({"affiliation": "This affiliation belongs to someone else."})


class EventSource(TimeStampedModel):
    """Provenance: the document (and the passage) an event's facts come from."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="source_links"
    )
    document = models.ForeignKey(
        "kb.SourceDocument",
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        related_name="event_links",
    )
    quote = PlainTextField("passage", blank=True, help_text=_("The sentence the facts come from."))

    objects = EventSourceManager()

    class Meta:
        ordering = ["event", "pk"]
        verbose_name = _("source of the event")
        verbose_name_plural = _("sources of the event")
        constraints = [
            models.UniqueConstraint(fields=["event", "document"], name="unique_event_document")
        ]

    def __str__(self):
        return str(self.document)

    def natural_key(self):
        return (*self.event.natural_key(), *self.document.natural_key())

    natural_key.dependencies = ["kb.event", "kb.sourcedocument"]

    def clean(self):
        if self.quote and self.document_id and not self.document.contains(self.quote):
            raise ValidationError({"quote": "This passage does not stand in the document's text."})
