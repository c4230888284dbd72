"""Shared test set-up: fixtures every test module may use (environment: tests/env.py)."""

import pytest
from django.core.management import call_command


@pytest.fixture
def documents(db):
    """The two source documents' facts, loaded the way `make setup` loads them."""
    call_command("load_documents", verbosity=0)


def pytest_report_header(config):
    from django.conf import settings

    db = settings.DATABASES["default"]
    return f"kenes: database {db['ENGINE'].rsplit('.', 1)[-1]} {db.get('NAME')}"
