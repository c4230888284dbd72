"""The interface's message catalogues (locale/<language>/LC_MESSAGES/django.po and .mo).

Babel does the work, in pure Python: Django's makemessages and compilemessages call GNU
gettext's programs, which a fresh machine does not have. `manage.py update_catalogues` gathers
every translatable string of the code (kb/, Python), the public templates (jinja2/, Jinja2's own
extractor) and the admin's templates (templates/, `{% translate "..." %}`) into each language's
.po, keeping what is translated; `manage.py compile_catalogues` writes the .mo files Django
reads. Both .po and .mo are in git, so a checkout serves every language as it is; a test
(tests/test_catalogues.py) fails when a string is untranslated or fuzzy, or a .mo is not its
.po's.
"""

import io
import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from django.conf import settings

DOMAIN = "django"
# The admin's scripts' strings (calendar, time and selector widgets) that Django's own Kazakh
# catalogue leaves untranslated: read from kb/admin/django_js_strings.py alone, with keywords
# of their own so they stay out of the "django" domain.
JS_DOMAIN = "djangojs"
JS_SOURCE = ("kb/admin", [("django_js_strings.py", "python")])
JS_KEYWORDS = {"js_gettext": None, "js_ngettext": (1, 2), "js_pgettext": ((1, "c"), 2)}
DOMAINS = (DOMAIN, JS_DOMAIN)
# Every language but the source one (English, the msgids themselves).
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
KEYWORDS = {
    **DEFAULT_KEYWORDS,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext_noop": (1, 2),  # kb/admin/django_strings.py
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext_lazy": ((1, "c"), 2, 3),
}
SOURCES = [
    # (folder under BASE_DIR, babel's method map)
    ("kb", [("**.py", "python")]),
    ("config", [("**.py", "python")]),
    ("jinja2", [("**.html", "jinja2")]),
    ("templates", [("**.html", "kb.catalogues:extract_django_template")]),
]
JINJA2_OPTIONS = {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true"}
DJANGO_TRANSLATE = re.compile(r"""{%\s*(?:translate|trans)\s+"([^"]+)"\s*%}""")
DJANGO_BLOCK = re.compile(r"{%\s*blocktranslate\b[^%]*%}(.*?){%\s*endblocktranslate\s*%}", re.S)
DJANGO_PLURAL = re.compile(r"{%\s*plural\s*%}")
DJANGO_VARIABLE = re.compile(r"{{\s*(\w+)\s*}}")


def extract_django_template(fileobj, keywords, comment_tags, options):
    """The admin overrides' `{% translate "..." %}` and `{% blocktranslate %}` strings (Babel
    reads no Django templates); a block's `{{ name }}` becomes `%(name)s`, as Django reads it."""
    text = fileobj.read().decode("utf-8")
    for match in DJANGO_TRANSLATE.finditer(text):
        yield text.count("\n", 0, match.start()) + 1, "gettext", match.group(1), []
    for match in DJANGO_BLOCK.finditer(text):
        parts = [
            DJANGO_VARIABLE.sub(r"%(\1)s", part.replace("%", "%%"))
            for part in DJANGO_PLURAL.split(match.group(1))
        ]
        line = text.count("\n", 0, match.start()) + 1
        if len(parts) == 2:
            yield line, "ngettext", tuple(parts), []
        else:
            yield line, "gettext", parts[0], []


def locale_dir() -> Path:
    return Path(settings.LOCALE_PATHS[0])


def po_path(language: str, domain: str = DOMAIN) -> Path:
    return locale_dir() / language / "LC_MESSAGES" / f"{domain}.po"


def extract(domain: str = DOMAIN) -> Catalog:
    """Every translatable string of the code and the templates (of the admin's scripts, for
    JS_DOMAIN), as a template catalogue."""
    template = Catalog(project="Kenes", domain=domain, charset="utf-8")
    base = Path(settings.BASE_DIR)
    sources, keywords = (SOURCES, KEYWORDS) if domain == DOMAIN else ([JS_SOURCE], JS_KEYWORDS)
    for folder, method_map in sources:
        options = {"**.html": JINJA2_OPTIONS} if folder == "jinja2" else {}
        for filename, lineno, message, comments, context in extract_from_dir(
            base / folder, method_map, options_map=options, keywords=keywords
        ):
            template.add(
                message,
                locations=[(f"{folder}/{filename}", lineno)],
                auto_comments=comments,
                context=context,
            )
    return template


def read(language: str, domain: str = DOMAIN) -> Catalog:
    with po_path(language, domain).open("rb") as handle:
        return read_po(handle, locale=language, domain=domain)


def update(language: str, template: Catalog) -> Catalog:
    """The language's .po brought up to the code's strings; translations kept, none invented."""
    domain = template.domain or DOMAIN
    path = po_path(language, domain)
    if path.exists():
        catalog = read(language, domain)
        template.creation_date = catalog.creation_date  # a header that changes only with content
    else:
        catalog = Catalog(locale=language, domain=domain, project="Kenes", charset="utf-8")
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        # No source locations: they would change with every edit of the code around a string.
        write_po(handle, catalog, width=100, sort_output=True, no_location=True)
    return catalog


def mo_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def compile_all() -> list[Path]:
    """Writes each language's .mo from its .po; returns the files written."""
    written = []
    for domain in DOMAINS:
        for language in LANGUAGES:
            mo = po_path(language, domain).with_suffix(".mo")
            mo.write_bytes(mo_bytes(read(language, domain)))
            written.append(mo)
    return written
