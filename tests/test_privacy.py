"""A person (or one field of a person) marked not public appears in no public output, and
neither does a draft organization named only through a visible person's position.

Human-rights defenders can be at risk. The test builds one person withheld whole and one with
each field withheld, links them to everything public (an event, an organization, a topic, a
survey as its contact), rebuilds the search index, then reads every public output: the pages,
search, every route outside the admin with every slug and id we made (API, feeds, exports,
calendars, sitemap, JSON-LD inside the pages). No marker of withheld data may appear anywhere.
A visible control person proves the outputs were really read.
"""

import pytest
from django.core.management import call_command, get_commands

from kb.enums import EventOrganizationRole, EventPersonRole
from tests import factories
from tests.public_outputs import (
    SEARCHES,
    concrete_urls,
    needs_pages,
    needs_search,
    page_urls,
)

HIDDEN_NAME = "Zzyzx Qwertyhidden"
HIDDEN_MARKERS = [HIDDEN_NAME, "Qwertyhidden", "Ззызх", "zzyzx-qwertyhidden", "hidden-web.example"]
FIELD_MARKERS = {
    "bio": "Biosecretmarker",
    "photo": "photosecretmarker",
    "affiliation": "Affsecretmarker",
}
CONTROL_NAME = "Visiblecontrol Person"
# A draft organization, named only through a visible speaker's position at it.
DRAFT_MARKERS = ["Draftorgmarker", "draftorgmarker-lab"]
# A private material and recording, and words a withheld person said in a public transcript.
MEDIA_MARKERS = ["Privmaterialmarker", "Privrecordingmarker", "987654321", "Saidbyhiddenmarker"]
MEDIA_MARKERS += ["Privfilemarker", "Privaudiomarker"]  # private uploaded files' titles


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    org = factories.organization(slug="open-org", name="Open Organization")
    topic = factories.topic(slug="open-topic", name="Open topic", kind="right")
    event = factories.event(slug="open-event", title="Open event", date="2023-12-07")
    event.topics.add(topic)
    factories.event_organization(
        event=event, organization=org, role=EventOrganizationRole.ORGANIZER
    )
    survey = factories.survey(slug="open-survey", title="Open survey", field_end="2023-01-14")
    survey.topics.add(topic)
    event.surveys.add(survey)

    hidden = factories.person(
        slug="zzyzx-qwertyhidden",
        name=HIDDEN_NAME,
        alternate_names="Ззызх Квертихидден",
        bio="A defender.",
        website="https://hidden-web.example/",
        research_interests="Qwertyhidden interests",
        is_public=False,
    )
    fields_hidden = factories.person(
        slug="fields-withheld",
        name="Fieldswithheld Person",
        bio=f"Her {FIELD_MARKERS['bio']} biography.",
        photo=f"people/{FIELD_MARKERS['photo']}.jpg",
        bio_public=False,
        photo_public=False,
        affiliations_public=False,
    )
    control = factories.person(
        slug="visiblecontrol-person", name=CONTROL_NAME, bio="Controlbiography shown."
    )
    for person, title in [
        (hidden, "Qwertyhidden Director"),
        (fields_hidden, f"{FIELD_MARKERS['affiliation']} Director"),
        (control, "Controlaffiliation Fellow"),
    ]:
        job = factories.affiliation(person=person, organization=org, title=title)
        person.topics.add(topic)
        factories.event_person(
            event=event,
            person=person,
            role=EventPersonRole.SPEAKER,
            affiliation=job,
            talk_title=f"Talk by {person.name}",
        )
    draft_org = factories.organization(
        slug="draftorgmarker-lab", name="Draftorgmarker Lab", published=False
    )
    positioned = factories.person(slug="positioned-person", name="Positioned Person")
    factories.event_person(
        event=event,
        person=positioned,
        role=EventPersonRole.MODERATOR,
        affiliation=factories.affiliation(
            person=positioned, organization=draft_org, title="Adviser"
        ),
    )
    files = _media(event, hidden=hidden, control=control)
    survey.contact = hidden
    survey.save()
    question = factories.question(survey=survey, number=1, text="Do you trust?")
    if "rebuild_index" in get_commands():
        call_command("rebuild_index", verbosity=0)
    return {
        "hidden": hidden,
        "fields": fields_hidden,
        "control": control,
        "event": event,
        "survey": survey,
        "org": org,
        "topic": topic,
        "question": question,
        **files,
    }


def _media(event, *, hidden, control) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kb.models import Material, Recording, Transcript, TranscriptSegment

    # Uploaded files: a private one (its stored name is a marker too) and a public control.
    private_file = Material.objects.create(
        event=event, title="Privfilemarker notes", public=False,
        file=SimpleUploadedFile("notes.pdf", b"%PDF Privfilemarker"),
    )  # fmt: skip
    private_audio = Recording.objects.create(
        event=event, title="Privaudiomarker", public=False,
        file=SimpleUploadedFile("cut.mp3", b"ID3 Privaudiomarker"),
    )  # fmt: skip
    shown_file = Material.objects.create(
        event=event, title="Controlfile slides", file=SimpleUploadedFile("s.pdf", b"%PDF shown")
    )

    Material.objects.create(
        event=event, title="Privmaterialmarker slides", public=False,
        url="https://privmaterialmarker.example/slides.pdf",
    )  # fmt: skip
    Material.objects.create(event=event, title="Controlmaterial slides", url="https://ex.org/a.pdf")
    Recording.objects.create(
        event=event, title="Privrecordingmarker", url="https://vimeo.com/987654321", public=False
    )
    shown = Recording.objects.create(event=event, url="https://vimeo.com/12345")
    transcript = Transcript.objects.create(recording=shown)
    for position, (person, text) in enumerate(
        [(control, "Controlsaid words."), (hidden, "Saidbyhiddenmarker words.")]
    ):
        TranscriptSegment.objects.create(
            transcript=transcript, position=position, start=position * 60, speaker=person,
            speaker_name=person.name, text=text,
        )  # fmt: skip
    return {"private_file": private_file, "private_audio": private_audio, "shown_file": shown_file}


def read_everything(client, world) -> dict[str, str]:
    slugs = [obj.slug for obj in world.values() if hasattr(obj, "slug")]
    pks = [str(obj.pk) for obj in world.values()]
    urls = page_urls() + concrete_urls(slugs=slugs, pks=pks)
    searches = [
        HIDDEN_NAME,
        "Qwertyhidden",
        "Ззызх",
        "Zzyzx",
        "zzyzx*",
        CONTROL_NAME,
        *FIELD_MARKERS.values(),
        *DRAFT_MARKERS,
        *MEDIA_MARKERS,
        "person:Qwertyhidden",
        "Open event",
    ]
    urls += [f"/search/?q={q}" for q in [*searches, *SEARCHES]]
    for prefix in ("/api/", "/api/v1/"):  # the API's own search and filters, when it has them
        urls += [f"{prefix}people/?search=Qwertyhidden", f"{prefix}search/?q=Qwertyhidden"]
    bodies = {}
    for url in dict.fromkeys(urls):
        response = client.get(url, HTTP_ACCEPT="text/html,application/json,*/*")
        assert response.status_code < 500, url
        if response.status_code == 200:
            body = b"".join(response) if response.streaming else response.content
            bodies[url] = body.decode("utf-8", "replace")
    return bodies


def test_withheld_people_and_fields_appear_in_no_public_output(client, world):
    bodies = read_everything(client, world)
    # The private files' stored names (random, so not in the search queries).
    stored = [world[key].file.name for key in ("private_file", "private_audio")]
    markers = [*HIDDEN_MARKERS, *FIELD_MARKERS.values(), *DRAFT_MARKERS, *MEDIA_MARKERS, *stored]

    # A search page echoes its own query: a marker counts there only when the query lacks it
    # (searching "Zzyzx" must not show "Qwertyhidden", the slug or the Cyrillic name).
    leaks = [
        f"{marker!r} in {url}"
        for url, body in bodies.items()
        for marker in markers
        if marker.lower() in body.lower() and marker.lower() not in url.lower()
    ]
    assert leaks == []
    # The withheld person has no page of their own, in any output.
    assert client.get("/people/zzyzx-qwertyhidden/").status_code == 404
    # Nor has a private file an address, even its exact one; a public file has.
    assert client.get(world["private_file"].address).status_code == 404
    assert client.get(world["private_audio"].address).status_code == 404
    assert client.get(world["shown_file"].address).status_code == 200


@needs_pages
def test_the_outputs_were_really_read(client, world):
    """Controls: the visible person and the withheld-fields person's name do appear."""
    bodies = read_everything(client, world)

    assert CONTROL_NAME in bodies["/people/visiblecontrol-person/"]
    assert "Controlbiography shown." in bodies["/people/visiblecontrol-person/"]
    assert "Fieldswithheld Person" in bodies["/people/fields-withheld/"]
    assert len(bodies) >= len(page_urls())


@needs_pages
def test_event_page_lists_visible_speakers_only(client, world):
    body = client.get("/events/open-event/").text

    assert CONTROL_NAME in body
    assert "Fieldswithheld Person" in body
    assert HIDDEN_NAME not in body
    assert "Controlaffiliation Fellow" in body
    assert "Controlmaterial slides" in body and "Controlsaid words." in body
    assert f'href="{world["shown_file"].address}"' in body
    assert FIELD_MARKERS["affiliation"] not in body


@needs_search
def test_search_finds_the_control_but_not_the_withheld(client, world):
    assert "/people/visiblecontrol-person/" in client.get(f"/search/?q={CONTROL_NAME}").text
    assert "/people/fields-withheld/" in client.get("/search/?q=Fieldswithheld").text
    # Found by what was withheld: the result would link the person's page.
    for query in [HIDDEN_NAME, "Ззызх", "Квертихидден", "hidden-web", "type:person Zzyzx"]:
        assert "/people/zzyzx-qwertyhidden/" not in client.get(f"/search/?q={query}").text, query
    for query in [*FIELD_MARKERS.values(), f"person:{FIELD_MARKERS['affiliation']}"]:
        assert "/people/fields-withheld/" not in client.get(f"/search/?q={query}").text, query
