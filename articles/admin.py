from django import forms
from django.contrib import admin
from django.db.models import Count
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from articles.models import Author, Category


def live_slug_script(model_name):
    """The script that fills a prepopulated slug with the server's own (articles.slugs), as one types."""
    return forms.Script(
        "js/admin-slug.js", **{"data-url": reverse_lazy("articles:slug-preview"), "data-model": model_name}
    )


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "article_count"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    class Media:
        js = [live_slug_script("category")]

    def get_queryset(self, request):
        # The annotation groups rows, which drops Meta.ordering: restate it.
        return super().get_queryset(request).annotate(article_count=Count("articles")).order_by("position", "name")

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, category):
        return category.article_count


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "user", "article_count"]
    list_select_related = ["user"]
    search_fields = ["name", "bio"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "user", "bio", "avatar"]}),
        (_("Links"), {"fields": ["website", "linkedin", "x", "mastodon", "github"]}),
    ]

    class Media:
        js = [live_slug_script("author")]

    def get_readonly_fields(self, request, obj=None):
        # Linking a profile to an account would list the accounts: only for those who manage them.
        return [] if request.user.has_perm("auth.view_user") else ["user"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles")).order_by("name")

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, author):
        return author.article_count
