"""Django's JSON serialization with whole microseconds (SERIALIZATION_MODULES["json"]).

Django's encoder cuts times to milliseconds (ECMA-262's dates), so a backup restored would
change every `updated_at` (an Atom feed's <updated>, the API's timestamps). ISO 8601 with
microseconds reads back through the same deserializer. A file that is not JSON says where
(Django's own error has no message: `manage.py loaddata` printed none).
"""

import datetime
import json

from django.core.serializers import json as django_json
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder

__all__ = ["Deserializer", "Serializer"]


class PreciseJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(django_json.Serializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = PreciseJSONEncoder


class Deserializer(django_json.Deserializer):
    def __init__(self, stream_or_string, **options):
        try:
            super().__init__(stream_or_string, **options)
        except DeserializationError as exc:
            if str(exc) or exc.__cause__ is None:
                raise
            raise DeserializationError(json_error_reason(exc.__cause__)) from exc.__cause__


def json_error_reason(exc: BaseException) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"not valid JSON (cut short?): {exc.msg} at line {exc.lineno} column {exc.colno}"
    return str(exc)
