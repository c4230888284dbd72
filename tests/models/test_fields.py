"""Staff's text holds no control characters and titles are one line; a stored address is a
link on a page only when it is http, https or mailto, whatever wrote it."""

import pytest
from django.core.exceptions import ValidationError
from model_bakery import baker

from kb.models import Event, Organization, Person, SourceDocument

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("title", ["Line\nbreak", "Tab\there", "Bell\x07", "NUL\x00", "\u2028"])
def test_a_title_cannot_hold_a_control_character(title):
    event = Event(slug="e", title=title, date="2023-12-07")

    with pytest.raises(ValidationError) as caught:
        event.full_clean()

    # The title is the English column's too (django-modeltranslation): both are refused.
    assert sorted(caught.value.message_dict) == ["title", "title_en"]
    assert caught.value.message_dict["title_en"][0].startswith(
        "A single line (a title, a name) cannot hold the control character U+"
    )


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_translated_title_cannot_hold_a_control_character(language):
    event = Event(slug="e", title="Кровавый январь", date="2023-12-07")
    setattr(event, f"title_{language}", "Кровавый\nянварь")

    with pytest.raises(ValidationError) as caught:
        event.full_clean()

    assert list(caught.value.message_dict) == [f"title_{language}"]


def test_long_text_keeps_line_breaks_and_refuses_other_control_characters():
    person = Person(slug="p", name="Name", bio="One\r\n\ttwo\nthree")
    person.full_clean()
    person.bio = "Escape \x1b[31m"

    with pytest.raises(ValidationError, match="control character U\\+001B"):
        person.full_clean()


HOSTILE = "javascript:alert(document.cookie)"


def test_an_address_that_is_not_a_web_link_never_reaches_an_href(client):
    # Written through the ORM, as a restore or a script could before validation.
    person = baker.make("kb.Person", slug="p", name="P", website=HOSTILE, published=True)
    organization = baker.make(
        "kb.Organization", slug="o", name="O", website="JAVASCRIPT:x", published=True
    )
    event = baker.make(
        "kb.Event",
        slug="e",
        title="E",
        date="2023-12-07",
        online_url="data:text/html,<script>x</script>",
        published=True,
    )
    document = baker.make("kb.SourceDocument", slug="d", title="D", url=HOSTILE, published=True)
    mail = baker.make(
        "kb.Person", slug="m", name="M", website="mailto:m@example.org", published=True
    )

    assert [
        Person.objects.get(pk=person.pk).website,
        Organization.objects.get(pk=organization.pk).website,
        Event.objects.get(pk=event.pk).online_url,
        SourceDocument.objects.get(pk=document.pk).url,
        Person.objects.get(pk=mail.pk).website,
    ] == ["", "", "", "", "mailto:m@example.org"]
    for url in ["/people/p/", "/organizations/o/", "/events/e/", "/documents/d/", "/api/people/"]:
        body = client.get(url).content.decode()
        assert "javascript:" not in body.lower(), url
        assert "data:text/html" not in body, url
    assert 'href="mailto:m@example.org"' in client.get("/people/m/").text
