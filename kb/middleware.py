"""Middleware of Kenes's own."""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger("kb.unavailable")

RETRY_AFTER_SECONDS = 30
MESSAGE = _("Kenes cannot reach its database just now. Please try again in a few minutes.")


class DatabaseUnavailableMiddleware:
    """A database that does not answer gives a 503 in the site's design, not a stack trace.

    The page is rendered without the request (no context processors), so it needs no database
    itself; the API answers in JSON. Programming errors that happen to be OperationalErrors (a
    missing table) are answered the same way and logged with their trace for the operator.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("Database unavailable on %s", request.path, exc_info=exception)
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": str(MESSAGE)}, status=503)
        else:
            try:
                body = render_to_string("503.html", {"message": MESSAGE})
            except Exception:  # the page itself must never fail: fall back to plain text
                logger.exception("The 503 page could not be rendered")
                body = str(MESSAGE)
            response = HttpResponse(body, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response


def client_address(request) -> str:
    """The visitor's address, for the login lock-out (django-axes' AXES_CLIENT_IP_CALLABLE).

    Behind KENES_TRUSTED_PROXY_COUNT proxies every request comes from the nearest proxy; each
    proxy appends the address it saw to X-Forwarded-For, so the visitor is that many entries
    from the right. What stands further left the client wrote itself and is not trusted. The
    API's throttle counts by the same rule (REST_FRAMEWORK["NUM_PROXIES"]).
    """
    count = settings.KENES_TRUSTED_PROXY_COUNT
    if count:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-min(count, len(hops))]
    return request.META.get("REMOTE_ADDR", "")
