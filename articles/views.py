from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.generic import ListView
from taggit.models import Tag

from articles.models import Article, Author, Category
from articles.pagination import ArticlePaginator
from articles.share import share_links
from articles.slugs import unique_slug
from pagecache import changes
from site_settings.address import absolute_url


def render_article(request, article, *, preview=False, extra_context=None, status=200):
    """The article page. The comments section is the comments app's (its template tag); its view
    renders this page too, with the reader's form and its errors in `extra_context`."""
    canonical_url = absolute_url(article.get_absolute_url())
    generation = changes.current_generation()
    context = {
        "article": article,
        # Lazy, like the related articles: even building these queries costs, so they are
        # only made when a cached fragment showing them misses.
        "tags": SimpleLazyObject(lambda: list(article.tags.all())),
        "related_articles": SimpleLazyObject(lambda: list(Article.objects.related_to(article))),
        "share_links": share_links(canonical_url, article.title),
        "canonical_url": canonical_url,
        "preview": preview,
        "fragment_generation": generation,
        # A preview shows what was saved a moment ago, of a draft no change of which moves the generation.
        "fragment_seconds": 0 if preview else changes.page_seconds(generation),
        **(extra_context or {}),
    }
    return render(request, "articles/article_detail.html", context, status=status)


@require_safe
def article_detail(request, slug):
    article = get_object_or_404(Article.objects.published().select_related("author", "category"), slug=slug)
    return render_article(request, article)


@require_safe
@staff_member_required
def article_preview(request, pk):
    """Any article as readers will see it, drafts and scheduled ones included, for editors."""
    if not request.user.has_perm("articles.view_article"):
        raise PermissionDenied
    article = get_object_or_404(Article.objects.select_related("author", "category"), pk=pk)
    response = render_article(request, article, preview=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


# What the admin's live slug (static/js/admin-slug.js) may ask about: model name -> model.
SLUGGED_MODELS = {model._meta.model_name: model for model in (Article, Author, Category, Tag)}
SLUG_TEXT_LIMIT = 1000


@require_safe
@staff_member_required
def slug_preview(request):
    """The slug the server would make of `text` for a new `model` row (or row `pk`), as JSON.

    The admin fills the slug field from it as one types, so what it shows is exactly
    what articles.slugs makes, in any script, with the -2 suffix of a taken slug.
    """
    model = SLUGGED_MODELS.get(request.GET.get("model", ""))
    if model is None:
        return JsonResponse({"error": _("Unknown kind of object.")}, status=400)
    opts = model._meta
    if not any(request.user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}") for action in ("add", "change")):
        raise PermissionDenied
    pk = request.GET.get("pk", "")
    instance = model(pk=int(pk) if pk.isdecimal() else None)
    response = JsonResponse({"slug": unique_slug(instance, request.GET.get("text", "")[:SLUG_TEXT_LIMIT])})
    response["Cache-Control"] = "private, no-store"
    return response


class ArticleListView(ListView):
    """A paginated list of published articles; subclasses say which ones and under what title."""

    template_name = "articles/article_list.html"
    context_object_name = "articles"
    paginator_class = ArticlePaginator

    def get_paginate_by(self, queryset):
        return settings.ARTICLES_PER_PAGE

    def get_queryset(self):
        return Article.objects.published().for_cards()


class CategoryView(ArticleListView):
    def get_queryset(self):
        self.category = get_object_or_404(Category, slug=self.kwargs["slug"])
        return super().get_queryset().filter(category=self.category)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            list_kind="category",
            list_title=self.category.name,
            list_intro=self.category.description,
            **kwargs,
        )


class TagView(ArticleListView):
    allow_empty = False  # a tag with no published article is not a page

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tagged_items__tag=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(list_kind="tag", list_title=self.tag.name, **kwargs)


class AuthorView(ArticleListView):
    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        return super().get_queryset().filter(author=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            list_kind="author",
            list_title=self.author.name,
            author=self.author,
            **kwargs,
        )
