"""The category, tag and author pages: each lists only its published articles; unknown ones are 404."""

import pytest

from tests.helpers import card_titles, get_page

pytestmark = pytest.mark.django_db


def test_the_category_page_lists_only_its_published_articles(client, library):
    soup = get_page(client, "/category/seo/")
    assert soup.find("h1").get_text(strip=True) == "SEO"
    assert card_titles(soup) == [library["seo by claire"].title]
    assert card_titles(get_page(client, "/category/developpement/")) == [
        library["dev by claire"].title,
        library["dev by julien"].title,
    ]


def test_the_tag_page_lists_only_published_articles_with_that_tag(client, library):
    soup = get_page(client, "/tag/python/")
    assert soup.find("h1").get_text(strip=True) == "#python"
    assert card_titles(soup) == [library["seo by claire"].title, library["dev by julien"].title]


def test_the_author_page_lists_only_their_published_articles(client, library):
    soup = get_page(client, "/author/claire-morel/")
    assert soup.find("h1").get_text(strip=True) == "Claire Morel"
    assert card_titles(soup) == [library["seo by claire"].title, library["dev by claire"].title]


def test_the_author_page_opens_on_the_author_without_a_box_linking_back_to_itself(client, library):
    soup = get_page(client, "/author/claire-morel/")
    header = soup.select_one(".list-header--author")
    assert header.h1.get_text(strip=True) == "Claire Morel"
    assert not soup.select(".author-box")
    assert not soup.select('main a[href="/author/claire-morel/"]')


def test_an_unknown_tag_is_a_404(client, library):
    assert client.get("/tag/inconnu/").status_code == 404


def test_a_tag_without_any_published_article_is_a_404(client, library):
    assert client.get("/tag/brouillon/").status_code == 404


@pytest.mark.parametrize("url", ["/category/inconnue/", "/author/personne/", "/category/seo/?page=abc"])
def test_unknown_lists_and_bad_pages_are_404(client, library, url):
    assert client.get(url).status_code == 404


def test_the_header_links_to_every_category(client, library):
    nav = get_page(client, "/").select_one("nav.site-nav")
    assert [link["href"] for link in nav.find_all("a")] == ["/category/developpement/", "/category/seo/"]
