"""The API's anonymous throttle counts once for the whole server, not once per worker."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]

# Another worker of the same server: its own process, the same settings and throttle folder.
OTHER_WORKER = """
import django
django.setup()
from rest_framework.test import APIRequestFactory
from kb.api.throttling import SharedAnonRateThrottle
from rest_framework.views import APIView

request = APIView().initialize_request(APIRequestFactory().get("/api/", REMOTE_ADDR="203.0.113.7"))
print(sum(SharedAnonRateThrottle().allow_request(request, None) for _ in range(100)))
"""


@pytest.mark.django_db
def test_two_workers_share_one_count(client, settings):
    assert settings.CACHES["throttle"]["BACKEND"].endswith("FileBasedCache")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "KENES_API_ANON_RATE": "120/minute",
    }
    other = subprocess.run(
        [sys.executable, "-c", OTHER_WORKER],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert other.stdout.strip() == "100"  # the other worker let 100 of 100 through

    statuses = [client.get("/api/", REMOTE_ADDR="203.0.113.7").status_code for _ in range(21)]

    # This worker lets through what is left of 120 a minute, not 120 more.
    assert statuses == [200] * 20 + [429]
    assert client.get("/api/", REMOTE_ADDR="198.51.100.9").status_code == 200
    assert len(os.listdir(settings.CACHES["throttle"]["LOCATION"])) == 2
