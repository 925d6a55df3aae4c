from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Editorial")

    def ready(self):
        from taggit.models import Tag

        from articles import signals  # noqa: F401 (connects the receivers)
        from articles.models import Article, Author, Category, TaggedArticle
        from pagecache import changes

        # What readers see of these tables: published articles, and all of the rest.
        changes.watch(Article, when=("status", Article.Status.PUBLISHED))
        for model in (Author, Category, Tag, TaggedArticle, Article.related_picks.through):
            changes.watch(model)
        changes.schedule(Article.objects.next_publication)
        changes.schedule(Article.objects.next_comments_closing)
