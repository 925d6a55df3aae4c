"""schema.org data for search engines, written as JSON-LD.

BlogPosting and BreadcrumbList describe an article; WebSite describes the home
page. Every URL is absolute on SITE_URL and every date in French time.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from articles.text import truncate_at_word
from site_settings.address import absolute_url

LOGO = ("img/logo.png", 512, 512)  # static path, width, height
HEADLINE_LENGTH = 110  # Google's limit for an article's headline
LANGUAGE = "fr-FR"
# As in django.utils.html.json_script: no "</script>" or "<!--" can close the block early.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld_script(data):
    """`data` as a <script type="application/ld+json"> element, safe whatever its strings hold.

    A data block is never executed, so the Content-Security-Policy has nothing to allow.
    """
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


def iso_datetime(moment):
    """ISO 8601 to the second, in French time: 2026-03-29T09:30:00+02:00."""
    return timezone.localtime(moment).isoformat(timespec="seconds")


def organization(site):
    path, width, height = LOGO
    return {
        "@type": "Organization",
        "name": site.name,
        "url": absolute_url(reverse("home")),
        "logo": {"@type": "ImageObject", "url": absolute_url(static(path)), "width": width, "height": height},
    }


def person(author):
    data = {"@type": "Person", "name": author.name, "url": absolute_url(author.get_absolute_url())}
    links = [url for _label, url in author.social_links()]
    if links:
        data["sameAs"] = links
    return data


def blog_posting(article, tags, site):
    url = absolute_url(article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": truncate_at_word(article.title, HEADLINE_LENGTH),
        "description": article.meta_description,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": iso_datetime(article.published_at),
        "dateModified": iso_datetime(article.content_changed_at),
        "author": person(article.author),
        "publisher": organization(site),
        "articleSection": article.category.name,
        "keywords": [tag.name for tag in tags],
        "wordCount": article.word_count,
        "timeRequired": f"PT{article.reading_time}M",  # ISO 8601 duration
        "inLanguage": LANGUAGE,
    }
    image = article.social_image
    if image:
        data["image"] = {
            "@type": "ImageObject",
            "url": absolute_url(image["url"]),
            "width": image["width"],
            "height": image["height"],
        }
    return data


def breadcrumbs(article):
    """Home > category > article."""
    trail = [
        (_("Home"), reverse("home")),
        (article.category.name, article.category.get_absolute_url()),
        (article.title, article.get_absolute_url()),
    ]
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": absolute_url(path)}
            for position, (name, path) in enumerate(trail, start=1)
        ],
    }


def website(site):
    data = {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": site.name,
        "url": absolute_url(reverse("home")),
        "inLanguage": LANGUAGE,
        "publisher": organization(site),
    }
    if site.tagline:
        data["description"] = site.tagline
    return data
