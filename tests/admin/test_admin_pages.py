"""The admin as staff use it: real pages, the admin's own forms posted back, inlines included."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from model_bakery import baker

from kb.enums import EventPersonRole
from kb.models import (
    Affiliation,
    Event,
    Organization,
    Person,
    Survey,
    Topic,
)
from tests.admin.conftest import page_errors
from tests.admin_forms import admin_form_data, post_data
from tests.factories import admin_world

pytestmark = pytest.mark.django_db


# --- Events ---------------------------------------------------------------------------------


def event_post(client, *rows, **changes):
    """GET the add page, fill in an event and its people (person, role, position, affiliation)."""
    form = admin_form_data(client.get("/admin/kb/event/add/"))
    fields = {
        "title": "Kazakhstan's Bloody January",
        "slug": "bloody-january",
        "date": "2023-12-07",
        "start_time": "09:00",
        "end_time": "10:30",
        "time_zone": "America/New_York",
        "person_roles-TOTAL_FORMS": len(rows),
    }
    for i, (person, role, position, affiliation) in enumerate(rows):
        fields |= {
            f"person_roles-{i}-person": person.pk,
            f"person_roles-{i}-role": role,
            f"person_roles-{i}-position": position,
            f"person_roles-{i}-affiliation": affiliation.pk if affiliation else "",
            f"person_roles-{i}-talk_title": "",
        }
    return client.post("/admin/kb/event/add/", post_data(form, **(fields | changes)))


def test_staff_create_an_event_with_two_speakers_and_a_moderator(staff_client):
    aldiyar, kamila, karlygash = (
        baker.make(Person, name=name, slug=slug)
        for name, slug in [
            ("Aldiyar Auyezbek", "aldiyar-auyezbek"),
            ("Kamila Kovyazina", "kamila-kovyazina"),
            ("Karlygash Kabatova", "karlygash-kabatova"),
        ]
    )
    kibhr = baker.make(Organization, name="KIBHR")
    lawyer = baker.make(Affiliation, person=kamila, organization=kibhr, title="Lawyer")

    response = event_post(
        staff_client,
        (kamila, EventPersonRole.SPEAKER, 2, lawyer),
        (karlygash, EventPersonRole.MODERATOR, 3, None),
        (aldiyar, EventPersonRole.SPEAKER, 1, None),
    )

    assert response.status_code == 302, page_errors(response)
    assert response["Location"] == "/admin/kb/event/"
    event = Event.objects.get(slug="bloody-january")
    assert [
        (link.person.slug, link.role, link.affiliation) for link in event.person_roles.all()
    ] == [
        ("aldiyar-auyezbek", "speaker", None),
        ("kamila-kovyazina", "speaker", lawyer),
        ("karlygash-kabatova", "moderator", None),
    ]
    assert [link.person.slug for link in event.speakers] == ["aldiyar-auyezbek", "kamila-kovyazina"]
    assert event.published is False


def test_an_event_that_ends_before_it_starts_is_refused(admin_client):
    response = event_post(admin_client, start_time="10:30", end_time="09:00")

    assert response.status_code == 200
    assert "The event ends before it starts." in response.content.decode()
    assert not Event.objects.exists()


def test_a_taken_slug_is_refused_with_a_message(admin_client):
    baker.make(Event, slug="bloody-january", date=datetime.date(2023, 1, 1))

    response = event_post(admin_client)

    assert response.status_code == 200
    assert "This slug is already taken by another record." in response.content.decode()
    assert Event.objects.count() == 1


def test_an_affiliation_of_someone_else_is_refused(admin_client):
    kamila, other = baker.make(Person, _quantity=2)
    theirs = baker.make(Affiliation, person=other)

    response = event_post(admin_client, (kamila, EventPersonRole.SPEAKER, 1, theirs))

    assert response.status_code == 200
    assert "This affiliation belongs to someone else." in response.content.decode()
    assert not Event.objects.exists()


# --- Who may --------------------------------------------------------------------------------


def test_someone_not_staff_is_sent_to_the_login_page(client):
    client.force_login(User.objects.create_user("reader"))
    form = {"title": "Spam", "slug": "spam", "date": "2023-12-07", "time_zone": "UTC"}

    get = client.get("/admin/kb/event/add/")
    post = client.post("/admin/kb/event/add/", form)

    assert get.status_code == 302
    assert get["Location"] == "/admin/login/?next=/admin/kb/event/add/"
    assert post.status_code == 302
    assert post["Location"].startswith("/admin/login/")
    assert not Event.objects.exists()


def test_editors_edit_content_but_not_users_or_groups(editor):
    assert editor.get("/admin/kb/survey/add/").status_code == 200
    assert editor.get("/admin/auth/user/").status_code == 403
    assert editor.get("/admin/auth/group/").status_code == 403
    assert editor.get(f"/admin/auth/user/{User.objects.get().pk}/change/").status_code == 403


def test_the_editors_group_holds_every_kb_permission_and_no_other():
    group = Group.objects.get(name="Editors")
    codenames = set(group.permissions.values_list("content_type__app_label", "codename"))
    # The link tables too: staff edit them as inlines of the records' pages.
    models = set()
    admins = [a for m, a in admin.site._registry.items() if m._meta.app_label == "kb"]
    while admins:
        model_admin = admins.pop()
        models.add(model_admin.model)
        admins.extend(getattr(model_admin, "inlines", ()))

    assert len(models) == 21
    assert codenames == {
        ("kb", f"{action}_{m._meta.model_name}")
        for m in models
        for action in ("add", "change", "delete", "view")
    }


def test_the_site_is_named_kenes_administration(admin_client):
    response = admin_client.get("/admin/")

    html = response.content.decode()
    assert (
        "<title>Events, people, organizations, topics and surveys | Kenes administration</title>"
        in html
    )
    assert '<div id="site-name"><a href="/admin/">Kenes administration</a></div>' in html


# --- Lists and actions ----------------------------------------------------------------------


def test_publish_and_unpublish_actions_change_the_records(admin_client):
    topics = baker.make(Topic, _quantity=3, published=False)
    chosen = [str(t.pk) for t in topics[:2]]

    published = admin_client.post(
        "/admin/kb/topic/", {"action": "make_published", "_selected_action": chosen}, follow=True
    )

    assert sorted(Topic.objects.published().values_list("pk", flat=True)) == [
        t.pk for t in topics[:2]
    ]
    assert "2 topics published." in published.content.decode()

    admin_client.post(
        "/admin/kb/topic/", {"action": "make_unpublished", "_selected_action": chosen[:1]}
    )

    assert list(Topic.objects.published().values_list("pk", flat=True)) == [topics[1].pk]


def test_editors_may_publish(editor):
    event = baker.make(Event, published=False, date=datetime.date(2023, 12, 7))

    editor.post("/admin/kb/event/", {"action": "make_published", "_selected_action": [event.pk]})

    event.refresh_from_db()
    assert event.published is True


def test_the_event_list_searches_people_and_filters_by_organization(admin_client):
    world = admin_world(2)
    event = world[Event]
    speaker = event.person_roles.first().person
    other = baker.make(Event, title="Another evening", date=datetime.date(2024, 1, 1))
    organization = event.organization_roles.first().organization

    by_person = admin_client.get("/admin/kb/event/", {"q": speaker.name})
    by_org = admin_client.get(
        "/admin/kb/event/", {"organization_roles__organization__id__exact": organization.pk}
    )
    by_year = admin_client.get("/admin/kb/event/", {"date__year": "2024"})

    assert list(by_person.context["cl"].result_list) == [event]
    assert list(by_org.context["cl"].result_list) == [event]
    assert list(by_year.context["cl"].result_list) == [other]
    assert f'href="{event.get_absolute_url()}"' in by_person.content.decode()


# --- Fixed number of queries, whatever the number of rows -----------------------------------

# (changelist, add page, change page of the record with the most inlines); measured, then pinned.
# Each page counts the savepoint and release of its history revision (django-reversion).
QUERIES = {
    "organization": (9, 5, 7),
    "person": (10, 5, 9),
    "affiliation": (8, 5, 9),
    "topic": (8, 5, 5),
    "sourcedocument": (11, 5, 6),
    "event": (12, 5, 16),
    "recording": (7, 7, 8),
    "transcript": (8, 5, 13),
    "survey": (13, 5, 18),
    "question": (11, 5, 9),
    "questionseries": (9, 5, 9),
    "serieswave": (7, 5, 8),
}
KB_MODELS = sorted(
    (m for m in admin.site._registry if m._meta.app_label == "kb"), key=lambda m: m.__name__
)


def test_every_kb_model_is_registered_and_counted():
    assert sorted(m._meta.model_name for m in KB_MODELS) == sorted(QUERIES)


@pytest.mark.parametrize("rows", [1, 3])
@pytest.mark.parametrize("model", KB_MODELS, ids=lambda m: m._meta.model_name)
def test_admin_pages_run_a_fixed_number_of_queries(
    admin_client, django_assert_num_queries, model, rows
):
    hub = admin_world(rows)[model]
    ContentType.objects.clear_cache()  # the same cold start whatever ran before
    base = f"/admin/kb/{model._meta.model_name}/"
    pages = (base, f"{base}add/", f"{base}{hub.pk}/change/")

    for url, queries in zip(pages, QUERIES[model._meta.model_name], strict=True):
        with django_assert_num_queries(queries):
            response = admin_client.get(url)
        assert response.status_code == 200, url
    assert response.context["original"] == hub


# --- The documents' facts, as staff see them ------------------------------------------------

BLOODY_JANUARY = "kazakhstans-bloody-january-2023-12-07"
SURVEY = "january-events-survey-2023"


def test_the_event_page_lists_its_five_people_in_order(admin_client, documents):
    event = Event.objects.get(slug=BLOODY_JANUARY)

    response = admin_client.get(f"/admin/kb/event/{event.pk}/change/")

    form = admin_form_data(response)
    slugs = dict(Person.objects.values_list("pk", "slug"))
    rows = [
        (slugs[int(form[f"person_roles-{i}-person"][0])], form[f"person_roles-{i}-role"][0])
        for i in range(int(form["person_roles-TOTAL_FORMS"][0]))
    ]
    assert rows == [
        ("aldiyar-auyezbek", "speaker"),
        ("kamila-kovyazina", "speaker"),
        ("serik-beissembayev", "speaker"),
        ("yevgeniy-zhovtis", "speaker"),
        ("karlygash-kabatova", "moderator"),
    ]
    assert all(form[f"person_roles-{i}-affiliation"] != [""] for i in range(5))
    html = response.content.decode()
    names = ["Aldiyar Auyezbek", "Kamila Kovyazina", "Serik Beissembayev", "Yevgeniy Zhovtis"]
    positions = [html.index(f">{name}</option>") for name in [*names, "Karlygash Kabatova"]]
    assert positions == sorted(positions)


def test_the_survey_page_shows_its_questions_in_order_with_their_results(admin_client, documents):
    survey = Survey.objects.get(slug=SURVEY)

    form = admin_form_data(admin_client.get(f"/admin/kb/survey/{survey.pk}/change/"))

    total = int(form["questions-TOTAL_FORMS"][0])
    assert total == survey.questions.count()
    assert [form[f"questions-{i}-number"][0] for i in range(total)] == [
        str(n) for n in range(1, total + 1)
    ]
    q1 = [
        (form[f"questions-0-results-{i}-label_en"][0], form[f"questions-0-results-{i}-percent"][0])
        for i in range(int(form["questions-0-results-TOTAL_FORMS"][0]))
    ]
    assert [percent for _, percent in q1] == ["71.1", "11.3", "11.1", "6.5"]


@pytest.mark.parametrize(
    ("model", "slug"), [(Event, BLOODY_JANUARY), (Survey, SURVEY), (Person, "yevgeniy-zhovtis")]
)
def test_the_documents_records_save_back_unchanged(admin_client, documents, model, slug):
    """Staff who open a loaded record and press Save meet no error: admin and loader agree."""
    record = model.objects.get(slug=slug)
    url = f"/admin/kb/{model._meta.model_name}/{record.pk}/change/"
    before = admin_client.get(url)

    response = admin_client.post(url, admin_form_data(before))

    assert response.status_code == 302, page_errors(response)
    after = admin_form_data(admin_client.get(url))
    assert {k: v for k, v in after.items() if k != "csrfmiddlewaretoken"} == {
        k: v for k, v in admin_form_data(before).items() if k != "csrfmiddlewaretoken"
    }


# Measured: the documents' event has no recordings, and its change page asks one query fewer
# than the admin world's event, whose recordings have presenters.
@pytest.mark.parametrize(
    ("model", "slug", "queries"), [(Event, BLOODY_JANUARY, 15), (Survey, SURVEY, 18)]
)
def test_the_documents_pages_run_a_fixed_number_of_queries(
    admin_client, documents, django_assert_num_queries, model, slug, queries
):
    record = model.objects.get(slug=slug)
    base = f"/admin/kb/{model._meta.model_name}/"
    ContentType.objects.clear_cache()
    admin_client.get(f"{base}add/")  # as in the test above: content types looked up once

    with django_assert_num_queries(queries):
        response = admin_client.get(f"{base}{record.pk}/change/")

    assert response.status_code == 200
