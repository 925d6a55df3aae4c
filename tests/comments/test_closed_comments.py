"""Closed comments: closed by hand or after the configured days, with no form, the reader's text kept."""

import pytest
from django.conf import settings

from comments.forms import CommentForm
from comments.models import Comment
from tests.helpers import comment_data, days_ago, make_comment, post_comment, soup_of, text_of

pytestmark = pytest.mark.django_db

CLOSED = "Les commentaires sont fermés pour cet article."


def test_a_comment_sent_to_an_article_closed_by_hand_is_refused(client, make_article):
    article = make_article(comments_open=False)
    response = post_comment(client, article, body="Mon avis malgré tout.")
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_the_form_refuses_a_comment_on_a_closed_article(make_article):
    article = make_article(comments_open=False)
    form = CommentForm(comment_data(article), article=article)
    assert not form.is_valid()
    assert form.errors["__all__"] == [CLOSED]


def test_a_comment_refused_because_comments_closed_keeps_the_readers_text(client, make_article):
    article = make_article(comments_open=False)
    response = post_comment(client, article, body="Mon avis malgré tout.")
    soup = soup_of(response)
    assert response.status_code == 400
    assert text_of(soup.select_one(".comments__closed")) == CLOSED
    # No form to send it again, but the text, ready to be copied.
    assert soup.select_one("#respond") is None
    assert soup.select_one("textarea#kept-comment[readonly]").get_text().strip() == "Mon avis malgré tout."


def test_readers_get_neither_a_form_nor_reply_links_on_a_closed_article(client, make_article):
    article = make_article(comments_open=False)
    comment = make_comment(article)
    soup = soup_of(client.get(article.get_absolute_url()))
    assert soup.select_one(f"#comment-{comment.pk}") is not None
    assert soup.select_one("#respond") is None
    assert soup.select_one(".comment__reply") is None
    assert text_of(soup.select_one(".comments__closed")) == CLOSED


def test_comments_close_on_their_own_after_the_configured_days(client, make_article, settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 30
    old, recent = make_article(published_at=days_ago(31)), make_article(published_at=days_ago(29))
    make_comment(old)
    assert post_comment(client, old).status_code == 400
    assert post_comment(client, recent).status_code == 302
    assert list(Comment.objects.filter(article=old).values_list("status", flat=True)) == ["approved"]
    soup = soup_of(client.get(old.get_absolute_url()))
    assert soup.select_one("#respond") is None
    assert soup.select_one(".comment__reply") is None
    assert text_of(soup.select_one(".comments__closed")) == CLOSED


def test_comments_stay_open_on_old_articles_by_default(client, make_article):
    assert settings.COMMENTS_CLOSE_AFTER_DAYS is None
    article = make_article(published_at=days_ago(3650))
    assert article.comments_are_open()
    assert post_comment(client, article).status_code == 302
