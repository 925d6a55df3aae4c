"""What cards of articles need beyond the article: a colour for those without a cover, the latest articles."""

import logging

from django import template
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError

from articles.models import Article
from pagecache import changes

register = template.Library()
logger = logging.getLogger(__name__)

PALETTES = 6  # .palette-0 to .palette-5 in static/css/site.css
# The 500 page may not touch the database (it may be what failed): it shows the latest articles
# that a 404 page last found, at most one page-cache lifetime old, or none.
LAST_KNOWN_KEY = "error-page:latest-articles"


@register.filter
def palette(category):
    """The colour (0-5) of a category's cards without a cover: the same for every article of it."""
    return (getattr(category, "pk", None) or 0) % PALETTES


@register.simple_tag
def latest_articles(count=3):
    """The latest published articles, kept until the site changes; none when the database fails."""
    try:
        articles = changes.kept(
            f"latest-articles:{count}", lambda: list(Article.objects.published().for_cards()[:count])
        )
    except DatabaseError:
        logger.warning("Page rendered without the latest articles: the database did not answer")
        return []
    cache.add(LAST_KNOWN_KEY, articles, settings.PAGE_CACHE_SECONDS or 600)
    return articles


@register.simple_tag
def last_known_latest_articles():
    """The latest articles as a 404 page last found them, read from the cache alone."""
    try:
        return cache.get(LAST_KNOWN_KEY) or []
    except Exception:  # the cache may be what failed too: the page goes on without them
        return []
