"""iCalendar (RFC 5545) for one event and for the upcoming events, with `icalendar`.

Every text goes in as a `vText` (escaped by the library) after `plain_text`/`one_line`: RFC 5545
text has no control characters, and a title or a name is one line.
"""

import datetime

import icalendar
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext

from kb import visibility as public
from kb.enums import EventFormat
from kb.models import Event, Recording
from kb.text import one_line, plain_text
from kb.visibility import media_q

PRODID = "-//Kenes//Events//EN"


def event_description(event: Event, page_url: str, recordings: tuple[str, ...] = ()) -> str:
    """Summary, organizations and people in role, and the page address, as plain text."""
    parts = [event.summary] if event.summary else []
    organizers = [
        f"{one_line(link.organization.name)} ({link.get_role_display().lower()})"
        for link in public.public_organization_roles(event)
    ]
    if organizers:
        parts.append(gettext("Organizations: %(names)s") % {"names": "; ".join(organizers)})
    people = []
    for link in public.public_person_roles(event):
        affiliation = public.shown_affiliation(link)
        name = one_line(link.person.name)
        who = f"{name}, {one_line(affiliation)}" if affiliation else name
        people.append(f"{link.get_role_display()}: {who}")
    if people:
        parts.append("\n".join(people))
    if event.online_url:
        parts.append(gettext("Join online: %(url)s") % {"url": event.online_url})
    parts += [gettext("Recording: %(url)s") % {"url": address} for address in recordings]
    parts.append(page_url)
    return plain_text("\n\n".join(parts))


def event_location(event: Event) -> str:
    if event.online_url:
        online = gettext("Online (%(url)s)") % {"url": event.online_url}
    else:
        online = gettext("Online")
    if event.format == EventFormat.ONLINE:
        return online
    if event.format == EventFormat.HYBRID and event.location:
        return gettext("%(place)s and online") % {"place": one_line(event.location)} + (
            f" ({event.online_url})" if event.online_url else ""
        )
    if event.format == EventFormat.HYBRID:
        return online
    return one_line(event.location)


def event_is_over(event: Event, now: datetime.datetime | None = None) -> bool:
    """Ended (when its end time is known), else its day is past."""
    now = now or timezone.now()
    if event.ends_at is not None:
        return event.ends_at <= now
    return event.date < timezone.localdate(now)


def recording_urls(event: Event, request) -> tuple[str, ...]:
    """Once the event is over, its public recordings (when prefetched: one event's file)."""
    if not event_is_over(event):
        return ()
    if "recordings" not in getattr(event, "_prefetched_objects_cache", {}):
        return ()
    return tuple(request.build_absolute_uri(r.address) for r in public.public_recordings(event))


def event_component(event: Event, request) -> icalendar.Event:
    page_url = request.build_absolute_uri(event.get_absolute_url())
    component = icalendar.Event.new(
        uid=f"event-{event.slug}@{request.get_host()}",
        stamp=event.updated_at.astimezone(datetime.UTC),
        last_modified=event.updated_at.astimezone(datetime.UTC),
        summary=one_line(event.title),
        description=event_description(event, page_url, recording_urls(event, request)),
        url=page_url,
        categories=[event.get_kind_display()],
    )
    if event.starts_at is not None:
        # Local time with its zone (a VTIMEZONE is added to the calendar): calendars convert.
        component.start = event.starts_at
        if event.ends_at is not None:
            component.end = event.ends_at
    else:
        # Only the date is known: an all-day event (VALUE=DATE), ending the next day (exclusive).
        component.start = event.date
        component.end = event.date + datetime.timedelta(days=1)
    location = event_location(event)
    if location:
        component.add("location", location)
    component.add("status", "CONFIRMED")
    return component


def calendar_for(events, request, name: str, uid: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar.new(
        prodid=PRODID, method="PUBLISH", uid=f"{uid}@{request.get_host()}"
    )
    # `Calendar.new(name=...)` stores NAME and X-WR-CALNAME unescaped (the library does not
    # know their type): a title with a line break would end the line. As vText they are escaped.
    for prop in ("name", "x-wr-calname"):
        calendar.add(prop, icalendar.vText(one_line(name)))
    events = list(events)
    for event in events:
        calendar.add_component(event_component(event, request))
    if events:
        # Zone rules for the years around the events only: the file stays small.
        dates = [event.date for event in events]
        calendar.add_missing_timezones(
            first_date=datetime.date(min(dates).year - 1, 1, 1),
            last_date=datetime.date(max(dates).year + 2, 1, 1),
        )
    return calendar


def ics_response(calendar: icalendar.Calendar, filename: str) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def event_ics(request, slug):
    recordings = Prefetch("recordings", queryset=Recording.objects.filter(media_q(None)))
    events = Event.objects.published().with_detail_related().prefetch_related(recordings)
    event = get_object_or_404(events, slug=slug)
    calendar = calendar_for([event], request, event.title, uid=f"event-{event.slug}-calendar")
    return ics_response(calendar, f"{event.slug}.ics")


def events_feed_ics(request):
    """Upcoming events, for a calendar subscription."""
    events = Event.objects.published().upcoming(timezone.localdate()).with_detail_related()
    calendar = calendar_for(events, request, "Kenes events", uid="upcoming-events")
    return ics_response(calendar, "kenes-events.ics")
