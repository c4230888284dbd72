"""The Russian and Kazakh catalogues (kb/catalogues.py) are complete and compiled as they stand."""

import gettext
import io

import pytest

from kb import catalogues


@pytest.fixture(scope="module")
def code_strings():
    return {(message.context, message.id) for message in catalogues.extract() if message.id}


@pytest.mark.parametrize("language", catalogues.LANGUAGES)
def test_every_string_of_the_code_is_in_the_catalogue(language, code_strings):
    in_catalogue = {(m.context, m.id) for m in catalogues.read(language) if m.id}

    missing = sorted(str(key) for key in code_strings - in_catalogue)
    assert missing == [], "run `manage.py update_catalogues`, then translate"


@pytest.mark.parametrize("language", catalogues.LANGUAGES)
def test_every_entry_is_translated_and_none_is_fuzzy(language):
    catalog = catalogues.read(language)

    untranslated = [
        m.id
        for m in catalog
        if m.id and (m.fuzzy or not (all(m.string) if isinstance(m.id, tuple) else m.string))
    ]
    assert untranslated == []


@pytest.mark.parametrize("language", catalogues.LANGUAGES)
def test_the_compiled_catalogue_is_the_po_files(language):
    """The .mo in git says what the .po says (run `manage.py compile_catalogues` after editing)."""
    path = catalogues.po_path(language).with_suffix(".mo")
    with path.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    expected = gettext.GNUTranslations(io.BytesIO(catalogues.mo_bytes(catalogues.read(language))))

    assert compiled._catalog == expected._catalog
