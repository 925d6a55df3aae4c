"""The page cache for anonymous readers, and the HTTP caching headers that go with it.

A reader page is stored, once rendered, in the shared cache under a key that
holds the site's generation (pagecache/changes.py): after any change readers
could see, every page is rendered afresh. No page outlives the next scheduled
publication either, nor is one served by a release other than the one that
rendered it.

Only anonymous readers are served from it: a session, the commenter's cookie or
pending messages mean a page of one's own. What a client can vary at will
never reaches the key: the Host header is checked first, unknown query
parameters are left out, and a search is kept only within a budget.

A kept page is the same for every reader, so proxies and CDNs may keep it too
(`Cache-Control: public, s-maxage=PAGE_CACHE_PROXY_SECONDS`): it holds no
per-reader secret (the comment form has no CSRF token: comments/origin.py). A
page whose template asks for a CSRF token all the same is rendered with a random
placeholder there, gets the reader's own token at its places, and is not kept.
"""

import hashlib
import re
import secrets
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.csrf import get_token
from django.utils.http import parse_etags

from pagecache import changes
from pagecache.backends import CacheUnavailable

# Query parameters that change what a page shows, and the paths where they do; others
# (utm_source, fbclid, WordPress's ?p= on the home page…) are left out of the key, so they
# can neither miss the cache nor fill it.
KEYED_PARAMETERS = {
    "page": re.compile(r"/"),
    "q": re.compile(r"/search/$"),
    "p": re.compile(r"/sitemap-[-\w]+\.xml$"),
}
MAX_PARAMETER_LENGTH = {"page": 6, "q": 200, "p": 6}
# Parameters that make a page of one's own (the reply form under a comment): never cached.
PERSONAL_PARAMETERS = {"reply"}
# Headers set again on every answer, or that belong to one reader only.
UNSTORED_HEADERS = {"set-cookie", "content-length", "etag", "cache-control", "vary", "x-page-cache"}
STORED_TYPES = ("text/html", "application/rss+xml", "application/atom+xml", "application/xml", "text/plain")
PRIVATE_CACHE_CONTROL = "private, no-cache"


def public_cache_control():
    """Shared caches may keep the page N seconds, and serve it M seconds more while they fetch it again."""
    return (
        f"public, max-age=0, s-maxage={settings.PAGE_CACHE_PROXY_SECONDS}, "
        f"stale-while-revalidate={settings.PAGE_CACHE_PROXY_STALE_SECONDS}"
    )


def is_personal(request):
    cookies = request.COOKIES
    return any(
        name in cookies
        for name in (settings.SESSION_COOKIE_NAME, settings.COMMENTS_COOKIE_NAME, CookieStorage.cookie_name)
    )


def page_parameters(request):
    """The query parameters that select the page, or None when the page is not to be cached."""
    if request.method not in {"GET", "HEAD"} or is_personal(request):
        return None
    path = request.path
    if path.startswith(settings.PAGE_CACHE_EXCLUDED_PREFIXES):
        return None
    keyed = {}
    for name in request.GET:
        if name in PERSONAL_PARAMETERS:
            return None
        if name not in KEYED_PARAMETERS or not KEYED_PARAMETERS[name].match(path):
            continue
        values = request.GET.getlist(name)
        if len(values) > 1 or len(values[0]) > MAX_PARAMETER_LENGTH[name]:
            return None
        if name != "q" and not values[0].isdecimal():
            return None
        keyed[name] = values[0]
    return keyed


def _storable(response):
    return (
        response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith(STORED_TYPES)
        and set(response.cookies) <= {settings.CSRF_COOKIE_NAME}
        and "private" not in response.get("Cache-Control", "")
    )


def _within_search_budget():
    """Whether one more search page may be kept: PAGE_CACHE_SEARCH_PAGES per PAGE_CACHE_SECONDS at most.

    Distinct searches are endless; kept without a bound, a flood of them would
    push the site's pages out of the cache, or fill Redis.
    """
    # A counter living PAGE_CACHE_SECONDS from the first search it counts, as long as the pages it allows.
    key = "pagecache:search-budget"
    cache.add(key, 0, max(1, settings.PAGE_CACHE_SECONDS))
    try:
        return cache.incr(key) <= settings.PAGE_CACHE_SEARCH_PAGES
    except (ValueError, CacheUnavailable):
        return False


def _etag(content):
    return f'W/"{hashlib.sha256(content).hexdigest()[:32]}"'


def csrf_placeholder(request):
    """A context processor: the placeholder a page that may be kept is rendered with instead of a reader's token."""
    placeholder = getattr(request, "csrf_token_placeholder", None)
    return {"csrf_token": placeholder} if placeholder else {}


class PageCacheMiddleware:
    """Serve anonymous readers from the page cache; store what they may share; set HTTP caching headers.

    Sits inside the CSRF middleware (which sets the cookie of the token a kept
    page receives) and outside the rest, which a kept page does without.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        parameters = page_parameters(request)
        if parameters is None:
            with changes.request_scope():
                response = self.get_response(request)
            if is_personal(request) and "Cache-Control" not in response:
                response["Cache-Control"] = PRIVATE_CACHE_CONTROL
            return response

        request.get_host()  # a forged Host header gets its 400 here, before any kept page
        try:
            generation = changes.current_generation()
        except DatabaseError:
            # The database is away: the pages kept for the last generation read are still true.
            generation = changes.last_read_generation()
            if generation is None:
                return self.get_response(request)
        address = f"{request.path}?{urlencode(sorted(parameters.items()))}"
        key = f"pagecache:{generation}:{hashlib.sha256(address.encode()).hexdigest()}"
        entry = cache.get(key)
        if entry is not None:
            return self._answer(request, entry, hit=True)

        placeholder = request.csrf_token_placeholder = secrets.token_hex(32)
        with changes.request_scope(generation):
            response = self.get_response(request)
        if response.streaming:
            return response
        parts = response.content.split(placeholder.encode())
        if len(parts) > 1:
            # A template asked for the CSRF token: this reader's own, at its places; the page is theirs.
            response.content = get_token(request).encode().join(parts)
            response["Cache-Control"] = PRIVATE_CACHE_CONTROL
            return response
        if not _storable(response):
            return response
        entry = {
            "content": response.content,
            "headers": {name: value for name, value in response.items() if name.lower() not in UNSTORED_HEADERS},
            "etag": _etag(response.content),
        }
        timeout = changes.page_seconds(generation)
        if timeout >= 1 and ("q" not in parameters or _within_search_budget()):
            cache.set(key, entry, timeout)
        return self._answer(request, entry, hit=False)

    def _answer(self, request, entry, hit):
        if entry["etag"] in parse_etags(request.META.get("HTTP_IF_NONE_MATCH", "")):
            response = HttpResponseNotModified()
        else:
            response = HttpResponse(entry["content"], headers=entry["headers"])
            response["Content-Length"] = len(entry["content"])
        response["ETag"] = entry["etag"]
        response["Cache-Control"] = public_cache_control()
        # The page is another for a reader with a session or the commenter's cookie (never kept for them).
        response["Vary"] = "Cookie"
        response["X-Page-Cache"] = "hit" if hit else "miss"
        return response
