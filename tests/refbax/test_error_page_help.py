"""The 404 and 500 pages help a reader on: a search box and the latest articles, the 500's without the database."""

import pytest
from django.test import RequestFactory

from refbax.views import server_error
from tests.helpers import card_titles, days_ago, get_page, soup_of

pytestmark = pytest.mark.django_db


def test_the_404_page_offers_a_search_and_the_three_latest_articles(client, settings, make_article):
    settings.DEBUG = False
    for days in range(5):
        make_article(title=f"Article de J-{days + 1}", published_at=days_ago(days + 1))
    soup = get_page(client, "/nulle-part/", status=404)
    assert soup.select_one("main form[role=search] input[type=search]")["name"] == "q"
    assert card_titles(soup) == ["Article de J-1", "Article de J-2", "Article de J-3"]


def test_the_404_page_shows_no_latest_articles_on_an_empty_site(client, settings):
    settings.DEBUG = False
    soup = get_page(client, "/nulle-part/", status=404)
    assert card_titles(soup) == []
    assert soup.select_one("main form[role=search]")


def test_the_500_page_shows_the_latest_articles_a_404_found_without_asking_the_database(
    client, settings, make_article, django_assert_num_queries
):
    settings.DEBUG = False
    article = make_article(title="Le dernier article paru")
    get_page(client, "/nulle-part/", status=404)
    with django_assert_num_queries(0):
        response = server_error(RequestFactory().get("/"))
    soup = soup_of(response)
    assert card_titles(soup) == [article.title]
    assert soup.select_one("main form[role=search]")


def test_the_500_page_goes_on_without_the_latest_articles_when_none_are_known(django_assert_num_queries):
    with django_assert_num_queries(0):
        soup = soup_of(server_error(RequestFactory().get("/")))
    assert card_titles(soup) == []
    assert soup.select_one("main form[role=search]")
