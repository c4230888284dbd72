from pathlib import Path

import pytest

from kb.models import Event, Recording

DATA = Path(__file__).parent / "data"
EVENT = "kazakhstans-bloody-january-2023-12-07"
YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


@pytest.fixture
def event(documents):
    return Event.objects.get(slug=EVENT)


@pytest.fixture
def recording(event):
    return Recording.objects.create(event=event, url=YOUTUBE, title="Full recording")
