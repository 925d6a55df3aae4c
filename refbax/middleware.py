"""Site-wide request guards and headers that Django does not ship."""

import logging

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.template.defaultfilters import filesizeformat

logger = logging.getLogger(__name__)


def _has_null_byte(request):
    """Whether the path, the query or a header (cookies included) holds a NUL character.

    No browser sends one, and PostgreSQL refuses it in any text: it is refused
    here once, rather than as a 500 wherever such text would reach a query.
    """
    if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
        return True
    return any("\x00" in value for name, value in request.META.items() if name.startswith("HTTP_"))


class RequestGuardMiddleware:
    """Refuse what the site cannot read, before anything reads it.

    413 for a body announced over MAX_REQUEST_BODY_BYTES (before it is read),
    400 for an unreadable length or a NUL character anywhere in the request line,
    cookies or headers. (Form fields over DATA_UPLOAD_MAX_MEMORY_SIZE, which Django
    finds only as it reads them, get the same 413 page from refbax.views.bad_request.)
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return error_page(400)
        if length > settings.MAX_REQUEST_BODY_BYTES:
            return error_page(413, headers={"Connection": "close"})
        if _has_null_byte(request):
            return error_page(400)
        return self.get_response(request)


def error_page(status, headers=None):
    """The French page of an error status, rendered without the database or the cache."""
    # No request context: its processors read the database and the cache, which need not be asked.
    context = {
        "SITE_URL": settings.SITE_URL,
        "image_limit": filesizeformat(settings.MAX_IMAGE_UPLOAD_BYTES),
        "text_limit": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE),
    }
    content = loader.render_to_string(f"{status}.html", context)
    return HttpResponse(content, status=status, headers=headers)


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
        return error_page(503, headers={"Retry-After": "30"})


def _is_connection_error(exception: DatabaseError) -> bool:
    # An OperationalError can also be a failed query (a lock timeout, say); only
    # "cannot reach the server" deserves the maintenance page.
    text = str(exception).lower()
    markers = ("connect", "connection", "server closed", "terminating", "could not translate host", "unable to open")
    return any(marker in text for marker in markers)
