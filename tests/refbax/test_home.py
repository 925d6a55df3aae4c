"""The home page (the featured article, then the latest, page by page), robots.txt and the health check."""

import json

import pytest

from articles.models import Article
from tests.helpers import card_titles, days_ago, get_page

pytestmark = pytest.mark.django_db


# Home


def test_the_home_page_shows_the_featured_article_then_the_latest(client, make_article):
    older = make_article(title="Plus ancien", published_at=days_ago(3))
    featured = make_article(title="À la une", featured=True, published_at=days_ago(10))
    newer = make_article(title="Plus récent", published_at=days_ago(1))
    make_article(title="Brouillon", status=Article.Status.DRAFT)
    soup = get_page(client, "/")

    featured_block = soup.select_one(".featured")
    assert featured_block.find("a", href=featured.get_absolute_url())
    # The featured article comes first in the page, and is not repeated below.
    first_link = soup.find("main").find("a", href=lambda href: href and href.startswith("/articles/"))
    assert first_link["href"] == featured.get_absolute_url()
    assert card_titles(soup) == [newer.title, older.title]


def test_the_home_page_is_paginated(client, make_article, settings):
    settings.ARTICLES_PER_PAGE = 3
    articles = [make_article(title=f"Article {day}", published_at=days_ago(day)) for day in range(1, 8)]
    first = get_page(client, "/")
    assert card_titles(first) == [article.title for article in articles[:3]]
    assert first.select_one('a[rel="next"]')["href"] == "?page=2"
    third = get_page(client, "/?page=3")
    assert card_titles(third) == [articles[6].title]
    assert third.select_one('a[rel="prev"]')["href"] == "?page=2"
    assert third.select_one('a[rel="next"]') is None


def test_the_featured_article_is_only_on_the_first_page(client, make_article, settings):
    settings.ARTICLES_PER_PAGE = 2
    make_article(featured=True)
    for day in range(1, 5):
        make_article(published_at=days_ago(day))
    assert get_page(client, "/").select_one(".featured")
    assert get_page(client, "/?page=2").select_one(".featured") is None


def test_the_home_page_works_with_no_article_at_all(client):
    soup = get_page(client, "/")
    assert card_titles(soup) == []


@pytest.mark.parametrize("page", ["abc", "99999", "0", "-1", "1.5"])
def test_a_bad_page_number_is_a_404(client, make_article, page):
    make_article()
    assert client.get(f"/?page={page}").status_code == 404


# Robots and health


def test_robots_txt_disallows_search_and_previews_and_never_names_the_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    disallowed = {
        line.split(":", 1)[1].strip() for line in response.text.splitlines() if line.lower().startswith("disallow:")
    }
    assert {"/search/", "/apercu/"} <= disallowed
    assert "admin" not in response.text


def test_healthz_answers_json(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content)["status"] == "ok"
