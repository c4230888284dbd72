"""iCalendar: a title or a name with line breaks or control characters stays one escaped line."""

import icalendar
import pytest
from model_bakery import baker

from kb.enums import EventFormat, EventPersonRole

pytestmark = pytest.mark.django_db


def test_a_title_with_a_line_break_is_one_escaped_line(client):
    event = baker.make(
        "kb.Event",
        slug="broken",
        title="Line one\r\nBEGIN:VEVENT\nSUMMARY:injected\x01",
        summary="First;\nsecond, \x07third",
        location="Room 1\nEND:VCALENDAR",
        format=EventFormat.IN_PERSON,
        date="2023-12-07",
        published=True,
    )
    person = baker.make("kb.Person", slug="p", name="Name\nX-INJECTED:1", published=True)
    baker.make("kb.EventPerson", event=event, person=person, role=EventPersonRole.SPEAKER)

    response = client.get("/events/broken.ics")

    assert response.status_code == 200
    # Every line the file holds is a property of ours: nothing was injected.
    names = {line.split(":")[0].split(";")[0] for line in response.content.decode().splitlines()}
    assert not names & {"X-INJECTED", "SUMMARY:injected"}
    calendar = icalendar.Calendar.from_ical(response.content)
    [parsed] = calendar.events
    assert str(parsed["SUMMARY"]) == "Line one BEGIN:VEVENT SUMMARY:injected"
    assert str(parsed["LOCATION"]) == "Room 1 END:VCALENDAR"
    assert str(parsed["DESCRIPTION"]).split("\n\n")[:2] == [
        "First;\nsecond, third",
        "Speaker: Name X-INJECTED:1",
    ]
    assert str(calendar["X-WR-CALNAME"]) == "Line one BEGIN:VEVENT SUMMARY:injected"
    assert [c.name for c in calendar.walk()] == ["VCALENDAR", "VEVENT"]
