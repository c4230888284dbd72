"""A filter link is the short one: empty fields are dropped by a redirect to the same state."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "short"),
    [
        ("/events/?date_after=&date_before=&topic=torture&format=", "/events/?topic=torture"),
        ("/events/?date_after=&date_before=", "/events/"),
        ("/surveys/?organization=&year=2023", "/surveys/?year=2023"),
        ("/people/?role=&page=2", "/people/?page=2"),
    ],
)
def test_a_list_url_with_empty_fields_redirects_to_the_short_one(client, url, short):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == short


def test_a_short_filter_url_is_served_as_it_is(client):
    assert client.get("/events/?year=2023").status_code == 200


def test_a_bad_value_is_kept_as_typed_with_its_error_beside_it(client):
    response = client.get("/events/", {"year": "twenty"})

    html = response.content.decode()
    assert response.status_code == 400
    assert (
        '<input type="text" id="id_year" name="year" value="twenty" aria-invalid="true" '
        'aria-describedby="id_year_error">'
    ) in html
    assert '<ul class="errorlist" id="id_year_error"><li>Enter a number.</li></ul>' in html
