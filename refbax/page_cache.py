"""The page cache for anonymous readers, and the HTTP caching headers that go with it.

A reader page is stored, once rendered, in the cache backend (Redis in
production) under a key that holds the site's *generation*: any change that
readers could see (an article, a comment approved or removed, an author, a
category, a tag, the site settings) moves the generation on, so that every
page is rendered afresh after it. No page outlives the next scheduled
publication either: entries expire when it is due, without a cron job. Nor is
a page served by a release other than the one that rendered it (a deploy).

Only the requests of anonymous readers are served from it: a session, the
commenter's cookie or pending messages mean a page of one's own. The CSRF
token is never shared: it is cut out of the stored page and a fresh one, for
the reader at hand, is put back in each time the page is served.
"""

import functools
import hashlib
import re
import secrets
from datetime import timedelta
from pathlib import Path

import django
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.http import parse_etags

GENERATION_KEY = "pagecache:generation"
# What a deploy can change in a rendered page (see release()).
RELEASE_FOLDERS = ("articles", "comments", "media_library", "refbax", "templates", "locale")
RELEASE_SUFFIXES = {".py", ".html", ".mo"}
CSRF_PLACEHOLDER = "__refbax_csrf_token__"
CSRF_INPUT_RE = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
# Query parameters that change what a page shows. Others (utm_source, fbclid…) change nothing:
# they are left out of the key, so they can neither miss the cache nor fill it.
KEYED_PARAMETERS = {"page", "q"}
# Parameters that make a page of one's own (the reply form under a comment): never cached.
PERSONAL_PARAMETERS = {"reply"}
# Headers set again on every answer, or that belong to one reader only.
UNSTORED_HEADERS = {"set-cookie", "content-length", "etag", "cache-control", "vary", "x-page-cache"}
STORED_TYPES = ("text/html", "application/rss+xml", "application/atom+xml", "application/xml", "text/plain")
PUBLIC_CACHE_CONTROL = "public, max-age=0, s-maxage=60, stale-while-revalidate=300"
PRIVATE_CACHE_CONTROL = "private, no-cache"


def invalidate():
    """Move the generation on: every page is rendered afresh.

    Now, and again once the transaction commits: a page rendered in between
    from the data not yet committed is stored under a generation left behind.
    """
    _next_generation()
    transaction.on_commit(_next_generation)


def _next_generation():
    # A new random value rather than incr(): it works on an empty cache and with Redis gone.
    cache.set(GENERATION_KEY, secrets.token_hex(8), None)


def _invalidate_on_signal(sender, **kwargs):
    invalidate()


def connect_invalidation():
    """Every change readers could see moves the generation on (called once, from the app config)."""
    from django.db.models.signals import post_delete, post_save
    from taggit.models import Tag

    from articles.models import Article, Author, Category, TaggedArticle
    from comments.models import Comment
    from refbax.models import SiteSettings

    for model in (Article, Author, Category, TaggedArticle, Tag, SiteSettings):
        post_save.connect(_invalidate_on_signal, sender=model, dispatch_uid=f"pagecache-save-{model.__name__}")
        post_delete.connect(_invalidate_on_signal, sender=model, dispatch_uid=f"pagecache-delete-{model.__name__}")
    # Comments change pages only when approved ones come or go: see comments.models.update_comment_count.
    post_delete.connect(_invalidate_on_signal, sender=Comment, dispatch_uid="pagecache-delete-Comment")


def current_generation():
    """The current generation of the site's content (see invalidate()), as this release renders it."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = secrets.token_hex(8)
        if not cache.add(GENERATION_KEY, generation, None):
            generation = cache.get(GENERATION_KEY) or generation
    return f"{generation}.{release()}"


@functools.cache
def release():
    """A fingerprint of the code, templates, translations and static files this process serves.

    Part of every key, so that after a deploy no page rendered by the previous
    release (its markup, and the hashed names of its static files, gone since)
    is served again, while servers of either release share the same generation.
    """
    digest = hashlib.sha256(django.get_version().encode())
    for folder in RELEASE_FOLDERS:
        for path in sorted((settings.BASE_DIR / folder).rglob("*")):
            if path.suffix in RELEASE_SUFFIXES and path.is_file():
                digest.update(path.relative_to(settings.BASE_DIR).as_posix().encode())
                digest.update(path.read_bytes())
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.is_file():
        digest.update(manifest.read_bytes())
    return digest.hexdigest()[:12]


def seconds_until_next_publication(generation):
    """Seconds until the next scheduled article is due (capped), remembered per generation."""
    key = f"pagecache:next:{generation}"
    due = cache.get(key)
    if due is None:
        from articles.models import Article  # its models import this module

        upcoming = Article.objects.scheduled().order_by("published_at").values_list("published_at", flat=True)
        due = upcoming.first() or timezone.now() + timedelta(days=365)
        cache.set(key, due, settings.PAGE_CACHE_SECONDS)
    return (due - timezone.now()).total_seconds()


def fragment_seconds(generation):
    """How long a fragment shared by all readers may be kept (0: not at all), as whole pages."""
    if settings.PAGE_CACHE_SECONDS <= 0:
        return 0
    return max(0, int(min(settings.PAGE_CACHE_SECONDS, seconds_until_next_publication(generation))))


def is_personal(request):
    cookies = request.COOKIES
    return any(
        name in cookies
        for name in (settings.SESSION_COOKIE_NAME, settings.COMMENTS_COOKIE_NAME, CookieStorage.cookie_name)
    )


def cache_key(request, generation):
    """The page's key: its path and the parameters that matter, never anything a client can vary at will."""
    if request.method not in {"GET", "HEAD"} or is_personal(request):
        return None
    path = request.path
    if path.startswith(settings.PAGE_CACHE_EXCLUDED_PREFIXES):
        return None
    if PERSONAL_PARAMETERS & set(request.GET):
        return None
    if any(len(request.GET.getlist(name)) > 1 for name in KEYED_PARAMETERS):
        return None
    page = request.GET.get("page")
    if page is not None and not (page.isdecimal() and len(page) < 7):
        return None
    query = request.GET.get("q")
    if query is not None and (path != "/search/" or len(query) > 200):
        return None
    digest = hashlib.sha256(f"{path}?page={page}&q={query}".encode()).hexdigest()
    return f"pagecache:{generation}:{digest}"


def _storable(request, response):
    content_type = response.get("Content-Type", "")
    return (
        response.status_code == 200
        and not response.streaming
        and content_type.startswith(STORED_TYPES)
        and set(response.cookies) <= {settings.CSRF_COOKIE_NAME}
        and "private" not in response.get("Cache-Control", "")
    )


def _etag(content):
    return f'W/"{hashlib.sha256(content).hexdigest()[:32]}"'


def _not_modified(request, etag):
    return etag in parse_etags(request.META.get("HTTP_IF_NONE_MATCH", ""))


class PageCacheMiddleware:
    """Serve anonymous readers from the page cache; store what they may share; set HTTP caching headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        generation = current_generation()
        key = cache_key(request, generation)
        if key is None:
            response = self.get_response(request)
            if is_personal(request) and "Cache-Control" not in response:
                response["Cache-Control"] = PRIVATE_CACHE_CONTROL
            return response

        entry = cache.get(key)
        if entry is not None:
            return self._from_entry(request, entry, hit=True)

        response = self.get_response(request)
        if settings.PAGE_CACHE_SECONDS <= 0 or not _storable(request, response):
            return response
        content = CSRF_INPUT_RE.sub(rf"\g<1>{CSRF_PLACEHOLDER}\g<2>", response.content.decode()).encode()
        parts = content.split(CSRF_PLACEHOLDER.encode())
        entry = {
            # The page around the places of the CSRF token, if it holds any.
            "parts": parts,
            "headers": {name: value for name, value in response.items() if name.lower() not in UNSTORED_HEADERS},
            "etag": _etag(content),
            # A page carrying a token of its reader's: browsers may keep it, shared proxies may not.
            "cache_control": PRIVATE_CACHE_CONTROL if len(parts) > 1 else PUBLIC_CACHE_CONTROL,
        }
        timeout = min(settings.PAGE_CACHE_SECONDS, seconds_until_next_publication(generation))
        if timeout >= 1:
            cache.set(key, entry, int(timeout))
        return self._from_entry(request, entry, hit=False)

    def _from_entry(self, request, entry, hit):
        if _not_modified(request, entry["etag"]):
            response = HttpResponseNotModified()
        else:
            parts = entry["parts"]
            # This reader's own token (and cookie, set by the CSRF middleware on the way out).
            content = get_token(request).encode().join(parts) if len(parts) > 1 else parts[0]
            response = HttpResponse(content, headers=entry["headers"])
            response["Content-Length"] = len(content)
        response["ETag"] = entry["etag"]
        response["Cache-Control"] = entry["cache_control"]
        response["X-Page-Cache"] = "hit" if hit else "miss"
        return response
