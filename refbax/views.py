import logging
import secrets

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig
from django.db import connection
from django.http import HttpResponse, HttpResponseNotFound, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.views import defaults
from django.views.decorators.http import require_safe

from articles.models import Article
from articles.search import MAX_RANKED
from articles.sitemaps import SITEMAPS
from articles.views import ArticleListView
from refbax.forms import SearchForm
from refbax.middleware import error_page
from site_settings.address import absolute_url

logger = logging.getLogger(__name__)


class HomeView(ArticleListView):
    """The featured article on the first page, then the latest ones."""

    template_name = "refbax/home.html"

    def get(self, request, *args, **kwargs):
        self.featured = Article.objects.published().for_cards().filter(featured=True).first()
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.featured:
            queryset = queryset.exclude(pk=self.featured.pk)
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["featured"] = self.featured if context["page_obj"].number == 1 else None
        return context


class SearchView(ArticleListView):
    template_name = "refbax/search.html"
    # Matches are counted up to this many: "more than 1000" is answer enough, and counting more costs.
    count_cap = MAX_RANKED

    def get_paginator(self, queryset, per_page, **kwargs):
        kwargs.update(count_cap=self.count_cap, known_count=self.match_count)
        return super().get_paginator(queryset, per_page, **kwargs)

    def get(self, request, *args, **kwargs):
        self.form = SearchForm(request.GET)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if not self.form.is_valid():
            self.match_count = 0
            return Article.objects.none()
        # The search has counted its matches (on PostgreSQL, to choose their order): not twice.
        queryset, self.match_count = super().get_queryset().search_and_count(self.form.cleaned_data["q"])
        return queryset

    def get_context_data(self, **kwargs):
        query = self.form.cleaned_data.get("q", "") if self.form.is_valid() else ""
        return super().get_context_data(form=self.form, query=query, **kwargs)


@require_safe
def robots_txt(request):
    """What crawlers may visit. The admin is not named: a moved ADMIN_URL is a secret kept from
    anyone who reads this file; its pages tell robots to keep out themselves (Django's admin
    templates carry a robots meta tag, and every page asks for a login)."""
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('search')}",
        f"Disallow: {reverse('articles:preview', args=[0]).rsplit('0/', 1)[0]}",
        "",
        f"Sitemap: {absolute_url(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def sitemap_index(request):
    """Django's sitemap index, but with locations on SITE_URL rather than on the request's host.

    Empty sections (no tag used yet, say) are left out rather than listed with no URL.
    """
    entries = []
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        if not sitemap.paginator.count:
            continue
        location = absolute_url(reverse("sitemap-section", kwargs={"section": section}))
        lastmod = sitemap.get_latest_lastmod()
        for page in sitemap.paginator.page_range:
            entries.append({"location": location if page == 1 else f"{location}?p={page}", "lastmod": lastmod})
    content = loader.render_to_string("refbax/sitemap_index.xml", {"sitemaps": entries})
    response = HttpResponse(content, content_type="application/xml; charset=utf-8")
    response["X-Robots-Tag"] = "noindex, noarchive"
    return response


@require_safe
def healthz(request):
    """For load balancers: 503 when this host cannot serve (no database), 200 otherwise.

    The cache is reported but does not fail the check: pages are served
    without it (rendered afresh), and it is shared, so a full or unreachable
    Redis would take every host out of the pool at once.
    """
    checks = {"database": _database_answers(), "cache": _cache_answers()}
    status = "ok" if all(checks.values()) else "degraded" if checks["database"] else "error"
    body = {"status": status} | {name: "ok" if up else "unavailable" for name, up in checks.items()}
    return JsonResponse(body, status=503 if status == "error" else 200, headers={"Cache-Control": "no-store"})


def _database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:
        return False


def _cache_answers():
    # The Redis cache swallows its errors, so only a round trip tells whether it is there.
    probe = secrets.token_hex(8)
    key = f"healthz:{probe}"
    try:
        cache.set(key, probe, timeout=10)
        answered = cache.get(key) == probe
        cache.delete(key)
        return answered
    except Exception:
        return False


def page_not_found(request, exception):
    try:
        return render(request, "404.html", status=404)
    except Exception:
        # The database or the cache the page's header reads is what fails: a plainer page, still an answer.
        logger.exception("404 page rendered without its request context")
        return HttpResponseNotFound(loader.render_to_string("404.html", {"SITE_URL": settings.SITE_URL}))


def bad_request(request, exception):
    """The 400 page; the 413 page when the form's text was over DATA_UPLOAD_MAX_MEMORY_SIZE.

    Django finds that out only as it reads the form and calls it a bad request: the
    reader must rather learn that it was too long, and that it was not kept.
    """
    if isinstance(exception, RequestDataTooBig):
        return error_page(413, headers={"Connection": "close"})
    return defaults.bad_request(request, exception)


def server_error(request):
    # No request context: its processors query the database, which may be what failed.
    return HttpResponseServerError(loader.render_to_string("500.html", {"SITE_URL": settings.SITE_URL}))
