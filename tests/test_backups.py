"""Backups: export_kb writes everything with natural keys; restore_kb brings it back, identical."""

import datetime
import difflib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command, get_commands

from kb.backups import _empty_backed_up_tables
from kb.enums import EventOrganizationRole, EventPersonRole
from kb.models import Event, EventPerson, Organization, Person, Result, Survey
from tests import factories
from tests.public_outputs import page_urls

BASE_DIR = Path(__file__).resolve().parent.parent


@pytest.fixture
def corpus(db):
    """A small graph touching every relation a backup must carry (nested, ordered, m2m, nets)."""
    gwu = factories.organization(slug="gwu", name="George Washington University")
    ieres = factories.organization(slug="ieres", name="IERES", parent=gwu)
    cap = factories.organization(slug="cap", name="Central Asia Program", parent=ieres)
    rights = factories.topic(slug="rights", name="Rights", kind="right")
    torture = factories.topic(
        slug="torture", name="Freedom from torture", kind="right", parent=rights
    )
    zhovtis = factories.person(
        slug="zhovtis",
        name="Yevgeniy Zhovtis",
        alternate_names="Евгений Жовтис",
        bio="Human-rights **defender**.",
    )
    hidden = factories.person(slug="hidden", name="Hidden Person", is_public=False)
    director = factories.affiliation(person=zhovtis, organization=cap, title="Director")
    zhovtis.topics.add(torture)
    event = factories.event(slug="bloody-january", title="Bloody January", date="2023-12-07")
    event.topics.add(torture)
    factories.event_person(
        event=event,
        person=zhovtis,
        role=EventPersonRole.SPEAKER,
        affiliation=director,
        position=1,
    )
    factories.event_person(event=event, person=hidden, role=EventPersonRole.MODERATOR)
    factories.event_organization(
        event=event, organization=cap, role=EventOrganizationRole.ORGANIZER
    )
    survey = factories.survey(
        slug="january-survey",
        title="January survey",
        sample_size=1047,
        field_start="2022-12-29",
        field_end="2023-01-14",
        contact=zhovtis,
    )
    survey.topics.add(torture)
    event.surveys.add(survey)
    question = factories.question(
        survey=survey, number=3, text="Do you trust official information?"
    )
    net = factories.result(
        question=question, position=1, label="Do not trust", percent="53.0", is_net=True
    )
    for position, (label, percent) in enumerate(
        [("Not at all", "30.8"), ("Rather not", "22.2")], start=2
    ):
        factories.result(
            question=question, position=position, label=label, percent=percent, net=net
        )
    factories.document(slug="press-release", title="Press release", text="53% do not trust.")
    factories.event(slug="draft-event", title="Draft", date="2024-01-01", published=False)
    get_user_model().objects.create_user(username="editor", password="x" * 12, is_staff=True)


def page_diff(url, before, after) -> str:
    lines = difflib.unified_diff(before[1].splitlines(), after[1].splitlines(), lineterm="", n=0)
    return f"{url} {before[0]} -> {after[0]}\n" + "\n".join(list(lines)[:30])


def snapshot(client) -> dict[str, tuple[int, str]]:
    if "rebuild_index" in get_commands():  # search pages need their index
        call_command("rebuild_index", verbosity=0)
    return {url: (r.status_code, r.text) for url in page_urls() if (r := client.get(url))}


def test_round_trip_gives_identical_pages(corpus, client, tmp_path):
    backup = tmp_path / "kenes.json"
    before = snapshot(client)
    rows_before = {m.__name__: m.objects.count() for m in (Organization, Person, Event, Result)}

    call_command("export_kb", str(backup), verbosity=0)
    call_command("restore_kb", str(backup), "--replace", verbosity=0)

    assert {m.__name__: m.objects.count() for m in (Organization, Person, Event, Result)} == (
        rows_before
    )
    after = snapshot(client)
    assert list(after) == list(before)
    for url, page in before.items():
        assert after[url] == page, page_diff(url, page, after[url])
    assert all(status == 200 for status, _ in after.values())
    # Relations survived, not just rows.
    assert Organization.objects.get(slug="cap").ancestors()[0].slug == "gwu"
    assert [r.label for r in Result.objects.get(label="Not at all").net.parts.all()] == [
        "Not at all",
        "Rather not",
    ]
    assert Person.objects.get(slug="hidden").is_public is False
    assert Event.objects.get(slug="draft-event").published is False
    assert get_user_model().objects.get(username="editor").check_password("x" * 12)


def test_export_uses_natural_keys_and_leaves_out_what_django_rebuilds(corpus, tmp_path):
    backup = tmp_path / "kenes.json"
    call_command("export_kb", str(backup), verbosity=0)
    records = json.loads(backup.read_text())
    models = {r["model"] for r in records}

    assert not models & {"contenttypes.contenttype", "auth.permission", "sessions.session"}
    assert not any(m.startswith("axes.") for m in models)
    speaker = next(
        r for r in records if r["model"] == "kb.eventperson" and r["fields"]["role"] == "speaker"
    )
    assert speaker["pk"] == EventPerson.objects.get(role="speaker").pk  # ids kept: same anchors
    assert speaker["fields"]["event"] == ["bloody-january"]
    assert speaker["fields"]["person"] == ["zhovtis"]
    assert speaker["fields"]["affiliation"] == ["zhovtis", "cap", "Director"]


def test_restore_refuses_a_database_that_holds_content(corpus, tmp_path):
    backup = tmp_path / "kenes.json"
    call_command("export_kb", str(backup), verbosity=0)
    Event.objects.filter(slug="bloody-january").update(title="Edited since")

    with pytest.raises(CommandError, match="already holds content"):
        call_command("restore_kb", str(backup), verbosity=0)

    assert Event.objects.get(slug="bloody-january").title == "Edited since"


def test_a_broken_backup_restores_nothing_and_keeps_what_was_there(corpus, tmp_path):
    backup = tmp_path / "kenes.json"
    call_command("export_kb", str(backup), verbosity=0)
    records = json.loads(backup.read_text())
    # The last record points at a person that is not in the file.
    records.append(
        {
            "model": "kb.eventperson",
            "fields": {
                "event": ["bloody-january"],
                "person": ["nobody"],
                "role": "speaker",
                "position": 9,
            },
        }
    )
    backup.write_text(json.dumps(records))
    count_before = Event.objects.count()

    with pytest.raises(CommandError, match=r"Nothing was restored: kenes\.json"):
        call_command("restore_kb", str(backup), "--replace", verbosity=0)

    assert Event.objects.count() == count_before
    assert Event.objects.get(slug="bloody-january").title == "Bloody January"


PAGES_PROBE = """
import json, django
django.setup()
from django.test import Client
from tests import factories
from tests.public_outputs import page_urls
client = Client()
print(json.dumps({url: [r.status_code, r.text] for url in page_urls() if (r := client.get(url))}))
"""


def test_restore_into_a_new_empty_database(corpus, client, tmp_path):
    """The way an operator restores: a new database, `migrate`, `restore_kb`, in other processes."""
    backup = tmp_path / "kenes.json.gz"
    call_command("export_kb", str(backup), verbosity=0)
    before = snapshot(client)
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "KENES_INDEX_DIR"}}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'new.sqlite3'}",
        KENES_INDEX_DIR=str(tmp_path / "index"),
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_ALLOWED_HOSTS="testserver",
    )

    def run(*args):
        result = subprocess.run(
            [sys.executable, *args],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    run("manage.py", "migrate", "--noinput", "-v0")
    assert "Restored" in run("manage.py", "restore_kb", str(backup))
    after = json.loads(run("-c", PAGES_PROBE))

    assert after == {url: [status, text] for url, (status, text) in before.items()}


def test_documents_round_trip_identical(documents, client, tmp_path):
    """The documents' own data: every public page is the same after export and restore."""
    backup = tmp_path / "documents.json"
    before = snapshot(client)
    survey_url = "/surveys/january-events-survey-2023/"
    assert survey_url in before
    assert "/events/kazakhstans-bloody-january-2023-12-07/" in before

    call_command("export_kb", str(backup), verbosity=0)
    call_command("restore_kb", str(backup), "--replace", verbosity=0)

    after = snapshot(client)
    assert list(after) == list(before)
    for url, page in before.items():
        assert after[url] == page, page_diff(url, page, after[url])
    q1 = Survey.objects.get(slug="january-events-survey-2023").questions.get(number=1)
    assert [(r.label, str(r.percent)) for r in q1.results.all()] == [
        ("Disapprove", "71.1"),
        ("Support", "11.3"),
        ("Difficult to answer", "11.1"),
        ("Did not know anything about it", "6.5"),
    ]


@pytest.mark.parametrize(
    ("model", "slug", "field", "value", "message"),
    [
        (
            "kb.person",
            "zhovtis",
            "website",
            "javascript:alert(document.cookie)",
            r"kenes\.json: kb\.Person \d+ \(Yevgeniy Zhovtis\) is not valid: "
            r"website: Enter a valid URL\.",
        ),
        # What readers see is the language's column (django-modeltranslation); a bare `title`
        # in a backup is overwritten by `title_en`, so the hostile value goes there and in `_ru`.
        (
            "kb.event",
            "bloody-january",
            "title_en",
            "Bloody\nJanuary",
            r"kb\.Event \d+ \(Bloody\nJanuary \(2023-12-07\)\) is not valid: "
            r"title: A single line \(a title, a name\) cannot hold the control character "
            r"U\+000A\.; "
            r"title_en: A single line \(a title, a name\) cannot hold the control character "
            r"U\+000A\.",
        ),
        (
            "kb.event",
            "bloody-january",
            "title_ru",
            "Кровавый\tянварь",
            r"kb\.Event \d+ \(Bloody January \(2023-12-07\)\) is not valid: "
            r"title_ru: A single line \(a title, a name\) cannot hold the control character "
            r"U\+0009\.",
        ),
    ],
)
def test_a_backup_with_a_hostile_record_is_refused_naming_it(
    corpus, tmp_path, model, slug, field, value, message
):
    backup = tmp_path / "kenes.json"
    call_command("export_kb", str(backup), verbosity=0)
    records = json.loads(backup.read_text())
    [record] = [r for r in records if r["model"] == model and r["fields"]["slug"] == slug]
    record["fields"][field] = value
    backup.write_text(json.dumps(records))
    before = {m.__name__: list(m.objects.values()) for m in (Person, Event, Organization)}

    with pytest.raises(CommandError, match=message):
        call_command("restore_kb", str(backup), "--replace", verbosity=0)

    assert {m.__name__: list(m.objects.values()) for m in (Person, Event, Organization)} == before


def test_a_hostile_backup_writes_nothing_into_an_empty_database(corpus, tmp_path):
    backup = tmp_path / "kenes.json"
    call_command("export_kb", str(backup), verbosity=0)
    records = json.loads(backup.read_text())
    [person] = [r for r in records if r["model"] == "kb.person" and r["fields"]["slug"] == "hidden"]
    person["fields"]["website"] = "javascript:alert(1)"
    backup.write_text(json.dumps(records))
    _empty_backed_up_tables()  # what a new, migrated database holds: no content

    with pytest.raises(CommandError, match=r"kb\.Person \d+ \(Hidden Person\) is not valid"):
        call_command("restore_kb", str(backup), verbosity=0)

    assert [Person.objects.count(), Event.objects.count(), Organization.objects.count()] == [
        0,
        0,
        0,
    ]
    assert not get_user_model().objects.exists()


def test_a_restore_keeps_the_feeds_to_the_microsecond(corpus, client, tmp_path):
    backup = tmp_path / "kenes.json"
    Event.objects.filter(slug="bloody-january").update(
        updated_at=datetime.datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=datetime.UTC)
    )
    atom = client.get("/feeds/latest.atom").content
    assert b"<updated>2024-05-06T07:08:09.123456+00:00</updated>" in atom

    call_command("export_kb", str(backup), verbosity=0)
    call_command("restore_kb", str(backup), "--replace", verbosity=0)

    assert client.get("/feeds/latest.atom").content == atom


def test_a_truncated_backup_says_why(corpus, tmp_path):
    backup = tmp_path / "kenes.json"
    call_command("export_kb", str(backup), verbosity=0)
    backup.write_text(backup.read_text()[:500])

    with pytest.raises(
        CommandError,
        match=r"kenes\.json: cannot be restored: not valid JSON \(cut short\?\): \w.* at line \d+",
    ):
        call_command("restore_kb", str(backup), "--replace", verbosity=0)
