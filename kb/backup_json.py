"""Django's JSON serialization with whole microseconds (SERIALIZATION_MODULES["json"]).

Django's encoder cuts times to milliseconds (ECMA-262's dates), so a backup restored would
change every `updated_at` (an Atom feed's <updated>, the API's timestamps). ISO 8601 with
microseconds reads back through the same deserializer.
"""

import datetime

from django.core.serializers import json as django_json
from django.core.serializers.json import Deserializer, DjangoJSONEncoder

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
