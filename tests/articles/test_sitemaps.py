"""The sitemap index and its sections, robots.txt, and the date of the last real change of an article."""

import os
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from datetime import datetime, timedelta

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from articles.models import Article
from articles.sitemaps import ArticleSitemap
from tests.helpers import days_ago
from tests.servers import ROOT

pytestmark = pytest.mark.django_db

SITE = "https://www.refbax.example"
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "image": "http://www.google.com/schemas/sitemap-image/1.1"}


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["testserver", "backend.internal"]


def xml_of(client, url):
    # Another host than SITE_URL's, as behind a proxy: it must appear nowhere.
    response = client.get(url, HTTP_HOST="backend.internal")
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    assert b"backend.internal" not in response.content
    return ElementTree.fromstring(response.content)


def section_urls(client):
    index = xml_of(client, "/sitemap.xml")
    return [loc.text for loc in index.findall("sm:sitemap/sm:loc", NS)]


def listed(client):
    """{location: <url> element} over every section of the index."""
    urls = {}
    for section in section_urls(client):
        for url in xml_of(client, section.removeprefix(SITE)).findall("sm:url", NS):
            urls[url.findtext("sm:loc", namespaces=NS)] = url
    return urls


def lastmod(url_element):
    return datetime.fromisoformat(url_element.findtext("sm:lastmod", namespaces=NS))


def test_the_index_points_to_every_section_on_site_url(client, make_article):
    make_article(tags=["SEO"])
    assert section_urls(client) == [
        f"{SITE}/sitemap-{section}.xml" for section in ["pages", "articles", "categories", "tags", "authors"]
    ]


def test_the_index_leaves_out_empty_sections(client, make_article):
    make_article()
    assert f"{SITE}/sitemap-tags.xml" not in section_urls(client)


def test_the_sitemap_lists_every_published_article_and_nothing_unpublished(client, make_article):
    published = [make_article(), make_article(), make_article(cover=None)]
    hidden = [
        make_article(status=Article.Status.DRAFT),
        make_article(published_at=timezone.now() + timedelta(days=1)),
    ]
    urls = listed(client)
    for article in published:
        assert SITE + article.get_absolute_url() in urls
    for article in hidden:
        assert SITE + article.get_absolute_url() not in urls


def test_lists_and_the_home_page_are_listed_only_when_they_show_something(
    client, make_article, make_author, make_category
):
    article = make_article(tags=["Django"])
    draft = make_article(status=Article.Status.DRAFT, tags=["Brouillon"])
    empty_category, lonely_author = make_category(), make_author()
    urls = listed(client)
    for page in [
        "/",
        article.category.get_absolute_url(),
        article.author.get_absolute_url(),
        "/tag/django/",
    ]:
        assert SITE + page in urls, page
    for page in [
        draft.category.get_absolute_url(),
        draft.author.get_absolute_url(),
        "/tag/brouillon/",
        empty_category.get_absolute_url(),
        lonely_author.get_absolute_url(),
    ]:
        assert SITE + page not in urls, page


def test_a_cover_is_listed_as_the_articles_image_by_the_rendition_pages_show(client, make_article, make_image):
    article = make_article(cover=make_image(width=1000, height=500), cover_alt="Un schéma")
    url = listed(client)[SITE + article.get_absolute_url()]
    [image] = [loc.text for loc in url.findall("image:image/image:loc", NS)]
    assert image != SITE + article.cover.url, "never the uploaded original"
    # The <img src> of the article page: the widest PNG rendition up to 1200 pixels.
    [entry] = [e for e in article.cover_renditions["images"] if SITE + default_storage.url(e["name"]) == image]
    assert (entry["type"], entry["width"]) == ("image/png", 1000)


def test_a_cover_without_renditions_is_listed_by_its_file(client, make_article, make_image):
    article = make_article(cover=make_image(width=1000, height=500), cover_alt="Un schéma")
    Article.objects.filter(pk=article.pk).update(cover_renditions={})
    url = listed(client)[SITE + article.get_absolute_url()]
    assert [loc.text for loc in url.findall("image:image/image:loc", NS)] == [SITE + article.cover.url]


def test_list_pages_lastmod_is_their_latest_article_change(client, make_article, make_category):
    category = make_category()
    make_article(category=category, published_at=days_ago(5))
    latest = make_article(category=category, published_at=days_ago(2))
    urls = listed(client)
    assert lastmod(urls[SITE + category.get_absolute_url()]) == latest.content_changed_at.replace(microsecond=0)


def test_a_sitemap_page_holds_at_most_50000_urls():
    assert ArticleSitemap.limit == 50_000


def test_articles_are_split_into_pages_listed_by_the_index(client, make_article, monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    articles = [make_article() for _index in range(3)]
    assert f"{SITE}/sitemap-articles.xml?p=2" in section_urls(client)
    second_page = xml_of(client, "/sitemap-articles.xml?p=2").findall("sm:url/sm:loc", NS)
    assert [loc.text for loc in second_page] == [SITE + articles[2].get_absolute_url()]


def test_sitemaps_are_kept_out_of_search_results(client, make_article):
    make_article()
    for url in ["/sitemap.xml", "/sitemap-articles.xml"]:
        assert "noindex" in client.get(url)["X-Robots-Tag"]


def test_robots_txt_points_to_the_sitemap_and_closes_private_pages(client):
    lines = client.get("/robots.txt").content.decode().splitlines()
    assert f"Sitemap: {SITE}/sitemap.xml" in lines
    assert {"Disallow: /search/", "Disallow: /apercu/"} <= set(lines)


def test_robots_txt_never_names_the_admin_even_moved():
    code = (
        "import django; django.setup(); from django.test import Client; "
        "print(Client().get('/robots.txt').content.decode())"
    )
    for admin_url in ["admin/", "gestion-7f3a/"]:
        environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "refbax.settings", "ADMIN_URL": admin_url}
        result = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
        assert "Sitemap:" in result.stdout
        assert admin_url.strip("/") not in result.stdout
        assert "admin" not in result.stdout.lower()


# lastmod is the date of the last real change of content, not of any save


def article_lastmod(client, article):
    return lastmod(listed(client)[SITE + article.get_absolute_url()])


def backdate(article, days=10):
    article.content_changed_at = days_ago(days).replace(microsecond=0)
    Article.objects.filter(pk=article.pk).update(content_changed_at=article.content_changed_at)
    return article.content_changed_at


def test_a_save_that_changes_no_content_keeps_the_date(client, make_article):
    article = make_article(published_at=days_ago(20), tags=["SEO"])
    changed_at = backdate(article)
    article.featured = True
    article.seo_title = "Un titre pour Google"
    article.tags.set(["SEO"])
    article.save()
    assert article_lastmod(client, article) == changed_at


@pytest.mark.parametrize(
    ("field", "value"),
    [("title", "Un nouveau titre"), ("standfirst", "Un autre chapô."), ("body", "<p>Un autre texte.</p>")],
)
def test_editing_what_readers_see_moves_the_date(client, make_article, field, value):
    article = make_article(published_at=days_ago(20))
    changed_at = backdate(article)
    setattr(article, field, value)
    article.save()
    assert article_lastmod(client, article) > changed_at + timedelta(days=9)


def test_adding_or_removing_a_tag_moves_the_date(client, make_article):
    article = make_article(published_at=days_ago(20), tags=["SEO"])
    changed_at = backdate(article)
    article.tags.add("Python")
    assert article_lastmod(client, article) > changed_at + timedelta(days=9)
    changed_at = backdate(article)
    article.tags.remove("SEO")
    assert article_lastmod(client, article) > changed_at + timedelta(days=9)


def test_a_new_cover_moves_the_date(client, make_article, make_image):
    article = make_article(published_at=days_ago(20))
    changed_at = backdate(article)
    article.cover = make_image(name="nouvelle.png")
    article.cover_alt = "Une nouvelle image"
    article.save()
    assert article_lastmod(client, article) > changed_at + timedelta(days=9)


def test_an_article_written_before_it_is_published_dates_from_its_publication(make_article):
    scheduled = make_article(published_at=timezone.now() + timedelta(days=3))
    assert scheduled.content_changed_at == scheduled.published_at
