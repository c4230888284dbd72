"""What the open-format tests share: the made-up world and how a download is read."""

import csv
import datetime
import io
import json
import re

import pytest
from django.template import engines
from django.test import RequestFactory
from django.utils import timezone

from tests.factories import open_world

UPCOMING = timezone.localdate() + datetime.timedelta(days=30)
EVENT = "kazakhstans-bloody-january-2023-12-07"
SURVEY = "january-events-survey-2023"


@pytest.fixture
def world(db):
    return open_world(upcoming_date=UPCOMING)


def download(client, url, content_type):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == content_type
    return response


def read_csv(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # spreadsheets detect UTF-8 by the byte-order mark
    return list(csv.reader(io.StringIO(text[1:])))


def today():
    day = timezone.localdate()
    return day, f"{day.day} {day:%B %Y}"


def render(source, **context):
    request = RequestFactory().get("/")
    return engines["jinja2"].from_string(source).render({**context}, request=request)


def jsonld_of(obj):
    html = render("{{ jsonld(object) }}", object=obj)
    match = re.fullmatch(r'<script type="application/ld\+json">(.*)</script>', html, re.S)
    assert match, html
    return json.loads(match.group(1))
