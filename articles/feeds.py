"""RSS 2.0 and Atom feeds of the latest published articles: the site's, and one per category, tag and author.

Items carry the full sanitized body (content:encoded in RSS, <content> in Atom),
the standfirst as summary, the cover as enclosure, and only absolute URLs on
SITE_URL, so that a feed reader never has to guess a base.
"""

import re

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext as _
from taggit.models import Tag

from articles.models import Article, Author, Category
from media_library import renditions
from media_library.figures import render_feed_bodies
from site_settings.address import absolute_url
from site_settings.models import SiteSettings

FEED_LENGTH = 20
# Root-relative links and images of the body (href="/…", src="/…"); "//host" is left alone.
_RELATIVE_URL_RE = re.compile(r'(\s(?:href|src)=")/(?!/)')


def absolute_links(html):
    """`html` with its root-relative links and images made absolute on SITE_URL."""
    return _RELATIVE_URL_RE.sub(lambda match: f"{match.group(1)}{absolute_url('/')}", html)


class ContentRssFeed(Rss201rev2Feed):
    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": "http://purl.org/rss/1.0/modules/content/"}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content:encoded", item["content"])


class ContentAtomFeed(Atom1Feed):
    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content", item["content"], {"type": "html"})


class ArticleFeed(Feed):
    """The site's latest articles; subclasses narrow them to one category, tag or author."""

    def __init__(self, atom=False):
        super().__init__()
        self.atom = atom
        self.feed_type = ContentAtomFeed if atom else ContentRssFeed

    def get_object(self, request, *args, **kwargs):
        return None

    def filter(self, queryset, obj):
        return queryset

    def page_url(self, obj):
        return reverse("home")

    def name(self, obj):
        return ""

    def feed_url_name(self):
        return "feed"

    # Channel

    def title(self, obj):
        site_name = SiteSettings.load().name
        name = self.name(obj)
        return f"{name} – {site_name}" if name else site_name

    def link(self, obj):
        return absolute_url(self.page_url(obj))

    def feed_url(self, obj):
        kwargs = {"slug": obj.slug} if obj is not None else {}
        name = self.feed_url_name() + ("-atom" if self.atom else "")
        return absolute_url(reverse(name, kwargs=kwargs))

    def description(self, obj):
        site = SiteSettings.load()
        return site.tagline or _("The latest articles of %(site_name)s.") % {"site_name": site.name}

    def subtitle(self, obj):
        return self.description(obj)

    def items(self, obj):
        articles = Article.objects.published().select_related("author", "category").prefetch_related("tags")
        articles = list(self.filter(articles, obj)[:FEED_LENGTH])
        # Library images as their renditions, as pages show them: never the uploaded original.
        bodies = render_feed_bodies([article.body for article in articles])
        for article, body in zip(articles, bodies, strict=True):
            article.feed_body = body
        return articles

    # Items

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return escape(article.standfirst)

    def item_extra_kwargs(self, article):
        return {"content": absolute_links(article.feed_body)}

    def item_link(self, article):
        return absolute_url(article.get_absolute_url())

    def item_guid_is_permalink(self, article):
        return True

    def item_pubdate(self, article):
        # In French time, so the dates read +0100 or +0200.
        return timezone.localtime(article.published_at)

    def item_updateddate(self, article):
        return timezone.localtime(article.content_changed_at)

    def item_author_name(self, article):
        return article.author.name

    def item_author_link(self, article):
        return absolute_url(article.author.get_absolute_url())

    def item_categories(self, article):
        return [article.category.name, *(tag.name for tag in article.tags.all())]

    def item_enclosures(self, article):
        image = renditions.enclosure(article.cover, article.cover_renditions)
        if image is None:
            return []
        return [Enclosure(absolute_url(image["url"]), str(image["size"]), image["type"])]


class CategoryFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def filter(self, queryset, category):
        return queryset.filter(category=category)

    def page_url(self, category):
        return category.get_absolute_url()

    def name(self, category):
        return category.name

    def feed_url_name(self):
        return "articles:category-feed"

    def description(self, category):
        return category.description or _("All the articles of %(site_name)s about %(name)s.") % {
            "site_name": SiteSettings.load().name,
            "name": category.name,
        }


class TagFeed(ArticleFeed):
    def get_object(self, request, slug):
        # As its page: a tag that no published article carries is not public (it may name a draft's subject).
        tag = get_object_or_404(Tag, slug=slug)
        if not Article.objects.published().filter(tagged_items__tag=tag).exists():
            raise Http404("No published article has this tag.")
        return tag

    def filter(self, queryset, tag):
        return queryset.filter(tagged_items__tag=tag)

    def page_url(self, tag):
        return reverse("articles:tag", kwargs={"slug": tag.slug})

    def name(self, tag):
        return _("Articles tagged “%(name)s”") % {"name": tag.name}

    def feed_url_name(self):
        return "articles:tag-feed"

    def description(self, tag):
        return _("All the articles of %(site_name)s about %(name)s.") % {
            "site_name": SiteSettings.load().name,
            "name": tag.name,
        }


class AuthorFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Author, slug=slug)

    def filter(self, queryset, author):
        return queryset.filter(author=author)

    def page_url(self, author):
        return author.get_absolute_url()

    def name(self, author):
        return _("Articles by %(name)s") % {"name": author.name}

    def feed_url_name(self):
        return "articles:author-feed"

    def description(self, author):
        return _("The latest articles of %(name)s on %(site_name)s.") % {
            "site_name": SiteSettings.load().name,
            "name": author.name,
        }
