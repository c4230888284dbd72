"""The admin in Kazakh: the strings Django's own Kazakh catalogue leaves in English come from
ours (kb/admin/django_strings.py, locale/kk), on the pages staff use every day."""

import json
import re

import pytest
from django.contrib.auth.models import User

from kb.admin import django_strings
from kb.catalogues import read

pytestmark = pytest.mark.django_db


@pytest.fixture
def kazakh_staff(client):
    client.force_login(User.objects.create_superuser("boss"))
    client.post("/i18n/setlang/", {"language": "kk", "next": "/admin/"})
    return client


def test_the_admin_index_is_in_kazakh(kazakh_staff):
    page = kazakh_staff.get("/admin/").content.decode()

    assert '<html lang="kk"' in page
    for kazakh in ["Сайтты ашу", "Соңғы әрекеттер", "Менің әрекеттерім", "Негізгі мазмұнға өту"]:
        assert kazakh in page
    for english in ["View site", "Recent actions", "My actions", "Skip to main content"]:
        assert english not in page


def test_a_change_list_and_a_change_form_are_in_kazakh(kazakh_staff):
    changelist = kazakh_staff.get("/admin/kb/event/").content.decode()
    add = kazakh_staff.get("/admin/kb/event/add/").content.decode()

    assert "Навигацияны ашу/жабу" in changelist  # "Toggle navigation"
    assert "Сүзу үшін тере бастаңыз…" in changelist  # "Start typing to filter…"
    assert "Start typing to filter" not in changelist
    assert "Тақырыпты ауыстыру (қазіргісі: автоматты)" in add  # "Toggle theme (…: auto)"
    assert not re.search(r"Toggle theme|Skip to main content", add)


def test_each_admin_string_listed_has_its_kazakh_translation():
    kazakh = {m.id[0] if isinstance(m.id, tuple) else m.id: m.string for m in read("kk") if m.id}

    assert len(django_strings.DJANGO_ADMIN_STRINGS) == 95
    assert [s for s in django_strings.DJANGO_ADMIN_STRINGS if not kazakh.get(s)] == []


def test_the_admins_calendar_and_selectors_speak_kazakh(kazakh_staff):
    script = kazakh_staff.get("/admin/jsi18n/").content.decode()

    # The catalogue is JSON in the script (non-ASCII letters escaped).
    for english, kazakh in [
        ("January", "Қаңтар"),
        ("December", "Желтоқсан"),
        ("Monday", "Дүйсенбі"),
        ("Choose a Date", "Күнді таңдаңыз"),
        ("Chosen %s", "Таңдалған %s"),
    ]:
        assert f"{json.dumps(english)}: {json.dumps(kazakh)}" in script
