"""RSS and Atom feeds: valid, exactly the published articles, full content, absolute URLs on SITE_URL."""

import xml.etree.ElementTree as ElementTree
from datetime import timedelta

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.feeds import FEED_LENGTH
from media_library.models import MediaImage

pytestmark = pytest.mark.django_db

SITE = "https://www.refbax.example"
FEED_URLS = ["/feed/", "/feed/atom/"]


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["testserver", "backend.internal"]


def parse(client, url):
    # Another host than SITE_URL's, as behind a proxy: it must appear nowhere.
    response = client.get(url, HTTP_HOST="backend.internal")
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert b"backend.internal" not in response.content
    return feed


@pytest.fixture
def hidden_articles(make_article):
    return [
        make_article(title="Brouillon", status="draft"),
        make_article(title="Programmé", published_at=timezone.now() + timedelta(days=1)),
    ]


@pytest.mark.parametrize("url", FEED_URLS)
def test_the_site_feed_holds_exactly_the_published_articles(client, make_article, hidden_articles, url):
    published = [make_article(), make_article()]
    feed = parse(client, url)
    assert {entry.link for entry in feed.entries} == {SITE + article.get_absolute_url() for article in published}


@pytest.mark.parametrize("url", FEED_URLS)
def test_feeds_hold_the_latest_twenty_articles(client, make_article, url):
    articles = [make_article(published_at=timezone.now() - timedelta(hours=hours)) for hours in range(1, 23)]
    feed = parse(client, url)
    assert len(feed.entries) == FEED_LENGTH == 20
    assert [entry.link for entry in feed.entries] == [SITE + article.get_absolute_url() for article in articles[:20]]


@pytest.mark.parametrize("url", FEED_URLS)
def test_an_item_carries_the_full_body_the_standfirst_author_tags_and_dates(client, make_article, url):
    article = make_article(
        standfirst="Un chapô <court> & clair.",
        body='<p>Premier paragraphe.</p><h2>Suite</h2><p>Voir <a href="/articles/autre/">l’autre</a>.</p>',
        tags=["SEO", "Python"],
    )
    feed = parse(client, url)
    (entry,) = feed.entries
    content = BeautifulSoup(entry.content[0].value, "html.parser")
    assert content.h2.get_text() == "Suite"
    assert content.a["href"] == SITE + "/articles/autre/"
    assert BeautifulSoup(entry.summary, "html.parser").get_text() == "Un chapô <court> & clair."
    assert entry.author == article.author.name
    assert {tag.term for tag in entry.tags} == {article.category.name, "SEO", "Python"}
    assert entry.published_parsed[:6] == article.published_at.utctimetuple()[:6]
    assert entry.id == SITE + article.get_absolute_url()


def test_rss_dates_are_rfc_822_in_french_time(client, make_article):
    article = make_article()
    item = ElementTree.fromstring(client.get("/feed/").content).find("channel/item")
    offset = timezone.localtime(article.published_at).strftime("%z")
    assert item.findtext("pubDate").endswith(offset)
    assert offset in {"+0100", "+0200"}


def test_atom_dates_are_rfc_3339_in_french_time(client, make_article):
    article = make_article()
    namespace = {"atom": "http://www.w3.org/2005/Atom"}
    entry = ElementTree.fromstring(client.get("/feed/atom/").content).find("atom:entry", namespace)
    published = entry.findtext("atom:published", namespaces=namespace)
    assert published == timezone.localtime(article.published_at).isoformat()
    assert entry.findtext("atom:updated", namespaces=namespace)


@pytest.mark.parametrize("url", FEED_URLS)
def test_the_cover_is_an_enclosure_with_its_length_and_type(client, make_article, make_image, url):
    article = make_article(cover=make_image(width=1000, height=500), cover_alt="Un schéma")
    feed = parse(client, url)
    (enclosure,) = feed.entries[0].enclosures
    assert enclosure.href.startswith(SITE + "/media/")
    assert enclosure.type == "image/png"
    path = enclosure.href.removeprefix(SITE + "/media/")
    assert int(enclosure.length) == article.cover.storage.size(path)


def test_the_feed_describes_the_site_with_absolute_links(client, make_article):
    make_article()
    feed = parse(client, "/feed/")
    assert feed.feed.link == SITE + "/"
    assert feed.feed.language == "fr"
    self_links = [link.href for link in feed.feed.links if link.rel == "self"]
    assert self_links == [SITE + "/feed/"]


@pytest.mark.parametrize("kind", ["category", "tag", "author"])
@pytest.mark.parametrize("suffix", ["feed/", "feed/atom/"])
def test_category_tag_and_author_feeds_hold_only_their_published_articles(
    client, make_article, make_author, make_category, kind, suffix
):
    author, category = make_author(), make_category()
    mine = make_article(author=author, category=category, tags=["Django"])
    make_article(tags=["Python"])
    make_article(author=author, category=category, tags=["Django"], status="draft")
    page = {"category": category.get_absolute_url(), "tag": "/tag/django/", "author": author.get_absolute_url()}[kind]
    feed = parse(client, page + suffix)
    assert [entry.link for entry in feed.entries] == [SITE + mine.get_absolute_url()]
    assert feed.feed.link == SITE + page


def test_the_feed_of_an_unknown_category_is_not_found(client):
    assert client.get("/category/inconnue/feed/").status_code == 404


@pytest.mark.parametrize("suffix", ["feed/", "feed/atom/"])
def test_the_feed_of_a_tag_only_drafts_and_scheduled_articles_carry_is_not_found(client, make_article, suffix):
    make_article(title="Brouillon", status="draft", tags=["Fusion secrète"])
    make_article(title="Programmé", published_at=timezone.now() + timedelta(days=1), tags=["Fusion secrète"])
    response = client.get("/tag/fusion-secrete/" + suffix)
    assert response.status_code == 404
    assert "Fusion secrète" not in response.content.decode()
    make_article(title="Publié", tags=["Fusion secrète"])
    assert [entry.title for entry in parse(client, "/tag/fusion-secrete/" + suffix).entries] == ["Publié"]


def test_a_library_image_in_a_body_is_a_rendition_in_the_feed(client, make_article, make_image):
    image = MediaImage.objects.create(file=make_image("chat.png", 1000, 500), alt_text="Un chat")
    make_article(body=f'<p>Voici :</p><figure><img src="{image.file.url}" alt="" data-file="{image.pk}"></figure>')
    for url in FEED_URLS:
        (entry,) = parse(client, url).entries
        [img] = BeautifulSoup(entry.content[0].value, "html.parser").find_all("img")
        rendition = next(e for e in image.renditions["images"] if e["type"] == "image/png" and e["width"] == 1000)
        assert img["src"] == SITE + default_storage.url(rendition["name"])
        assert (img["alt"], img["width"], img["height"]) == ("Un chat", "1000", "500")


def alternate_feeds(client, url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    return {
        (link["type"], link["href"])
        for link in soup.find_all("link", rel="alternate")
        if link["type"] in {"application/rss+xml", "application/atom+xml"}
    }


SITE_FEEDS = {("application/rss+xml", SITE + "/feed/"), ("application/atom+xml", SITE + "/feed/atom/")}


def test_every_page_announces_the_site_feeds(client, make_article):
    article = make_article()
    for url in ["/", article.get_absolute_url(), "/search/?q=article"]:
        assert alternate_feeds(client, url) >= SITE_FEEDS, url


def test_list_pages_announce_their_own_feeds_too(client, make_article):
    article = make_article(tags=["Django"])
    pages = {
        article.category.get_absolute_url(): "/category/" + article.category.slug,
        "/tag/django/": "/tag/django",
        article.author.get_absolute_url(): "/author/" + article.author.slug,
    }
    for page, prefix in pages.items():
        assert alternate_feeds(client, page) == SITE_FEEDS | {
            ("application/rss+xml", f"{SITE}{prefix}/feed/"),
            ("application/atom+xml", f"{SITE}{prefix}/feed/atom/"),
        }
    for page in pages:
        for _kind, href in alternate_feeds(client, page):
            assert client.get(href.removeprefix(SITE)).status_code == 200


def test_the_figures_of_a_feed_cost_one_query_whatever_their_number(client, make_article, make_image, uncached_pages):
    def feed_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/feed/").status_code == 200
        return len(queries)

    def illustrated_article():
        image = MediaImage.objects.create(file=make_image("chat.png", 600, 300), alt_text="Un chat")
        make_article(body=f'<figure><img src="{image.file.url}" alt="" data-file="{image.pk}"></figure>')

    illustrated_article()
    few = feed_queries()
    for _index in range(9):
        illustrated_article()
    assert feed_queries() == few
