"""Bad input gets a clear answer in the site's design, never a 500."""

import datetime

import pytest
from model_bakery import baker

pytestmark = pytest.mark.django_db

BAD_FILTERS = [
    "/events/?format=teleport",
    "/events/?date_after=yesterday&date_before=2023-13-45",
    "/events/?year=abc",
    "/events/?year=99999999999999999999",
    "/events/?organization=no-such-org",
    "/events/?person=%00%01",
    "/events/?topic=' OR 1=1 --",
    "/events/?ordering=password",
    "/people/?role=king",
    "/people/?organization=<script>",
    "/organizations/?kind=spaceship&parent=nobody",
    "/surveys/?mode=telepathy&year=-5",
    "/surveys/?topic=nope&organization=nope",
    "/topics/?kind=nonsense",
]


@pytest.mark.parametrize("url", BAD_FILTERS)
def test_unknown_or_malformed_filter_values_show_the_form_error(client, url):
    response = client.get(url)

    assert response.status_code == 400
    assert 'class="errorlist"' in response.content.decode()
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_the_error_names_the_bad_value(client):
    content = client.get("/events/?format=teleport").content.decode()

    assert "Select a valid choice. teleport is not one of the available choices." in content
    assert 'aria-invalid="true"' in content


@pytest.mark.parametrize("page", ["999", "0", "-1", "abc", "1.5", "%00"])
def test_a_page_out_of_range_is_a_404_page(client, page):
    baker.make("kb.Event", date=datetime.date(2023, 1, 1), published=True)

    response = client.get(f"/events/?page={page}")

    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_the_last_page_is_reachable_by_name(client):
    baker.make("kb.Event", date=datetime.date(2023, 1, 1), published=True, _quantity=30)

    response = client.get("/events/?page=last")

    assert response.status_code == 200
    assert response.context["page_obj"].number == 2


@pytest.mark.parametrize(
    "url",
    [
        "/events/no-such-event/",
        "/people/nobody/",
        "/organizations/none/",
        "/topics/none/",
        "/surveys/none/",
        "/documents/none/",
        "/no/such/page/",
    ],
)
def test_an_unknown_slug_is_the_404_page_in_the_sites_design(client, url):
    response = client.get(url)

    assert response.status_code == 404
    content = response.content.decode()
    assert "We could not find that page" in content
    assert 'href="/events/"' in content  # the site's navigation


def test_the_500_page_renders_without_a_request():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")

    assert "Something went wrong on our side" in html


def test_the_400_page_is_in_the_sites_design():
    from django.template.loader import render_to_string

    assert "We could not understand that request" in render_to_string("400.html")


def test_a_host_the_site_does_not_serve_is_the_400_page_not_a_500(client, settings):
    # The 400 page's hreflang links are absolute: built from the same Host header, they failed.
    settings.ALLOWED_HOSTS = ["kenes.example.org"]

    response = client.get("/events/", HTTP_HOST="evil.example.com")

    assert response.status_code == 400
    content = response.content.decode()
    assert "We could not understand that request" in content
    assert 'hreflang="x-default"' not in content


def test_the_hreflang_alternates_are_absolute_on_the_sites_host(client, settings):
    settings.ALLOWED_HOSTS = ["kenes.example.org"]

    content = client.get("/events/?year=2023", HTTP_HOST="kenes.example.org").content.decode()

    assert (
        '<link rel="alternate" hreflang="x-default" href="http://kenes.example.org/events/?year=2023">'
        in content
    )
    assert (
        '<link rel="alternate" hreflang="kk" href="http://kenes.example.org/kk/events/?year=2023">'
        in content
    )
