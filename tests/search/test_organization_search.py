# ruff: noqa: F811  (pytest fixtures imported from tests.search.test_searching, used as arguments)
"""A university's search finds what its institutes and programs did; an organization's short
name works as its name does (kb/search/organizations.py), on both backends."""

import pytest

from kb.models import Organization
from kb.search.searching import search_run
from tests.search.test_searching import EVENT, indexed, keys, search_backend  # noqa: F401

# Central Asia Program ⊂ IERES ⊂ The George Washington University (fixtures): the program
# organized the event, and Karlygash Kabatova is affiliated with it.
UNDER_GWU = [
    EVENT,
    "organization:central-asia-program",
    "organization:george-washington-university",
    "organization:ieres",
    "person:karlygash-kabatova",
]


@pytest.mark.parametrize(
    "query", ["org:gwu", 'org:"george washington university"', "org:GWU", "org:george-washington"]
)
def test_org_field_for_the_university_finds_its_programs_records(indexed, query):
    assert sorted(keys(query)) == UNDER_GWU


def test_org_field_for_the_institute_leaves_out_the_university(indexed):
    assert sorted(keys("org:ieres")) == [u for u in UNDER_GWU if "george" not in u]


def test_the_organization_facet_for_the_university(indexed):
    assert sorted(keys("", org="george-washington-university")) == UNDER_GWU
    # "CAP" finds the program and its event: both count under the institute and university.
    facet = dict(search_run(params={"q": "CAP"}).page.facets["org"])
    chain = ("central-asia-program", "ieres", "george-washington-university")
    assert [facet[s] for s in chain] == [2, 2, 2]


def test_a_short_name_finds_the_event_it_organized(indexed):
    assert keys("CAP") == ["organization:central-asia-program", EVENT]


def test_a_draft_parent_is_not_a_facet_of_its_programs_records(indexed):
    Organization.objects.filter(slug="ieres").update(published=False)
    from kb.search.backends import get_backend
    from kb.search.maintenance import index_rebuild

    index_rebuild(backend=get_backend())
    assert sorted(keys("", org="george-washington-university")) == [
        u for u in UNDER_GWU if "ieres" not in u
    ]
    assert keys("", org="ieres") == []


def test_a_program_moved_under_another_university_is_found_under_it_after_commit(
    indexed, django_capture_on_commit_callbacks
):
    nazarbayev = Organization.objects.get(slug="nazarbayev-university")
    program = Organization.objects.get(slug="central-asia-program")
    with django_capture_on_commit_callbacks(execute=True):
        program.parent = nazarbayev
        program.save()
    assert sorted(keys("org:ieres")) == ["organization:ieres"]
    assert EVENT in keys("", org="nazarbayev-university")
    assert EVENT not in keys("", org="george-washington-university")
