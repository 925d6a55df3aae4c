"""Sitemap sections, listed by the index at /sitemap.xml (refbax.views.sitemap_index).

Every location is on SITE_URL. An article's lastmod is the date its content
last really changed (Article.content_changed_at), not that of any save; a list
page's is that of the latest change among the articles it shows. Lists with no
published article are left out: they are empty pages.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, OuterRef, Subquery
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article, Author, Category
from media_library import renditions
from site_settings.address import absolute_url, site_domain, site_scheme


class PublicSitemap(Sitemap):
    """Locations on SITE_URL, whatever host and scheme the request came by."""

    def get_protocol(self, protocol=None):
        return site_scheme()

    def get_domain(self, site=None):
        return site_domain()


def _latest_change(**filters):
    """The latest content change among the published articles that match `filters` (an OuterRef)."""
    articles = Article.objects.published().filter(**filters).order_by("-content_changed_at")
    return Subquery(articles.values("content_changed_at")[:1])


class ArticleSitemap(PublicSitemap):
    def items(self):
        # By id, so that pages of 50,000 keep their content as articles are added.
        fields = ("slug", "cover", "cover_renditions", "content_changed_at")
        return Article.objects.published().only(*fields).order_by("pk")

    def lastmod(self, article):
        return article.content_changed_at

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("content_changed_at"))["latest"]

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            # The rendition pages show, not the uploaded original: a file made by the site, in its sizes.
            article = url["item"]
            cover = renditions.picture(article.cover, article.cover_renditions)
            url["images"] = [absolute_url(cover.src)] if cover else []
        return urls


class ListSitemap(PublicSitemap):
    """Pages listing articles, each annotated with `lastmod` by items()."""

    def lastmod(self, item):
        return item.lastmod


class CategorySitemap(ListSitemap):
    def items(self):
        return Category.objects.annotate(lastmod=_latest_change(category=OuterRef("pk"))).filter(lastmod__isnull=False)


class TagSitemap(ListSitemap):
    def items(self):
        latest = _latest_change(tagged_items__tag=OuterRef("pk"))
        return Tag.objects.annotate(lastmod=latest).filter(lastmod__isnull=False).order_by("name")

    def location(self, tag):
        return reverse("articles:tag", kwargs={"slug": tag.slug})


class AuthorSitemap(ListSitemap):
    def items(self):
        return Author.objects.annotate(lastmod=_latest_change(author=OuterRef("pk"))).filter(lastmod__isnull=False)


class PageSitemap(PublicSitemap):
    def items(self):
        return ["home"]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        return Article.objects.published().aggregate(latest=Max("content_changed_at"))["latest"]


SITEMAPS = {
    "pages": PageSitemap,
    "articles": ArticleSitemap,
    "categories": CategorySitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
}
