"""Public pages run a fixed number of SQL queries, however much they show."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.helpers import days_ago

# Pages are counted as they render when the page cache misses (tests/pagecache/test_page_cache.py covers hits).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached_pages")]

# What each page costs with warm caches (site settings and navigation are kept), beginning with
# the one read of the site's generation (pagecache/changes.py) that every page makes.
# The article with its author and category, its tags, the related articles, the approved comments.
ARTICLE_PAGE_QUERIES = 5
# The featured article or the category, tag or author; the count for pagination (cached between
# requests in production, counted here); the ids of the page's slice, then its rows (articles/pagination.py).
# A tag page also checks that the tag has any article at all (ListView's allow_empty=False); a search
# counts its matches up to a cap, and on PostgreSQL checks whether there are few enough to rank.
LIST_PAGE_QUERIES = {
    "/": 5,
    "/category/seo/": 5,
    "/tag/partage/": 6,
    "/author/claire-morel/": 5,
    "/search/?q=commun": 4 if connection.vendor == "sqlite" else 5,
}


def count_queries(client, url):
    client.get(url)  # fills the cache of site settings and navigation categories
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def test_the_article_page_does_not_run_more_queries_with_more_tags(client, make_article):
    article = make_article(tags=["tag-0"])
    with_one_tag = count_queries(client, article.get_absolute_url())
    article.tags.add(*(f"tag-{index}" for index in range(1, 10)))
    with_ten_tags = count_queries(client, article.get_absolute_url())
    assert with_one_tag == with_ten_tags


def test_the_article_page_does_not_run_more_queries_with_related_articles(client, make_article, make_image):
    article = make_article(tags=["seo", "python"])
    without_related = count_queries(client, article.get_absolute_url())
    others = [
        make_article(tags=["seo"], cover=make_image(), cover_alt="Illustration", published_at=days_ago(day))
        for day in range(1, 5)
    ]
    article.related_picks.set(others[:2])
    with_four_related = count_queries(client, article.get_absolute_url())
    assert without_related == with_four_related


def test_the_article_page_runs_a_fixed_small_number_of_queries(
    client, make_article, make_image, django_assert_max_num_queries
):
    article = make_article(tags=[f"tag-{index}" for index in range(10)], cover=make_image(), cover_alt="Une image")
    for day in range(1, 6):
        make_article(tags=["tag-1", "tag-2"], published_at=days_ago(day))
    client.get(article.get_absolute_url())
    with django_assert_max_num_queries(ARTICLE_PAGE_QUERIES):
        assert client.get(article.get_absolute_url()).status_code == 200


@pytest.fixture
def make_articles(make_article, make_author, make_category, make_image):
    """make_articles(count): published articles sharing a category, an author and a tag, a third with a cover."""
    author, category = make_author(name="Claire Morel"), make_category(name="SEO")

    def make(count):
        return [
            make_article(
                author=author if index % 2 else make_author(),
                category=category if index % 2 else make_category(),
                title=f"Commun {index}",
                body="<p>Un mot commun à tous.</p>",
                # Enough covers to show a per-card cost, few enough to keep the test fast.
                cover=make_image() if index % 3 == 0 else None,
                cover_alt="Illustration",
                featured=index == 0,
                published_at=days_ago(index + 1),
                tags=["partage", f"seul-{index}"],
            )
            for index in range(count)
        ]

    return make


LIST_URLS = list(LIST_PAGE_QUERIES)


@pytest.mark.parametrize("url", LIST_URLS)
def test_list_pages_run_as_few_queries_for_25_articles_as_for_3(
    client, make_articles, django_assert_max_num_queries, url
):
    make_articles(3)
    with_three = count_queries(client, url)
    make_articles(22)
    with_twenty_five = count_queries(client, url)
    assert with_three == with_twenty_five
    with django_assert_max_num_queries(LIST_PAGE_QUERIES[url]):
        assert client.get(url).status_code == 200


def test_a_page_with_cold_caches_costs_only_the_settings_and_navigation_queries(client, make_article):
    article = make_article(tags=["seo"])
    client.get(article.get_absolute_url())
    warm = count_queries(client, article.get_absolute_url())
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        client.get(article.get_absolute_url())
    assert len(context.captured_queries) <= warm + 2
