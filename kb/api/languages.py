"""The API's language: `?lang=ru` or the Accept-Language header; English otherwise.

The records' translated fields (kb/translation.py) come in that language, English where nobody has
translated them yet; the response says which language it served in its Content-Language header and
its `language` field. Unprefixed like the rest of the API (README, "Languages").
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError

CODES = [code for code, _ in settings.LANGUAGES]
PARAM = "lang"

LANG_PARAMETER = OpenApiParameter(
    PARAM,
    OpenApiTypes.STR,
    enum=CODES,
    description=(
        "The language of the records' text (titles, names, summaries, question wording, option "
        "labels). Without it, the Accept-Language header chooses; English by default. A field "
        "not yet translated comes in English. The response's Content-Language header and "
        "`language` field say which language was served."
    ),
)


def requested_language(request) -> str:
    """`?lang=` if given (a 400 if not one of Kenes's), else the best Accept-Language match."""
    asked = request.GET.get(PARAM)
    if asked is not None:
        if asked not in CODES:
            raise ValidationError({PARAM: [f"Unknown language. Known: {', '.join(CODES)}."]})
        return asked
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        base = code.split("-")[0].lower()
        if base in CODES:
            return base
    return settings.LANGUAGE_CODE


class LanguageMixin:
    """A viewset that serves its records in the requested language and says which."""

    def initial(self, request, *args, **kwargs):
        self.served_language = requested_language(request)
        translation.activate(self.served_language)
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        language = getattr(self, "served_language", settings.LANGUAGE_CODE)
        response["Content-Language"] = language
        vary = response.get("Vary")
        response["Vary"] = f"{vary}, Accept-Language" if vary else "Accept-Language"
        if isinstance(getattr(response, "data", None), dict) and response.status_code < 400:
            response.data["language"] = language
        return response
