"""The PostgreSQL backend's query compiler: the tsquery each query form becomes."""

import pytest
from django.db import connection

from kb.search.backends.postgres.compiler import Compiler, loosen
from kb.search.models import SearchKey
from kb.search.query import parse


@pytest.fixture
def vocabulary(db):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL backend: the database is not PostgreSQL (set DATABASE_URL)")
    SearchKey.objects.bulk_create(
        SearchKey(field=field, word=word)
        for field, word in [
            ("n", "kabatova"),
            ("p", "kabatova"),
            ("n", "abatova"),  # another first letter
            ("n", "kabatovaa"),  # two edits from a seven-letter key, which allows one
            ("p", "zhovtis"),
            ("p", "iovtis"),  # Zhovtis folded: zh as j, then i
            ("n", "police"),
            ("n", "violence"),
        ]
    )


def compiled(q, **filters):
    return Compiler().compile(parse(q), filters)


def test_loosening_drops_phrase_order_and_field_weights_and_keeps_prefixes():
    assert loosen("'freedom' <2> 'tortur' & 'a' <-> 'b':C & 'c':*AB") == (
        "'freedom' & 'tortur' & 'a' & 'b' & 'c':*"
    )


def test_a_misspelt_name_becomes_the_vocabulary_words_within_its_edits(vocabulary):
    query = compiled("Kabatva").query
    # The misspelling itself is in no record's names (the vocabulary lacks it): left out.
    expected = "(('kabatva') | 'namxkabatova' | 'pplxkabatova' | 'txtxkabatva')"
    assert query.exact == query.index == expected


def test_keys_no_record_holds_are_left_out_of_the_query_and_the_ranking(vocabulary):
    result = compiled("torture")
    # Neither a record's names nor its people hold "torture"; its texts' keys are not all in
    # the vocabulary (only long words are), so that one stays.
    assert result.query.exact == "(('tortur') | 'txtxtorture')"
    assert result.rank == "('tortur')"
    phrase = compiled('"police violence"')
    # The names hold both words, no person's name does.
    assert phrase.query.exact == (
        "(('polic' <-> 'violenc') | ('namxpolice' <-> 'namxviolence') | "
        "('txtxpolice' <-> 'txtxviolence'))"
    )
    assert phrase.rank == "(('polic' <-> 'violenc') | ('namxpolice' <-> 'namxviolence'))"


def test_a_person_no_record_holds_matches_nothing_rather_than_everything(vocabulary):
    result = compiled("person:nobodyknown topic:torture")
    assert result.query.exact == "('~none' & ('tortur':C))"
    assert result.rank == "('tortur':C)"


def test_an_excluded_phrase_is_left_to_the_exact_check(vocabulary):
    query = compiled('torture -"police violence"').query
    assert query.exact == (
        "((('tortur') | 'txtxtorture') & !(('polic' <-> 'violenc') | "
        "('namxpolice' <-> 'namxviolence') | ('txtxpolice' <-> 'txtxviolence')))"
    )
    assert query.index == "(('tortur') | 'txtxtorture')"


def test_fields_and_filters_are_lexemes_of_the_one_query(vocabulary):
    result = compiled("type:question year:2022..2023", org="paperlab")
    expected = "('~type:question' & ('~year:2022' | '~year:2023') & '~org:paperlab')"
    assert result.query.exact == result.query.index == expected
    assert result.rank == ""
    person = compiled("person:zhovtys topic:torture")
    assert person.query.exact == "('pplxiovtis' & ('tortur':C))"  # zh folded as j, then i
    assert person.query.index == "('pplxiovtis' & ('tortur'))"
    # The person's own record (the key among its names) ranks before their events.
    assert person.rank == "('pplxiovtis' | ('tortur':C))"  # no record's own name is his


def test_only_stop_words_or_only_exclusions_require_nothing(vocabulary):
    # A stop word typed in lower case is no name either; capitalised it may be one.
    assert compiled("the").query is None
    assert compiled("The").query.exact == "'txtxthe'"
    assert compiled("-torture").query is None
