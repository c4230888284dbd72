"""An event's time is shown in its own zone, with that zone's offset on the day (summer time)."""

import datetime

import pytest
from django.test import override_settings
from model_bakery import baker

from kb.models import Event

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("zone", "day", "offset"),
    [
        ("Asia/Almaty", datetime.date(2023, 12, 7), "+06:00"),  # before Kazakhstan's 2024 change
        ("Asia/Almaty", datetime.date(2024, 12, 7), "+05:00"),
        ("America/New_York", datetime.date(2023, 12, 7), "-05:00"),
        ("America/New_York", datetime.date(2023, 7, 7), "-04:00"),  # summer time
        ("Europe/Berlin", datetime.date(2023, 3, 26), "+02:00"),  # the day summer time starts
        ("Asia/Kolkata", datetime.date(2023, 1, 1), "+05:30"),
        ("UTC", datetime.date(2023, 1, 1), "+00:00"),
    ],
)
@override_settings(TIME_ZONE="UTC")
def test_the_event_page_gives_the_time_in_its_zone_with_its_offset(client, zone, day, offset):
    event = baker.make(
        Event,
        slug="e",
        published=True,
        date=day,
        start_time=datetime.time(15, 0),
        end_time=datetime.time(16, 30),
        time_zone=zone,
    )

    html = client.get(event.get_absolute_url()).content.decode()

    assert f"15:00–16:30 ({zone}, UTC{offset})" in html
    assert f'<time datetime="{day.isoformat()}T15:00:00{offset}">' in html


def test_an_event_without_a_time_has_no_offset():
    assert Event(date=datetime.date(2023, 1, 1), time_zone="Asia/Almaty").utc_offset == ""
