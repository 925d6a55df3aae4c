"""The comments cost the article page a fixed number of queries, whatever their number."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments.models import Comment
from tests.helpers import article_page

pytestmark = [pytest.mark.django_db]


def fill(article, count):
    """`count` approved comments: a third of them top-level, each followed by two replies."""
    comments = []
    for index in range(count):
        parent = comments[index - index % 3] if index % 3 else None
        comments.append(
            Comment(
                article=article,
                parent=parent,
                depth=1 if parent else 0,
                author_name=f"Lecteur {index}",
                author_email=f"lecteur{index}@example.com",
                author_url="https://lecteur.example/" if index % 2 else "",
                body=f"Commentaire {index} avec https://lien.example/{index}",
                status=Comment.Status.APPROVED,
                created_at=timezone.now() - timedelta(minutes=count - index),
            )
        )
        if parent is None:
            comments[-1].save()
    Comment.objects.bulk_create([comment for comment in comments if comment.pk is None])
    article.comment_count = count
    article.save(update_fields=["comment_count"])


def article_page_queries(client, article):
    client.get(article.get_absolute_url())  # warms the cache of site settings and navigation
    with CaptureQueriesContext(connection) as context:
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.usefixtures("uncached_pages")
def test_the_article_page_runs_as_many_queries_with_200_comments_as_with_2(client, make_article):
    few, many = make_article(), make_article()
    fill(few, 2)
    fill(many, 200)
    assert len(article_page(client, many).select("li.comment")) == 200
    assert article_page_queries(client, few) == article_page_queries(client, many)


# The site's generation, the article with its author and category, its tags, the related
# articles, the approved comments.
ARTICLE_PAGE_QUERIES = 5


@pytest.mark.usefixtures("uncached_pages")
def test_the_article_page_with_200_comments_runs_a_fixed_small_number_of_queries(
    client, make_article, django_assert_max_num_queries
):
    article = make_article()
    fill(article, 200)
    client.get(article.get_absolute_url())
    with django_assert_max_num_queries(ARTICLE_PAGE_QUERIES):
        assert client.get(article.get_absolute_url()).status_code == 200


@pytest.mark.usefixtures("uncached_pages")
def test_a_reply_form_costs_no_extra_query(client, make_article):
    article = make_article()
    fill(article, 30)
    root = Comment.objects.filter(article=article, parent=None).first()
    plain = article_page_queries(client, article)
    client.get(f"{article.get_absolute_url()}?reply={root.pk}")
    with CaptureQueriesContext(connection) as context:
        client.get(f"{article.get_absolute_url()}?reply={root.pk}")
    assert len(context.captured_queries) == plain
