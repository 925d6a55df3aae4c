"""Old addresses answered with a permanent redirect, from the Redirect table editors keep in the admin.

The table is consulted only where the site has nothing to show: after a 404
(RedirectFallbackMiddleware), and for WordPress's ?p=123 and ?page_id=123 links,
whose parameters no Refbax page reads (IdRedirectMiddleware, in front of the page
cache, which leaves those parameters out of its keys). A redirect therefore never
hides a page of the site, /feed/ included, and ordinary requests cost no query.
A 404 with no redirect is counted in the 404 log (redirects/not_found.py), in
memory and written in batches.
"""

import logging

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponsePermanentRedirect
from django.urls import is_valid_path

from redirects import not_found
from redirects.models import Redirect

# The query parameters of WordPress's "plain" links, which stay in old links and search engines.
ID_PARAMETERS = ("p", "page_id")


def id_paths(path, query):
    """'/', {'p': '12'} -> ['/?p=12']: the keys under which the import stored ?p= links."""
    ids = {name: query.get(name, "") for name in ID_PARAMETERS}
    return [f"{path}?{name}={value}" for name, value in ids.items() if value.isdecimal() and len(value) < 20]


MAX_PATH_LENGTH = Redirect._meta.get_field("old_path").max_length


def path_variants(path):
    """The path with and without its trailing slash, as people type and old sites wrote them."""
    if len(path) > MAX_PATH_LENGTH:
        return []  # no redirect is that long: no query either
    other = path[:-1] if path.endswith("/") else f"{path}/"
    return [path, other] if other else [path]


logger = logging.getLogger(__name__)


def find_redirect(candidates):
    """(old path, target) of the first candidate that has a redirect, or None (also while the database is away)."""
    if not candidates:
        return None
    try:
        found = dict(Redirect.objects.filter(old_path__in=candidates).values_list("old_path", "new_path"))
    except DatabaseError as error:
        logger.warning("redirects unreadable, database unavailable: %s", error)
        return None
    for candidate in candidates:
        if candidate in found:
            return candidate, found[candidate]
    return None


# The feeds under a category, tag or author page follow their page when it is renamed.
FEED_SUFFIXES = ("feed/atom/", "feed/")


def redirect_for(path):
    """(old path, target) of the redirect that answers `path`, or None.

    The path itself, with or without its slash; else, for a feed, its page's
    redirect with the feed's end kept: /tag/old/feed/ -> /tag/new/feed/.
    """
    if match := find_redirect(path_variants(path)):
        return match
    for suffix in FEED_SUFFIXES:
        if path.endswith(f"/{suffix}") and len(path) <= MAX_PATH_LENGTH:
            page = path.removesuffix(suffix)
            match = find_redirect([page])
            if match and match[1].startswith("/") and match[1].endswith("/"):
                return path, match[1] + suffix
            return None
    return None


def _redirect(request, old_path, target):
    # Campaign parameters (?utm_source=…) follow a plain path; an id link's query is used up.
    query = request.META.get("QUERY_STRING", "")
    if query and "?" not in old_path and "?" not in target:
        target = f"{target}?{query}"
    return HttpResponsePermanentRedirect(target)


class IdRedirectMiddleware:
    """Place before the page cache: /?p=123 is answered by its redirect, not by the kept home page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        has_query = bool(request.META.get("QUERY_STRING"))
        if (
            has_query
            and request.method in {"GET", "HEAD"}
            and (match := find_redirect(id_paths(request.path, request.GET)))
        ):
            return _redirect(request, *match)
        return self.get_response(request)


class RedirectFallbackMiddleware:
    """Place last in MIDDLEWARE: it must see the view's own 404 before CommonMiddleware adds a slash."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in {"GET", "HEAD"} or response.status_code != 404:
            return response
        if match := redirect_for(request.path):
            return _redirect(request, *match)
        if not _slash_to_append(request) and not request.path.startswith(f"/{settings.ADMIN_URL}"):
            not_found.record(request)
        return response


def _slash_to_append(request):
    """Whether CommonMiddleware will answer this 404 with a redirect to the path and a slash (no 404 then)."""
    path = request.path_info
    if not settings.APPEND_SLASH or path.endswith("/"):
        return False
    return is_valid_path(f"{path}/", getattr(request, "urlconf", None))
