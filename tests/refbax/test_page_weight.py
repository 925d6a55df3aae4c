"""The first view of an article weighs little: one stylesheet, one deferred script and its fonts, under 90 KB."""

import gzip
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.test import Client

from comments.models import Comment

pytestmark = pytest.mark.django_db

# Bytes, compressed: HTML, CSS, JavaScript and every font the stylesheet declares (images excluded).
BUDGET = 90 * 1024
DEMO_ARTICLE = Path(settings.BASE_DIR) / "refbax" / "demo_content" / "articles" / "01.txt"
FONT_URL = re.compile(r"url\(\"?([^\")]+\.woff2)\"?\)")


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


def content_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content) if response.streaming else response.content


def first_view(client, article):
    """{url: compressed bytes} of what the article page asks for, fonts included (woff2 is compressed already)."""
    response = client.get(article.get_absolute_url())
    soup = BeautifulSoup(response.content, "html.parser")
    sizes = {"html": compressed_size(response.content)}
    for url in [link["href"] for link in soup.select('link[rel="stylesheet"]')]:
        css = content_of(client, url)
        sizes[url] = compressed_size(css)
        for font in FONT_URL.findall(css.decode()):
            font_url = url.rsplit("/", 2)[0] + "/" + font.removeprefix("../")
            sizes[font_url] = len(content_of(client, font_url))
    for url in [script["src"] for script in soup.select("script[src]")]:
        sizes[url] = compressed_size(content_of(client, url))
    return sizes


def test_an_article_page_with_its_css_js_and_fonts_weighs_under_90_kb_compressed(make_article):
    sizes = first_view(Client(), long_article(make_article))
    assert sum(1 for url in sizes if url.endswith(".woff2")) == 3, sizes
    assert sum(sizes.values()) <= BUDGET, sizes


def test_no_script_blocks_rendering_and_the_text_face_and_headings_are_preloaded(make_article):
    response = Client().get(make_article().get_absolute_url())
    soup = BeautifulSoup(response.content, "html.parser")
    for script in soup.head.select("script[src]"):
        assert script.has_attr("defer") or script.has_attr("async")
    preloads = soup.select('link[rel="preload"][as="font"]')
    assert [link["href"] for link in preloads] == [
        "/static/fonts/source-serif-4-400.woff2",
        "/static/fonts/source-serif-4-600.woff2",
    ]
    assert all(link["type"] == "font/woff2" and link.has_attr("crossorigin") for link in preloads)
    stylesheet = content_of(Client(), soup.select_one('link[rel="stylesheet"]')["href"]).decode()
    assert stylesheet.count("font-display: swap") == stylesheet.count("@font-face") == 3


def test_every_font_is_first_party():
    stylesheet = (Path(settings.BASE_DIR) / "static" / "css" / "site.css").read_text()
    for font in FONT_URL.findall(stylesheet):
        assert font.startswith("../fonts/"), font
        assert (Path(settings.BASE_DIR) / "static" / font.removeprefix("../")).exists(), font
    assert "@import" not in stylesheet and "//" not in re.sub(r"/\*.*?\*/", "", stylesheet, flags=re.S)
