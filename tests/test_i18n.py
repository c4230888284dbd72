"""The interface in English, Russian and Kazakh (kb/i18n.py): addresses, switcher, alternates,
cache, the admin's language."""

import re

import pytest
from django.contrib.auth.models import User

from kb.i18n import in_language, split_language
from tests.search.test_searching import indexed, search_backend  # noqa: F401
from tests.views.test_query_counts import DETAILS, LISTS, grow_lists

EVENT = "/events/kazakhstans-bloody-january-2023-12-07/"
SURVEY = "/surveys/january-events-survey-2023/"
# One page of every type, at its English (today's, unprefixed) address.
PAGES = [
    "/",
    "/events/",
    EVENT,
    "/people/",
    "/people/yevgeniy-zhovtis/",
    "/organizations/",
    "/organizations/demoscope/",
    "/topics/",
    "/topics/freedom-from-torture/",
    "/surveys/",
    SURVEY,
    f"{SURVEY}questions/1/",
    "/series/",
    "/documents/demoscope-january-events-survey/",
]


def chart_figures(content: str) -> list[str]:
    """The figures of a page's charts, as printed (a figure may link to its passage)."""
    return re.findall(r'class="chart__figure">(?:<a [^>]*>)?([^<]+)<', content)


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)">', response.content.decode()).group(1)


@pytest.mark.parametrize("url", PAGES)
def test_every_english_address_is_unchanged_and_says_it_is_english(client, documents, url):
    response = client.get(url)

    assert response.status_code == 200
    assert html_lang(response) == "en"
    assert response["Content-Language"] == "en"


NAVIGATION = {
    "ru": ["Мероприятия", "Люди", "Организации", "Темы", "Опросы"],
    "kk": ["Іс-шаралар", "Адамдар", "Ұйымдар", "Тақырыптар", "Сауалнамалар"],
}


@pytest.mark.parametrize("language", ["ru", "kk"])
@pytest.mark.parametrize("url", PAGES)
def test_every_page_type_answers_under_each_language_prefix(client, documents, url, language):
    response = client.get(f"/{language}{url}")

    assert response.status_code == 200
    assert html_lang(response) == language
    assert response["Content-Language"] == language
    content = response.content.decode()
    nav = content[content.index('class="site-nav"') : content.index("</nav>")]
    assert re.findall(r'">([^<]+)</a></li>', nav) == NAVIGATION[language]


def test_figures_and_dates_are_written_the_russian_way(client, documents):
    survey = client.get(f"/ru{SURVEY}").content.decode()
    events = client.get("/ru/events/").content.decode()

    assert chart_figures(survey)[0] == "71,1%"
    assert 'width="71.1"' in survey  # the bar's length stays a number for SVG
    assert ">7 декабря 2023</time>" in events


def test_figures_and_dates_are_written_the_kazakh_way(client, documents):
    survey = client.get(f"/kk{SURVEY}").content.decode()
    events = client.get("/kk/events/").content.decode()

    assert chart_figures(survey)[0] == "71,1%"
    assert ">2023 жылғы 7 желтоқсан</time>" in events


def test_english_figures_keep_their_point(client, documents):
    assert chart_figures(client.get(SURVEY).content.decode())[0] == "71.1%"


@pytest.mark.parametrize("prefix", ["", "/ru", "/kk"])
def test_search_answers_in_each_language(client, indexed, prefix):  # noqa: F811
    response = client.get(f"{prefix}/search/", {"q": "torture"})

    assert response.status_code == 200
    assert html_lang(response) == (prefix[1:] or "en")
    assert f'href="{prefix}/surveys/january-events-survey-2023/questions/2/"' in (
        response.content.decode()
    )


def test_a_missing_page_is_a_404_in_the_readers_language(client, documents):
    response = client.get("/ru/events/no-such-event/")

    assert response.status_code == 404
    assert html_lang(response) == "ru"


def test_the_language_switcher_keeps_the_reader_on_the_same_record_and_query(client, documents):
    content = client.get(f"/ru{EVENT}?from=search").content.decode()
    switcher = content[content.index('class="language-switcher"') :]
    switcher = switcher[: switcher.index("</nav>")]

    links = re.findall(r'<a href="([^"]+)" hreflang="([^"]+)"', switcher)
    assert links == [(f"{EVENT}?from=search", "en"), (f"/kk{EVENT}?from=search", "kk")]
    assert '<span lang="ru" aria-current="true">Русский</span>' in switcher


def test_the_head_names_the_page_in_every_language(client, documents):
    content = client.get(f"/kk{SURVEY}").content.decode()

    alternates = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', content)
    assert alternates == [
        ("en", f"http://testserver{SURVEY}"),
        ("x-default", f"http://testserver{SURVEY}"),
        ("ru", f"http://testserver/ru{SURVEY}"),
        ("kk", f"http://testserver/kk{SURVEY}"),
    ]


def test_links_on_a_russian_page_stay_in_russian(client, documents):
    content = client.get(f"/ru{EVENT}").content.decode()

    assert 'href="/ru/people/yevgeniy-zhovtis/"' in content
    assert 'href="/ru/topics/freedom-from-torture/"' in content
    assert 'href="/people/yevgeniy-zhovtis/"' not in content
    assert 'action="/ru/search/"' in content


def test_the_cached_page_of_one_language_is_not_served_for_another(client, documents, settings):
    settings.KENES_PAGE_CACHE_SECONDS = 600

    english = client.get("/events/")
    russian = client.get("/ru/events/")
    english_again = client.get("/events/")

    assert (html_lang(english), html_lang(russian), html_lang(english_again)) == ("en", "ru", "en")


def test_the_api_stays_unprefixed(client, documents):
    assert client.get("/api/events/").status_code == 200
    assert client.get("/ru/api/events/").status_code == 404


def test_paths_split_and_move_between_languages():
    assert split_language("/ru/events/x/") == ("ru", "/events/x/")
    assert split_language("/events/x/") == (None, "/events/x/")
    assert split_language("/kkk/") == (None, "/kkk/")
    assert in_language("/ru/events/x/", "kk") == "/kk/events/x/"
    assert in_language("/kk/", "en") == "/"
    assert in_language("/events/", "ru") == "/ru/events/"


@pytest.fixture
def staff(client, db):
    client.force_login(User.objects.create_superuser("boss"))
    return client


def test_staff_choose_the_admins_language_and_keep_it(staff):
    response = staff.post("/i18n/setlang/", {"language": "ru", "next": "/admin/"})

    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert response.cookies["kenes_language"].value == "ru"
    page = staff.get("/admin/").content.decode()
    assert '<html lang="ru"' in page
    assert "Выйти" in page  # Django's own "Log out"
    assert ">Мероприятия</a>" in page and ">Опросы</a>" in page  # ours: the models' names
    assert "Импортировать документ" in page
    assert '<option value="kk" lang="kk">Қазақша</option>' in page


def test_the_admin_is_in_english_until_staff_choose(staff):
    page = staff.get("/admin/").content.decode()

    assert '<html lang="en"' in page
    assert "Log out" in page


def test_choosing_the_admins_language_leaves_the_public_pages_to_their_address(staff, documents):
    staff.post("/i18n/setlang/", {"language": "kk", "next": "/admin/"})

    assert html_lang(staff.get("/events/")) == "en"
    assert html_lang(staff.get("/ru/events/")) == "ru"


# The same pinned counts as in English (tests/views/test_query_counts.py): a language adds none.
@pytest.mark.parametrize("language", ["ru", "kk"])
@pytest.mark.parametrize("page", DETAILS)
def test_a_translated_detail_page_runs_the_english_number_of_queries(
    client, db, django_assert_num_queries, page, language
):
    build, fields, grow, queries = DETAILS[page]
    obj = build(**fields)
    grow(obj, 3)
    with django_assert_num_queries(queries):
        response = client.get(f"/{language}{obj.get_absolute_url()}")
    assert response.status_code == 200


@pytest.mark.parametrize("language", ["ru", "kk"])
@pytest.mark.parametrize("url", LISTS)
def test_a_translated_list_page_runs_the_english_number_of_queries(
    client, db, django_assert_num_queries, url, language
):
    status, queries = LISTS[url]
    grow_lists(3)
    with django_assert_num_queries(queries):
        response = client.get(f"/{language}{url}")
    assert response.status_code == status


def test_the_russian_admin_names_our_records_in_russian(staff):
    staff.post("/i18n/setlang/", {"language": "ru", "next": "/admin/"})

    page = staff.get("/admin/kb/event/add/").content.decode()

    assert "Добавить мероприятие" in page


def test_what_search_says_about_a_query_is_in_the_readers_language(client, indexed):  # noqa: F811
    content = client.get("/ru/search/", {"q": "year:soon torture"}).content.decode()

    assert "«soon» — не год и не диапазон вида 2022..2023." in content


@pytest.mark.parametrize(
    ("template", "context", "heading"),
    [
        ("400.html", {}, "Мы не поняли этот запрос"),
        ("404.html", {}, "Мы не нашли эту страницу"),
        ("500.html", {}, "У нас что-то пошло не так"),
        ("503.html", {"message": "…"}, "Временно недоступно"),
    ],
)
def test_the_error_pages_speak_russian(template, context, heading):
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("ru"):
        html = render_to_string(template, context)

    assert '<html lang="ru">' in html
    assert heading in html


def test_the_database_message_of_the_503_page_is_translated():
    from django.utils import translation

    from kb.middleware import MESSAGE

    with translation.override("kk"):
        assert str(MESSAGE) == (
            "Kenes қазір дерекқорға қосыла алмай тұр. Бірнеше минуттан кейін қайталап көріңіз."
        )


def test_the_loose_reading_says_so_in_the_readers_language(client, indexed):  # noqa: F811
    russian = client.get("/ru/search/", {"q": "torture shutdown zebra"}).content.decode()
    kazakh = client.get("/kk/search/", {"q": "torture shutdown zebra"}).content.decode()

    assert (
        '<p class="search-reading" role="status">Ни одна запись не содержит всех слов '
        "«torture shutdown zebra»: показаны записи, в которых их больше всего, сначала самые "
        "подходящие.</p>"
    ) in russian
    assert (
        '<p class="search-reading" role="status">«torture shutdown zebra» сөздерінің бәрі бар '
        "жазба жоқ: олардың көбі бар жазбалар көрсетілді, ең сәйкестері алдымен.</p>"
    ) in kazakh


def test_a_loose_reading_narrowed_to_people_names_them_in_russian(client, indexed):  # noqa: F811
    content = client.get("/ru/search/", {"q": "type:person torture zebra"}).content.decode()

    assert (
        "Ни в одной записи о человеке нет всех слов «torture zebra»: показаны люди, в записях "
        "о которых их больше всего, сначала самые подходящие."
    ) in content


def test_the_role_facet_names_what_people_did_in_the_readers_language(client, indexed):  # noqa: F811
    content = client.get("/ru/search/", {"type": "person"}).content.decode()
    facet = content[content.index('aria-label="Роль (люди)"') :]
    facet = facet[: facet.index("</nav>")]

    assert re.findall(r'rel="nofollow">([^<]+)</a>', facet) == ["выступали", "модерировали"]
    assert 'href="?type=person&amp;role=spoke"' in facet  # the address keeps the index's value


@pytest.mark.parametrize(
    ("language", "options"),
    [
        (
            "ru",
            ["По умолчанию", "Дата", "Дата (по убыванию)", "Название", "Название (по убыванию)"],
        ),
        ("kk", ["Әдепкі", "Күні", "Күні (кему ретімен)", "Атауы", "Атауы (кему ретімен)"]),
    ],
)
def test_a_lists_sort_options_are_in_the_readers_language(client, documents, language, options):
    content = client.get(f"/{language}/events/").content.decode()
    select = content[content.index('name="ordering"') :]
    select = select[: select.index("</select>")]

    assert re.findall(r"<option[^>]*>([^<]+)</option>", select) == options


def test_the_russian_feed_links_to_the_russian_home_page(client, documents):
    content = client.get("/ru/feeds/latest.rss").content.decode()

    assert "<link>http://testserver/ru/</link>" in content
    assert "<link>http://testserver/</link>" in client.get("/feeds/latest.rss").content.decode()


def test_the_search_forms_errors_are_in_the_readers_language():
    from django.utils import translation

    from kb.search.forms import SearchForm

    with translation.override("ru"):
        form = SearchForm({"type": "nope", "topic": "a b", "page": "x"}, strict=True)
        assert form.errors == {
            "type": ["«nope» — недопустимое значение."],
            "topic": ["Значение не соответствует требуемому формату."],
            "page": ["Требуется целое число."],
        }


def test_a_multiple_choice_questions_note_is_in_russian(client, documents):
    content = client.get(f"/ru{SURVEY}questions/9/").content.decode()

    assert (
        '<li class="note note--multiple">Несколько вариантов ответа, сумма долей не равна 100</li>'
    ) in content


def test_a_questions_series_link_is_in_kazakh(client, db):
    from tests.views.test_questions import make_series

    series = make_series([(2023, ("44.0", "43.2"), True), (2024, ("47.5", "40.1"), True)])
    question = series.waves.first().question
    content = client.get(f"/kk{question.get_absolute_url()}").content.decode()

    # The series has no Kazakh title yet: the English one, marked.
    assert (
        '<li><a href="/kk/series/internet/"><span lang="en">Internet shutdown</span> '
        '<small class="untranslated">(әлі аударылмаған)</small></a>: барлық толқындар бойынша '
        "тренд</li>"
    ) in content


def test_a_surveys_citation_reads_in_russian(client, documents):
    from django.utils import timezone, translation

    from kb.jinja2.filters import date

    with translation.override("ru"):
        accessed = date(timezone.localdate(), "j F Y")
    content = client.get(f"/ru{SURVEY}").content.decode()

    assert (
        "What People in Kazakhstan Think of the January Events [Набор данных, телефонные "
        "интервью, n = 1\xa0047]. Kenes. "
        f"http://testserver/ru{SURVEY} (дата обращения: {accessed})."
    ) in content


def test_an_events_citation_dates_the_kazakh_way(client, documents):
    content = client.get(f"/kk{EVENT}").content.decode()

    assert "&amp; Жовтис, Е. (2023 жылғы 7 желтоқсан). Kazakhstan’s Bloody January" in content


def test_an_unknown_filter_value_is_noted_in_russian(client, indexed):  # noqa: F811
    content = client.get("/ru/search/", {"q": "torture", "type": "zz"}).content.decode()

    assert (
        '<p class="search-note" role="note">Значение &#39;zz&#39; фильтра «Тип» Kenes '
        "неизвестно; фильтр пропущен.</p>"
    ) in content


def test_a_russian_readers_calendar_entry_is_in_russian(client, documents):
    response = client.get(f"/ru{EVENT[:-1]}.ics")
    text = response.content.decode().replace("\r\n ", "")

    assert response.status_code == 200
    assert (
        "Организации: Central Asia Program (организатор)\\; PaperLab Research Center "
        "(соорганизатор)"
    ) in text
    assert "LOCATION:Онлайн" in text
