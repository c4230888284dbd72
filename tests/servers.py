"""What the tests that start real servers (gunicorn) share: starting one, and a plain GET."""

import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def start_gunicorn(*, cwd: Path, env: dict, log: Path, workers: int):
    """gunicorn serving config.wsgi, and its base address once it answers "/".

    It binds a port the system picks and names it in its log: a port chosen beforehand and
    freed for it to bind could be taken meanwhile by any process's outgoing connection.
    """
    with open(log, "w") as errors:
        server = subprocess.Popen(
            [GUNICORN, "config.wsgi:application", "--bind", "127.0.0.1:0",
             "--workers", str(workers)],
            cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=errors,
        )  # fmt: skip
    base = None
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and server.poll() is None:
        if base is None:
            found = re.search(r"Listening at: (http://127\.0\.0\.1:\d+)", log.read_text())
            base = found and found.group(1)
        try:
            if base and get(base, "/")[0] == 200:
                return server, base
        except OSError:  # not accepting yet
            pass
        time.sleep(0.3)
    server.terminate()
    server.wait(timeout=30)
    pytest.fail(f"gunicorn did not start: {log.read_text()}")


def get(base: str, path: str) -> tuple[int, str]:
    """The status and body of `base + path`; an error status is an answer, not an exception."""
    try:
        with urllib.request.urlopen(base + path, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()
