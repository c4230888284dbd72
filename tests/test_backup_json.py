"""JSON fixtures and backups: whole microseconds, and a broken file says what is wrong."""

import datetime
import json

import pytest
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.base import DeserializationError
from model_bakery import baker

from kb.models import Event

pytestmark = pytest.mark.django_db


def test_times_keep_their_microseconds():
    moment = datetime.datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=datetime.UTC)
    event = baker.make(Event, slug="e", date="2024-05-06", start_time=datetime.time(9, 30, 0, 5))
    Event.objects.filter(pk=event.pk).update(updated_at=moment)

    [record] = json.loads(serializers.serialize("json", Event.objects.all()))

    assert record["fields"]["updated_at"] == "2024-05-06T07:08:09.123456Z"
    assert record["fields"]["start_time"] == "09:30:00.000005"
    [back] = serializers.deserialize("json", json.dumps([record]))
    assert back.object.updated_at == moment


def test_loaddata_of_a_truncated_file_names_the_reason(tmp_path):
    fixture = tmp_path / "cut.json"
    fixture.write_text('[{"model": "kb.topic", "pk": 1, "fields": {"name": "A"')

    with pytest.raises(
        DeserializationError,
        match=r"cut\.json'?: not valid JSON \(cut short\?\): Expecting ',' delimiter at line 1 "
        r"column \d+",
    ):
        call_command("loaddata", str(fixture), verbosity=0)
