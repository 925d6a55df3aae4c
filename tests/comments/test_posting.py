"""Posting a comment: post/redirect/get, CSRF and the remember cookie."""

import json
import time
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.utils import timezone

from articles.models import Article
from comments import remember
from comments.models import Comment
from tests.helpers import (
    comment_data,
    comment_form,
    cookie_value,
    form_data,
    form_value,
    latest_comment,
    post_comment,
    post_url,
    soup_of,
    text_of,
)

pytestmark = pytest.mark.django_db

HELD_MESSAGE = "Merci ! Votre commentaire est en attente de modération."
PUBLISHED_MESSAGE = "Merci ! Votre commentaire est publié."


def messages_of(response):
    return [text_of(message) for message in soup_of(response).select(".messages .message")]


# Post, redirect, get


def test_a_held_comment_redirects_to_itself_awaiting_moderation_with_a_thank_you(client, make_article):
    article = make_article()
    response = post_comment(client, article)
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}#comment-{latest_comment().pk}"
    page = client.get(response["Location"])
    assert messages_of(page) == [HELD_MESSAGE]
    assert [text_of(item) for item in soup_of(page).select(".comment--awaiting .comment__awaiting")] == [
        "En attente de modération : pour l’instant, vous êtes seul à le voir."
    ]
    # Nobody else sees it.
    assert soup_of(Client().get(article.get_absolute_url())).select(".comment") == []


def test_spam_gets_exactly_the_answer_of_a_held_comment(make_article):
    article = make_article()
    held = post_comment(Client(), article)
    spam_client = Client()
    spam = post_comment(spam_client, article, homepage="https://spam.example")
    assert Comment.objects.filter(status=Comment.Status.SPAM).count() == 1
    anchorless = [response["Location"].rsplit("#comment-", 1)[0] for response in (spam, held)]
    assert (spam.status_code, anchorless[0]) == (held.status_code, anchorless[1])
    page = spam_client.get(spam["Location"])
    assert messages_of(page) == [HELD_MESSAGE]
    # Its author sees it awaiting moderation, as any held comment: the verdict is not told.
    assert len(soup_of(page).select(".comment--awaiting")) == 1
    assert "spam" not in page.content.decode().lower()


def test_a_comment_published_at_once_redirects_to_itself(client, make_article, settings):
    settings.COMMENTS_MODERATION = "none"
    article = make_article()
    response = post_comment(client, article, body="Publié tout de suite.")
    comment = latest_comment()
    assert response["Location"] == f"{article.get_absolute_url()}#comment-{comment.pk}"
    page = client.get(response["Location"])
    assert messages_of(page) == [PUBLISHED_MESSAGE]
    assert text_of(soup_of(page).select_one(f"#comment-{comment.pk} .comment__text")) == "Publié tout de suite."


def test_the_thank_you_is_shown_only_once(client, make_article):
    article = make_article()
    client.get(post_comment(client, article)["Location"])
    assert messages_of(client.get(article.get_absolute_url())) == []


def test_the_form_on_the_page_posts_a_comment(client, make_article, monkeypatch):
    article = make_article()
    form = comment_form(client.get(article.get_absolute_url()))
    assert form["action"] == f"{post_url(article)}#respond"  # a form sent back with errors opens at the form
    assert {"token", "parent", "homepage"} <= set(form_data(form))
    assert "csrfmiddlewaretoken" not in form_data(form)  # a page for every reader: comments/origin.py
    data = {**form_data(form), "author_name": "Claire", "author_email": "claire@example.com", "body": "Bravo."}
    # As comments.js does when the reader starts writing.
    data["token"] = json.loads(client.get(form["data-token-url"]).content)["token"]
    later = time.time() + 10  # the reader took ten seconds to write
    monkeypatch.setattr("comments.tokens.time", SimpleNamespace(time=lambda: later))
    assert client.post(form["action"], data).status_code == 302
    comment = Comment.objects.get()
    assert (comment.article, comment.author_name, comment.body, comment.parent) == (article, "Claire", "Bravo.", None)


def test_posting_needs_a_post(client, make_article):
    assert client.get(post_url(make_article())).status_code == 405


@pytest.mark.parametrize(
    "visibility",
    [{"status": Article.Status.DRAFT}, {"published_at": timezone.now() + timedelta(days=1)}],
    ids=["draft", "scheduled"],
)
def test_an_article_readers_cannot_see_takes_no_comment(client, make_article, visibility):
    assert post_comment(client, make_article(**visibility)).status_code == 404
    assert not Comment.objects.exists()


def test_the_user_agent_is_kept_for_moderators_cut_to_300_characters(client, make_article):
    client.post(post_url(article := make_article()), comment_data(article), HTTP_USER_AGENT="Robot/1.0 " * 50)
    assert latest_comment().user_agent == ("Robot/1.0 " * 50)[:300]


# The remember cookie


def test_without_consent_the_cookie_holds_only_the_ids_of_ones_comments(client, make_article):
    article = make_article()
    response = post_comment(client, article)
    morsel = response.cookies[settings.COMMENTS_COOKIE_NAME]
    assert (morsel["httponly"], morsel["samesite"]) == (True, "Lax")
    request = RequestFactory().get("/", HTTP_COOKIE=f"{settings.COMMENTS_COOKIE_NAME}={morsel.value}")
    assert remember.read(request) == {"ids": [latest_comment().pk]}
    form = comment_form(client.get(article.get_absolute_url()))
    assert (form_value(form, "author_name"), form_value(form, "author_email")) == ("", "")
    assert form_value(form, "remember") is None


def test_the_consent_box_is_unticked_by_default(client, make_article):
    form = comment_form(client.get(make_article().get_absolute_url()))
    box = form.find("input", attrs={"name": "remember"})
    assert box["type"] == "checkbox"
    assert not box.has_attr("checked")
    label = form.find("label", attrs={"for": box["id"]})
    assert text_of(label) == "Enregistrer mon nom et mon e-mail dans ce navigateur pour mon prochain commentaire"


def test_with_consent_a_signed_httponly_cookie_fills_in_the_next_form(client, make_article):
    article = make_article()
    response = post_comment(client, article, remember="on", author_url="https://claire.example")
    morsel = response.cookies[settings.COMMENTS_COOKIE_NAME]
    assert morsel["httponly"]
    assert morsel["samesite"] == "Lax"
    assert morsel["max-age"] == settings.COMMENTS_COOKIE_MAX_AGE

    request = RequestFactory().get("/")
    request.COOKIES[settings.COMMENTS_COOKIE_NAME] = morsel.value
    assert remember.read(request)["ids"] == [latest_comment().pk]
    request.COOKIES[settings.COMMENTS_COOKIE_NAME] = morsel.value.replace("claire@", "pirate@")
    assert remember.read(request) == {}

    form = comment_form(client.get(article.get_absolute_url()))
    assert form_value(form, "author_name") == "Claire Morel"
    assert form_value(form, "author_email") == "claire@example.com"
    assert form_value(form, "author_url") == "https://claire.example"
    assert form_value(form, "remember") == "on"
    assert form_value(form, "body") == ""


def test_unticking_the_box_on_a_later_comment_forgets_the_commenter(client, make_article):
    article = make_article()
    post_comment(client, article, remember="on")
    assert cookie_value(client)
    post_comment(client, article, body="Cette fois sans mémoriser.")
    request = RequestFactory().get("/", HTTP_COOKIE=f"{settings.COMMENTS_COOKIE_NAME}={cookie_value(client)}")
    assert set(remember.read(request)) == {"ids"}
    form = comment_form(client.get(article.get_absolute_url()))
    assert (form_value(form, "author_name"), form_value(form, "author_email")) == ("", "")


def test_the_cookie_keeps_the_ids_of_the_last_twenty_comments(client, make_article, settings):
    settings.COMMENTS_RATE_LIMIT = (100, 600)
    article = make_article()
    for number in range(22):
        post_comment(client, article, remember="on", body=f"Commentaire {number}")
    request = RequestFactory().get("/")
    request.COOKIES[settings.COMMENTS_COOKIE_NAME] = cookie_value(client)
    newest = list(Comment.objects.order_by("pk").values_list("pk", flat=True))[-20:]
    assert remember.comment_ids(request) == newest
