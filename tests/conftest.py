"""Shared test set-up: fixtures every test module may use (environment: tests/env.py)."""

import os

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.template.backends import jinja2 as jinja2_backend
from django.test.signals import template_rendered
from model_bakery import generators, random_gen


def _render_and_signal(self, context=None, request=None):
    """Jinja2 templates tell the test client what they rendered, as Django's templates do in
    tests: `response.context["page_obj"]` works on the public pages (Jinja2, kb/jinja2/)."""
    context = {} if context is None else context
    template_rendered.send(sender=self, template=self, context=context)
    return _jinja2_render(self, context, request)


_jinja2_render = jinja2_backend.Template.render
jinja2_backend.Template.render = _render_and_signal


# model-bakery fills required fields by their exact class: Kenes's text fields are Django's own
# with validators (kb/models/fields.py), made up the same way.
generators.add("kb.models.fields.LineField", random_gen.gen_string)
generators.add("kb.models.fields.PlainTextField", random_gen.gen_string)
generators.add("kb.models.fields.WebAddressField", random_gen.gen_url)

# The first `documents` of each test process loads the fixtures for real (deserializing, validating,
# signals); the rows it wrote are kept here and later tests get the very same rows back with one
# bulk insert per table, which is what keeps a suite of a few hundred such tests fast.
_loaded_rows = None


def _document_models():
    from reversion.models import Revision, Version

    from kb.search.models import PendingChange

    kb = list(apps.get_app_config("kb").get_models(include_auto_created=True))
    return [*kb, PendingChange, Revision, Version]


def _content_type_fields(model) -> list[str]:
    from django.contrib.contenttypes.models import ContentType

    return [
        f.attname
        for f in model._meta.concrete_fields
        if f.is_relation and f.related_model is ContentType
    ]


def _snapshot():
    """The rows of every table `documents` fills. A content type is kept by its natural key: a
    transactional test (live_server) flushes the database and the content types come back with
    new ids, so an id kept from an earlier test would point at nothing (or at another model)."""
    from django.contrib.contenttypes.models import ContentType

    kept = []
    for model in _document_models():
        rows = list(model._base_manager.values(*[f.attname for f in model._meta.concrete_fields]))
        for name in _content_type_fields(model):
            for row in rows:
                row[name] = ContentType.objects.get_for_id(row[name]).natural_key()
        kept.append((model, rows))
    return kept


def _restore(rows_by_model):
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()  # its ids may have changed since the last test
    for model, rows in rows_by_model:
        names = _content_type_fields(model)
        objects = []
        for row in rows:
            values = dict(row)
            for name in names:
                values[name] = ContentType.objects.get_by_natural_key(*row[name]).pk
            objects.append(model(**values))
        model._base_manager.bulk_create(objects)
    # Rows came with their primary keys: move PostgreSQL's sequences past them.
    statements = connection.ops.sequence_reset_sql(no_style(), [m for m, _ in rows_by_model])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


@pytest.fixture(autouse=True)
def english_between_tests():
    """A request under /ru/ or /kk/ leaves its language active in the thread (LocaleMiddleware
    sets it per request): each test starts, and its code outside requests runs, in English."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def fresh_search_answers():
    """The PostgreSQL backend keeps the stems and expansions it asked for in the process
    (kb/search/backends/postgres/prepared.py), checked against the index's generation: each
    test starts without them, so its first search runs the statements a first search runs."""
    from kb.search.backends.postgres import prepared

    prepared.forget()


@pytest.fixture(autouse=True)
def fresh_api_throttle():
    """The API's anonymous throttle counts in files shared by the process's tests (as by a
    server's workers): each test starts with a clean count."""
    from django.core.cache import caches

    caches["throttle"].clear()


@pytest.fixture
def documents(db):
    """The two source documents' facts, as `make setup` loads them (`load_documents`)."""
    global _loaded_rows
    # Only an empty database can take the kept rows (or give clean ones to keep).
    empty = not any(m._base_manager.exists() for m in _document_models())
    if empty and _loaded_rows is not None:
        with transaction.atomic():  # one commit: foreign keys are checked at its end
            _restore(_loaded_rows)
        return
    call_command("load_documents", verbosity=0)
    if empty:
        _loaded_rows = _snapshot()


def pytest_report_header(config):
    from django.conf import settings

    db = settings.DATABASES["default"]
    return f"kenes: database {db['ENGINE'].rsplit('.', 1)[-1]} {db.get('NAME')}"


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def page():
    """Debian's Chromium through Playwright, collecting the page's CSP violations in
    `page.violations` (a module may define its own `page` instead)."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (make browser)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from tests.browsers import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        page.violations = []
        page.on(
            "console",
            lambda message: (
                page.violations.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        yield page
        browser.close()
