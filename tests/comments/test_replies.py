"""Replies: to a comment readers can see on the same article, nested down to the configured depth."""

import pytest
from django.conf import settings
from django.urls import reverse

from comments.models import Comment
from tests.helpers import (
    comment_form,
    form_errors,
    form_value,
    latest_comment,
    make_comment,
    post_comment,
    soup_of,
    text_of,
)

pytestmark = pytest.mark.django_db

PARENT_UNAVAILABLE = "Le commentaire auquel vous répondez n’est pas disponible."


def test_a_reply_to_an_approved_comment_is_attached_to_it(client, make_article):
    article = make_article()
    parent = make_comment(article)
    post_comment(client, article, parent=str(parent.pk), body="Je réponds.")
    reply = latest_comment()
    assert (reply.parent, reply.depth) == (parent, 1)


@pytest.mark.parametrize("status", [Comment.Status.PENDING, Comment.Status.SPAM, Comment.Status.REMOVED])
def test_a_reply_to_a_comment_readers_cannot_see_is_refused(client, make_article, status):
    article = make_article()
    parent = make_comment(article, status=status)
    response = post_comment(client, article, parent=str(parent.pk), body="Je réponds.")
    assert response.status_code == 400
    assert Comment.objects.count() == 1


def test_a_reply_to_a_comment_of_another_article_is_refused(client, make_article):
    article, other = make_article(), make_article()
    parent = make_comment(other)
    response = post_comment(client, article, parent=str(parent.pk), body="Je réponds.")
    assert response.status_code == 400
    assert Comment.objects.count() == 1


@pytest.mark.parametrize("parent", ["abc", "-1", "999999", "1.5"])
def test_a_nonsense_parent_is_refused_without_a_500(client, make_article, parent):
    response = post_comment(client, make_article(), parent=parent)
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_a_refused_reply_shows_why_and_keeps_the_readers_text(client, make_article):
    article = make_article()
    parent = make_comment(article, status=Comment.Status.REMOVED)
    response = post_comment(client, article, parent=str(parent.pk), body="Ma réponse soignée.")
    assert PARENT_UNAVAILABLE in form_errors(response)
    assert form_value(comment_form(response), "body") == "Ma réponse soignée."


def test_a_refused_reply_to_a_visible_comment_comes_back_under_it_with_the_text(client, make_article):
    article = make_article()
    parent = make_comment(article)
    response = post_comment(client, article, parent=str(parent.pk), author_email="faux", body="Ma réponse.")
    assert response.status_code == 400
    form = soup_of(response).select_one(f"#comment-{parent.pk} #respond form")
    assert form_value(form, "body") == "Ma réponse."
    assert form_value(form, "parent") == str(parent.pk)


# Threading depth


def thread(article, depth):
    """A chain of approved comments, each replying to the one before: [depth 0, depth 1, ...]."""
    chain = [make_comment(article)]
    for _level in range(depth):
        chain.append(make_comment(article, parent=chain[-1]))
    return chain


def test_replies_nest_three_levels_by_default(client, make_article):
    assert settings.COMMENTS_MAX_DEPTH == 3
    article = make_article()
    root, first, second = thread(article, 2)
    assert [root.depth, first.depth, second.depth] == [0, 1, 2]
    post_comment(client, article, parent=str(second.pk), body="Plus profond ?")
    reply = latest_comment()
    # At the deepest level, a reply joins its parent's thread instead of nesting further.
    assert (reply.parent, reply.depth) == (first, 2)


def test_the_deepest_comments_have_no_reply_link(client, make_article):
    article = make_article()
    root, first, second = thread(article, 2)
    soup = soup_of(client.get(article.get_absolute_url()))
    for comment, expected in [(root, True), (first, True), (second, False)]:
        link = soup.select_one(f"#comment-{comment.pk} > article .comment__reply")
        assert (link is not None) == expected, comment.depth
    assert text_of(soup.select_one(f"#comment-{root.pk} > article .comment__reply")).startswith("Répondre")


def test_with_a_maximum_depth_of_two_replies_nest_one_level(client, make_article, settings):
    settings.COMMENTS_MAX_DEPTH = 2
    article = make_article()
    root, first = thread(article, 1)
    post_comment(client, article, parent=str(first.pk), body="Réponse à la réponse.")
    reply = latest_comment()
    assert (reply.parent, reply.depth) == (root, 1)
    soup = soup_of(client.get(article.get_absolute_url()))
    assert soup.select_one(f"#comment-{root.pk} > article .comment__reply") is not None
    assert soup.select_one(f"#comment-{first.pk} > article .comment__reply") is None


def test_with_a_maximum_depth_of_one_replies_become_top_level_comments(client, make_article, settings):
    settings.COMMENTS_MAX_DEPTH = 1
    article = make_article()
    root = make_comment(article)
    post_comment(client, article, parent=str(root.pk), body="Une réponse ?")
    assert latest_comment().depth == 0


def test_a_reply_form_url_needs_no_javascript(client, make_article):
    article = make_article()
    comment = make_comment(article, author_name="Marc")
    link = soup_of(client.get(article.get_absolute_url())).select_one(f"#comment-{comment.pk} .comment__reply")
    page = client.get(f"{article.get_absolute_url()}{link['href'].split('#')[0]}")
    form = soup_of(page).select_one(f"#comment-{comment.pk} #respond form")
    assert form_value(form, "parent") == str(comment.pk)
    assert text_of(soup_of(page).select_one(f"#comment-{comment.pk} #respond h3")) == "Répondre à Marc"
    assert reverse("comments:post", args=[article.pk]) + "#respond" == form["action"]
