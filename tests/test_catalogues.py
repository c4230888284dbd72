"""The Russian and Kazakh catalogues (kb/catalogues.py) are complete and compiled as they stand."""

import gettext
import io

import pytest

from kb import catalogues


@pytest.mark.parametrize("domain", catalogues.DOMAINS)
@pytest.mark.parametrize("language", catalogues.LANGUAGES)
def test_every_string_of_the_code_is_in_the_catalogue(language, domain):
    code_strings = {(m.context, m.id) for m in catalogues.extract(domain) if m.id}
    in_catalogue = {(m.context, m.id) for m in catalogues.read(language, domain) if m.id}

    missing = sorted(str(key) for key in code_strings - in_catalogue)
    assert missing == [], "run `manage.py update_catalogues`, then translate"


@pytest.mark.parametrize("domain", catalogues.DOMAINS)
@pytest.mark.parametrize("language", catalogues.LANGUAGES)
def test_every_entry_is_translated_and_none_is_fuzzy(language, domain):
    catalog = catalogues.read(language, domain)

    untranslated = [
        m.id
        for m in catalog
        if m.id and (m.fuzzy or not (all(m.string) if isinstance(m.id, tuple) else m.string))
    ]
    assert untranslated == []


@pytest.mark.parametrize("domain", catalogues.DOMAINS)
@pytest.mark.parametrize("language", catalogues.LANGUAGES)
def test_the_compiled_catalogue_is_the_po_files(language, domain):
    """The .mo in git says what the .po says (run `manage.py compile_catalogues` after editing)."""
    path = catalogues.po_path(language, domain).with_suffix(".mo")
    with path.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    catalog = catalogues.read(language, domain)
    expected = gettext.GNUTranslations(io.BytesIO(catalogues.mo_bytes(catalog)))

    assert compiled._catalog == expected._catalog
