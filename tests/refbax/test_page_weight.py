"""The first view of an article weighs little: one stylesheet, one deferred script, compressed."""

import gzip
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.test import Client

from comments.models import Comment

pytestmark = pytest.mark.django_db

BUDGET = 30 * 1024  # bytes, compressed: HTML, CSS and JavaScript (images and fonts excluded)
DEMO_ARTICLE = Path(settings.BASE_DIR) / "refbax" / "demo_content" / "articles" / "01.txt"


def long_article(make_article):
    """The demo's longest article (about 2,100 words), tagged, with a discussion under it."""
    body = DEMO_ARTICLE.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    article = make_article(body=body, tags=[f"theme-{n}" for n in range(8)])
    for number in range(20):
        Comment.objects.create(
            article=article,
            author_name=f"Lecteur {number}",
            author_email=f"l{number}@example.org",
            body="Merci pour cet article, très utile pour notre prochaine refonte. " * 3,
            status=Comment.Status.APPROVED,
        )
    Comment.objects.recount([article.pk])
    return article


def compressed_size(content):
    return len(gzip.compress(content, compresslevel=6))


def test_an_article_page_with_its_css_and_js_weighs_under_30_kb_compressed(make_article):
    article = long_article(make_article)
    client = Client()
    response = client.get(article.get_absolute_url())
    soup = BeautifulSoup(response.content, "html.parser")
    stylesheets = [link["href"] for link in soup.select('link[rel="stylesheet"]')]
    scripts = [script["src"] for script in soup.select("script[src]")]
    assert len(stylesheets) == 1
    total = compressed_size(response.content)
    for url in stylesheets + scripts:
        asset = client.get(url)
        assert asset.status_code == 200, url
        total += compressed_size(b"".join(asset.streaming_content) if asset.streaming else asset.content)
    assert total <= BUDGET, f"{total} bytes"


def test_no_script_blocks_rendering_and_no_font_is_loaded(make_article):
    response = Client().get(make_article().get_absolute_url())
    soup = BeautifulSoup(response.content, "html.parser")
    for script in soup.head.select("script[src]"):
        assert script.has_attr("defer") or script.has_attr("async")
    assert not soup.select('link[rel="preload"][as="font"]')
    assert not soup.select('link[href*="font"]')
