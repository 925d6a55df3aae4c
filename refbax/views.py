from django.conf import settings
from django.db import connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.views.decorators.http import require_GET

from articles.models import Article
from articles.views import ArticleListView
from refbax.forms import SearchForm


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

    def get(self, request, *args, **kwargs):
        self.form = SearchForm(request.GET)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if not self.form.is_valid():
            return Article.objects.none()
        return super().get_queryset().search(self.form.cleaned_data["q"])

    def get_context_data(self, **kwargs):
        query = self.form.cleaned_data.get("q", "") if self.form.is_valid() else ""
        return super().get_context_data(form=self.form, query=query, **kwargs)


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        f"Disallow: {reverse('search')}",
        f"Disallow: {reverse('articles:preview', args=[0]).rsplit('0/', 1)[0]}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def healthz(request):
    """200 when the database answers, 503 otherwise; for load balancers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # No request context: its processors query the database, which may be what failed.
    return HttpResponseServerError(loader.render_to_string("500.html", {"SITE_URL": settings.SITE_URL}))
