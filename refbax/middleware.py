"""Site-wide request guards and headers that Django does not ship."""

import logging

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

logger = logging.getLogger(__name__)


class RequestSizeLimitMiddleware:
    """Refuse with 413 any request announcing a body over MAX_REQUEST_BODY_BYTES, before it is read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponse(status=400)
        if length > settings.MAX_REQUEST_BODY_BYTES:
            return HttpResponse(
                loader.render_to_string("413.html", {"SITE_URL": settings.SITE_URL}),
                status=413,
                headers={"Connection": "close"},
            )
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class DatabaseUnavailableMiddleware:
    """A 503 page, not a stack trace, while the database cannot be reached."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)) or not _is_connection_error(exception):
            return None
        logger.error("database unavailable: %s", exception)
        return HttpResponse(
            loader.render_to_string("503.html", {"SITE_URL": settings.SITE_URL}),
            status=503,
            headers={"Retry-After": "30"},
        )


def _is_connection_error(exception: DatabaseError) -> bool:
    # An OperationalError can also be a failed query (a lock timeout, say); only
    # "cannot reach the server" deserves the maintenance page.
    text = str(exception).lower()
    markers = ("connect", "connection", "server closed", "terminating", "could not translate host", "unable to open")
    return any(marker in text for marker in markers)
