"""Every public page type, rendered from the documents' fixtures, shows the facts readers seek."""

import re
from pathlib import Path

import pytest
from django.conf import settings

EVENT = "/events/kazakhstans-bloody-january-2023-12-07/"
SURVEY = "/surveys/january-events-survey-2023/"
SPEAKERS = ["Aldiyar Auyezbek", "Kamila Kovyazina", "Serik Beissembayev", "Yevgeniy Zhovtis"]


def text_of(response) -> str:
    """The page as a reader sees it: tags dropped, white space folded, entities decoded."""
    import html

    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    folded = re.sub(r"\s+", " ", html.unescape(body))
    return re.sub(r" ([,.;:])", r"\1", folded)


@pytest.fixture
def page(client, documents):
    def get(url):
        response = client.get(url)
        assert response.status_code == 200, url
        return response

    return get


def test_home_shows_latest_event_latest_survey_topics_and_a_search_box(page):
    response = page("/")
    content = response.content.decode()

    assert "Kazakhstan’s Bloody January" in content
    assert "What People in Kazakhstan Think of the January Events" in content
    assert 'href="/topics/right-to-life/"' in content
    assert 'action="/search/"' in content and 'name="q"' in content


def test_event_page_shows_date_format_people_in_order_roles_and_organizations(page):
    text = text_of(page(EVENT))

    assert (
        "Kazakhstan’s Bloody January: Protest Motivations, Public Perceptions and Human Rights"
        in text
    )
    assert "Thursday, 7 December 2023" in text
    assert "Online" in text
    people = text[text.index(" Speakers ") :]
    positions = [people.index(name) for name in SPEAKERS]
    assert positions == sorted(positions)
    assert "Moderator Karlygash Kabatova Program Associate, Central Asia Program" in text
    assert "Yevgeniy Zhovtis Director, Kazakhstan International Bureau for Human Rights" in text
    assert (
        "Central Asia Program, Institute for European, Russian and Eurasian Studies, "
        "The George Washington University Organizer" in text
    )
    assert "PaperLab Research Center Co-sponsor" in text


def test_event_page_links_speakers_topics_survey_and_source(page):
    content = page(EVENT).content.decode()

    for slug in ["aldiyar-auyezbek", "kamila-kovyazina", "serik-beissembayev", "yevgeniy-zhovtis"]:
        assert f'href="/people/{slug}/"' in content
    assert 'href="/people/karlygash-kabatova/"' in content
    assert 'href="/topics/freedom-from-torture/"' in content
    assert f'href="{SURVEY}"' in content
    assert 'href="/documents/bloody-january-online-discussion-2023-12-07/"' in content


def test_person_page_shows_other_spellings_bio_positions_events_and_topics(page):
    text = text_of(page("/people/yevgeniy-zhovtis/"))

    assert (
        "Also written: Evgeniy Zhovtis, Yevgeny Zhovtis, Evgeny Zhovtis, Yevgeniy Zhovtys, "
        "Евгений Жовтис" in text
    )
    assert "Kazakhstan International Bureau for Human Rights" in text
    assert "Bolotnaya Square" in text  # from the bio
    assert "Spoke at 7 Dec 2023 Kazakhstan’s Bloody January" in text
    assert "Member of the Council, International Bar Association Human Rights Institute" in text
    assert "Freedom from torture" in text


def test_moderator_page_groups_the_event_under_moderated(page):
    text = text_of(page("/people/karlygash-kabatova/"))

    assert "Moderated 7 Dec 2023 Kazakhstan’s Bloody January" in text
    assert "Spoke at" not in text


def test_organization_page_shows_parents_children_events_surveys_and_people(page):
    text = text_of(page("/organizations/paperlab/"))

    assert "Co-sponsor" in text and "Kazakhstan’s Bloody January" in text
    assert "What People in Kazakhstan Think of the January Events Partner" in text
    for name in ["Aldiyar Auyezbek", "Kamila Kovyazina", "Serik Beissembayev"]:
        assert name in text

    program = text_of(page("/organizations/central-asia-program/"))
    assert (
        "Part of Institute for European, Russian and Eurasian Studies, "
        "The George Washington University" in program
    )
    assert "Karlygash Kabatova, Program Associate" in program

    ieres = page("/organizations/ieres/").content.decode()
    assert 'href="/organizations/central-asia-program/"' in ieres


def test_topic_page_joins_survey_results_to_events_and_speakers(page):
    text = text_of(page("/topics/freedom-from-torture/"))

    assert "Use of torture" in text and "71.6%" in text
    assert "Kazakhstan’s Bloody January" in text
    assert "Yevgeniy Zhovtis" in text


def test_topic_page_shows_its_place_in_the_thesaurus(page):
    text = text_of(page("/topics/internet-shutdowns/"))

    assert "Topics Human rights Freedom of expression" in text
    assert "Internet shutdown" in text and "43.2%" in text


def test_topic_list_is_the_thesaurus(page):
    text = text_of(page("/topics/"))

    assert text.index("Human rights") < text.index("Right to life") < text.index("Research themes")
    assert "Internet shutdowns" in text


def test_survey_page_shows_who_ran_it_and_the_methodology(page):
    text = text_of(page(SURVEY))

    assert (
        "Conducted by DEMOSCOPE Public Opinion Express Monitoring Bureau; PaperLab Research Center"
        in text
    )
    assert "Implemented by MediaNet International Centre of Journalism" in text
    assert "Funded by Konrad Adenauer Foundation" in text
    assert "Fieldwork 29 December 2022 to 14 January 2023" in text
    assert "Sample size 1,047 respondents" in text
    assert "Margin of error at most 3% at the 95% confidence level" in text
    assert "Response rate 12%" in text
    assert "Men 54.2%" in text and "Kazakh 39.7%" in text and "Russians 16.1%" in text


def test_survey_page_shows_every_figure_of_the_source_document(page):
    document = Path(settings.KENES_FIXTURES_DIR, "documents", "demoscope-january-events-survey.txt")
    figures = re.findall(r"(\d+(?:\.\d+)?)\s?%", document.read_text(encoding="utf-8"))
    text = text_of(page(SURVEY))

    assert len(figures) == 57
    missing = [f for f in figures if not re.search(rf"(?<![\d.]){re.escape(f)}%", text)]
    assert missing == []


def test_survey_page_draws_nets_with_parts_and_labels_multiple_choice_and_bounds(page):
    content = page(SURVEY).content.decode()
    text = text_of(page(SURVEY))

    assert (
        "Do not trust (total) net 53% of which Do not trust at all 30.8% "
        "of which Rather do not trust 22.2%" in text
    )
    assert "Multiple answers, shares do not sum to 100" in text
    assert "Incomplete topline" in text
    assert "less than 2%" in text
    assert "named, no figure given" in text
    assert '<rect class="bar__fill" x="0" y="0" width="71.1" height="10"/>' in content
    assert 'width="53" height="10"' in content


def test_survey_page_says_where_each_figure_comes_from(page):
    content = page(SURVEY).content.decode()

    assert content.count('<details class="provenance">') >= 12
    assert 'href="/documents/demoscope-january-events-survey/"' in content
    assert "71.1% of citizens disapprove of Tokayev’s order to shoot protesters to kill" in content


def test_survey_page_names_the_contact(page):
    assert 'href="/people/snezhana-tsoy/">Snezhana Tsoy</a>' in page(SURVEY).content.decode()


def test_lists_show_the_documents_rows(page):
    assert "Kazakhstan’s Bloody January" in text_of(page("/events/"))
    assert "Yevgeniy Zhovtis" in text_of(page("/people/"))
    assert "DEMOSCOPE Public Opinion Express Monitoring Bureau" in text_of(page("/organizations/"))
    assert "What People in Kazakhstan Think of the January Events" in text_of(page("/surveys/"))


def test_document_page_shows_the_text_and_what_was_taken_from_it(page):
    text = text_of(page("/documents/demoscope-january-events-survey/"))

    assert "71.1% of citizens disapprove" in text
    assert "Survey: What People in Kazakhstan Think of the January Events" in text


def test_event_description_markdown_is_rendered_and_sanitized(client, documents):
    from kb.models import Event

    Event.objects.filter(slug="kazakhstans-bloody-january-2023-12-07").update(
        description="**Bold claim** <script>alert(1)</script> [x](javascript:alert(1))"
    )

    content = client.get(EVENT).content.decode()

    assert "<strong>Bold claim</strong>" in content
    assert "alert(1)" not in content


@pytest.mark.parametrize(
    "viewname",
    [
        "kb:event-detail",
        "kb:person-detail",
        "kb:organization-detail",
        "kb:topic-detail",
        "kb:survey-detail",
        "kb:document-detail",
    ],
)
@pytest.mark.parametrize("prefix", ["/", "/kenes/"])
def test_record_links_are_the_url_resolvers_own(viewname, prefix):
    """Pages build record links without the resolver (kb.models.base.slug_url): same addresses,
    also when the site is served under a path prefix (SCRIPT_NAME)."""
    from django.urls import reverse, set_script_prefix

    from kb.models.base import slug_url

    set_script_prefix(prefix)
    try:
        assert slug_url(viewname, "kazakhstan_2022-x") == reverse(
            viewname, args=["kazakhstan_2022-x"]
        )
        assert slug_url(viewname, "x").startswith(prefix)
    finally:
        set_script_prefix("/")
