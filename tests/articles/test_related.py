from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.helpers import days_ago

pytestmark = pytest.mark.django_db


def related(article):
    return list(Article.objects.related_to(article))


def test_articles_sharing_more_tags_come_first(make_article):
    article = make_article(tags=["seo", "python", "django"])
    one_tag = make_article(tags=["seo", "cuisine"], published_at=days_ago(1))
    three_tags = make_article(tags=["seo", "python", "django"], published_at=days_ago(9))
    two_tags = make_article(tags=["python", "django"], published_at=days_ago(5))
    assert related(article) == [three_tags, two_tags, one_tag]


def test_hand_picked_articles_come_before_those_sharing_tags(make_article):
    article = make_article(tags=["seo", "python"])
    same_tags = make_article(tags=["seo", "python"], published_at=days_ago(1))
    picked_without_tags = make_article(published_at=days_ago(20))
    picked_with_a_tag = make_article(tags=["seo"], published_at=days_ago(10))
    article.related_picks.set([picked_without_tags, picked_with_a_tag])
    assert related(article) == [picked_with_a_tag, picked_without_tags, same_tags]


def test_equally_related_articles_are_ordered_newest_first(make_article):
    article = make_article(tags=["seo"])
    old = make_article(tags=["seo"], published_at=days_ago(30))
    new = make_article(tags=["seo"], published_at=days_ago(2))
    middle = make_article(tags=["seo"], published_at=days_ago(10))
    assert related(article) == [new, middle, old]


def test_the_article_itself_drafts_and_scheduled_articles_are_never_related(make_article):
    article = make_article(tags=["seo"])
    make_article(tags=["seo"], status=Article.Status.DRAFT)
    make_article(tags=["seo"], published_at=timezone.now() + timedelta(days=1))
    picked_draft = make_article(status=Article.Status.DRAFT)
    picked_scheduled = make_article(published_at=timezone.now() + timedelta(days=1))
    article.related_picks.set([article, picked_draft, picked_scheduled])
    visible = make_article(tags=["seo"])
    assert related(article) == [visible]


def test_articles_sharing_no_tag_and_not_picked_are_not_related(make_article):
    article = make_article(tags=["seo"])
    make_article(tags=["cuisine"])
    make_article()
    assert related(article) == []


def test_at_most_four_related_articles_are_returned(make_article, settings):
    article = make_article(tags=["seo"])
    others = [make_article(tags=["seo"], published_at=days_ago(day)) for day in range(1, 8)]
    assert settings.RELATED_ARTICLES_COUNT == 4
    assert related(article) == others[:4]


def test_shared_tags_are_counted_without_duplicates_from_picks(make_article):
    # A picked article sharing tags must appear once, not once per shared tag.
    article = make_article(tags=["a", "b", "c"])
    picked = make_article(tags=["a", "b", "c"])
    article.related_picks.set([picked])
    assert related(article) == [picked]


def test_related_articles_are_computed_in_one_query(make_article, django_assert_num_queries):
    article = make_article(tags=["seo", "python", "django"])
    picked = make_article()
    article.related_picks.set([picked])
    for index in range(6):
        make_article(tags=["seo", "python"][: index % 2 + 1])
    with django_assert_num_queries(1):
        articles = related(article)
        # What a card shows comes with the same query.
        for related_article in articles:
            assert related_article.author.name
            assert related_article.category.name
    assert len(articles) == 4
    assert articles[0] == picked
