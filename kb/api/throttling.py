"""The API's anonymous rate limit, counted where every worker of the site counts."""

from django.core.cache import caches
from rest_framework.throttling import AnonRateThrottle


class SharedAnonRateThrottle(AnonRateThrottle):
    """DRF's anonymous throttle on the "throttle" cache (config/settings.py): Redis when
    CACHE_URL is set, else files under var/ that the workers of one server share. DRF's own
    default, the process's memory, let each worker allow the full rate."""

    @property
    def cache(self):
        return caches["throttle"]
