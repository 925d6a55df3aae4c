"""Each article's visibility (draft, in review, scheduled, published): counted once, listed and filtered."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from articles.models import Article

pytestmark = pytest.mark.django_db

CHANGELIST_URL = reverse("admin:articles_article_changelist")
Status = Article.Status


def french(message):
    with translation.override(settings.LANGUAGE_CODE):
        return str(translation.gettext(message))


@pytest.fixture
def by_visibility(make_article):
    """Articles of each visibility: two drafts, one in review, one scheduled, three published."""
    now = timezone.now()
    return {
        "draft": [make_article(status=Status.DRAFT) for _ in range(2)],
        "in_review": [make_article(status=Status.IN_REVIEW)],
        "scheduled": [make_article(published_at=now + timedelta(days=1))],
        "published": [make_article(published_at=now - timedelta(days=day)) for day in range(1, 4)],
    }


def test_every_article_counts_once_in_the_visibility_counts(by_visibility):
    assert Article.objects.visibility_counts() == {"draft": 2, "in_review": 1, "scheduled": 1, "published": 3}


def test_articles_in_review_are_not_shown_to_readers(client, by_visibility):
    assert set(Article.objects.published()) == set(by_visibility["published"])
    assert client.get(by_visibility["in_review"][0].get_absolute_url()).status_code == 404


def test_the_article_list_shows_each_visibility_with_its_count(editor_client, by_visibility):
    soup = BeautifulSoup(editor_client.get(CHANGELIST_URL).content, "html.parser")
    links = {
        link["href"]: link.get_text(strip=True)
        for link in soup.select("#changelist-filter a")
        if "visibility=" in link["href"]
    }
    assert links == {
        "?visibility=draft": f"{french('Draft')} (2)",
        "?visibility=in_review": f"{french('In review')} (1)",
        "?visibility=scheduled": f"{french('Scheduled')} (1)",
        "?visibility=published": f"{french('Published')} (3)",
    }


@pytest.mark.parametrize("visibility", ["draft", "in_review", "scheduled", "published"])
def test_the_article_list_filters_by_each_visibility(editor_client, by_visibility, visibility):
    response = editor_client.get(CHANGELIST_URL, {"visibility": visibility})
    assert set(response.context["cl"].result_list) == set(by_visibility[visibility])


def test_the_list_counts_do_not_cost_a_query_per_article(editor_client, by_visibility, make_article):
    def count_queries():
        editor_client.get(CHANGELIST_URL)  # warms the caches (navigation categories)
        with CaptureQueriesContext(connection) as context:
            editor_client.get(CHANGELIST_URL)
        return len(context.captured_queries)

    few = count_queries()
    for _ in range(5):
        make_article(status=Status.IN_REVIEW)
    assert count_queries() == few
