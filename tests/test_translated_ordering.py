"""Lists ordered by a translated field on /ru/ and /kk/ order by what the reader sees: the
record's name in that language, or the English one standing in (kb/translation.py), never by
an empty column."""

import re

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def card_names(html: str) -> list[str]:
    titles = re.findall(r'<h3 class="card__title"><a href="[^"]+">(.*?)</a>', html, re.S)
    # The name alone, without the "not yet translated" note of an English one.
    return [re.sub(r"<[^>]+>", "", re.sub(r"<small.*?</small>", "", t)).strip() for t in titles]


@pytest.fixture
def organizations():
    factories.organization(name="Zeta Fund")  # no Russian name: sorts as "Zeta Fund"
    beta = factories.organization(name="Beta Centre")
    beta.name_ru = "Центр Бета"
    beta.save()
    omega = factories.organization(name="Omega Group")
    omega.name_ru = "Abc Group"  # a Russian name in Latin letters, as brands keep theirs
    omega.save()


@pytest.mark.parametrize("ordering", ["", "name"])
def test_a_russian_list_sorts_untranslated_records_by_their_english_name(
    client, organizations, ordering
):
    params = {"ordering": ordering} if ordering else {}
    html = client.get("/ru/organizations/", params).content.decode()

    assert card_names(html) == ["Abc Group", "Zeta Fund", "Центр Бета"]


def test_the_reverse_order_uses_the_same_names(client, organizations):
    html = client.get("/ru/organizations/", {"ordering": "-name"}).content.decode()

    assert card_names(html) == ["Центр Бета", "Zeta Fund", "Abc Group"]


def test_the_english_list_is_ordered_by_the_english_names(client, organizations):
    html = client.get("/organizations/", {"ordering": "name"}).content.decode()

    assert card_names(html) == ["Beta Centre", "Omega Group", "Zeta Fund"]


def test_a_kazakh_list_with_no_kazakh_names_is_ordered_as_the_english(client, organizations):
    html = client.get("/kk/organizations/").content.decode()

    assert card_names(html) == ["Beta Centre", "Omega Group", "Zeta Fund"]
