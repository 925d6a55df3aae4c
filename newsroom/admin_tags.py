"""Tags in the admin, as editors manage them: named, counted, renamed, in French.

Replaces taggit's own admin, whose merge action and inline work on taggit's generic
TaggedItem, which articles do not use (they keep their tags in articles.TaggedArticle),
and speak English.
"""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from articles.admin import live_slug_script

admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "article_count"]
    ordering = ["name"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    class Media:
        js = [live_slug_script("tag")]  # the server's slug as one types (articles/slugs.py)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles_taggedarticle_items"))

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, tag):
        return tag.article_count
