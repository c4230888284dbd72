"""What the admin tests share: staff clients of both kinds and how a page's errors read."""

import pytest
from django.contrib.auth.models import Group, User


@pytest.fixture
def editor(client):
    """A member of the "Editors" group made by the migration, and nothing more."""
    user = User.objects.create_user("editor", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


@pytest.fixture(params=["superuser", "editor"])
def staff_client(request, client):
    if request.param == "superuser":
        user = User.objects.create_superuser("boss")
    else:
        user = User.objects.create_user("editor", is_staff=True)
        user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


def page_errors(response) -> str:
    """The text of the page's error lists, for assertion messages."""
    return response.content.decode() if response.status_code == 200 else ""
