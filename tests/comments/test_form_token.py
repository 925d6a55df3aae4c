"""The form token (comments/tokens.py): fetched when the reader starts writing, bound to the article and a
time window, used once per address; a form without a good one comes back to confirm, its text kept."""

import json
import time
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from comments import tokens
from comments.models import Comment
from tests.helpers import comment_form, form_data, form_errors, form_token, form_value, latest_comment, post_comment

pytestmark = pytest.mark.django_db

TEXT = "Je colle un texte préparé à l’avance."
CONFIRM = "Pour confirmer que vous n’êtes pas un robot, vérifiez votre commentaire et envoyez-le à nouveau."
TOO_QUICK = "Vous avez été très rapide ! Vérifiez votre commentaire, puis envoyez-le à nouveau pour confirmer."


@pytest.fixture
def clock(monkeypatch):
    """The clock of the token module, moved by hand: no sleeping."""
    now = SimpleNamespace(value=time.time())
    monkeypatch.setattr(tokens, "time", SimpleNamespace(time=lambda: now.value))
    return now


def token_of(client, article):
    response = client.get(reverse("comments:token", args=[article.pk]))
    assert response.status_code == 200
    return json.loads(response.content)["token"]


def assert_given_back_to_confirm(response, message=CONFIRM):
    """Nothing stored; the form back with the reader's text, the message, and a new token of this article."""
    assert response.status_code == 400
    assert Comment.objects.count() == 0
    form = comment_form(response)
    assert form_value(form, "body") == TEXT
    assert form_errors(response) == [message]
    return form


# The page holds none: the token is asked for when the reader starts writing.


def test_the_article_page_holds_no_token(client, make_article):
    form = comment_form(client.get(make_article().get_absolute_url()))
    assert form_value(form, "token") == ""
    assert form["data-token-url"].startswith("/comments/token/")


def test_the_token_address_gives_a_fresh_token_that_no_cache_keeps(client, make_article):
    article = make_article()
    response = client.get(reverse("comments:token", args=[article.pk]))
    assert "no-store" in response["Cache-Control"]
    reading = tokens.read(json.loads(response.content)["token"], article.pk, now=time.time() + 10)
    assert reading.valid and len(reading.nonce) == 16
    assert token_of(client, article) != token_of(client, article)


@pytest.mark.parametrize("visibility", ["draft", "scheduled"])
def test_no_token_for_an_article_readers_cannot_see(client, make_article, visibility):
    if visibility == "draft":
        article = make_article(status=Article.Status.DRAFT)
    else:
        article = make_article(published_at=timezone.now() + timedelta(days=2))
    assert client.get(reverse("comments:token", args=[article.pk])).status_code == 404
    assert client.post(reverse("comments:token", args=[article.pk])).status_code == 405


def test_a_reader_who_types_for_twenty_seconds_is_never_spam(client, make_article, clock):
    article = make_article()
    token = token_of(client, article)
    clock.value += 20
    response = post_comment(client, article, token=token, body=TEXT)
    assert response.status_code == 302
    assert (latest_comment().status, latest_comment().reason) == (Comment.Status.PENDING, Comment.Reason.FIRST_COMMENT)


# A form sent back without a good token: given back to confirm, never judged, never lost.


def test_a_paste_sent_at_once_is_given_back_to_confirm_then_accepted(client, make_article, clock):
    article = make_article()
    token = token_of(client, article)
    clock.value += 1.2
    form = assert_given_back_to_confirm(post_comment(client, article, token=token, body=TEXT), TOO_QUICK)
    # Read, then sent again a few seconds later with the form as given back.
    clock.value += 5
    response = client.post(form["action"], form_data(form))
    assert response.status_code == 302
    assert latest_comment().body == TEXT
    assert latest_comment().status == Comment.Status.PENDING


@pytest.mark.parametrize(
    "token",
    [None, "", "eyJhIjoxfQ:falsifié", "le-jeton-modifié", "tampered", "other_article", "stale", "no_nonce"],
)
def test_a_form_without_a_good_token_is_given_back_to_confirm(client, make_article, token):
    article, other = make_article(), make_article()
    payload, signature = form_token(article).split(":", 1)
    token = {
        "tampered": f"{payload}x:{signature}",
        "other_article": form_token(other),
        "stale": form_token(article, seconds_ago=7 * 3600),
        "no_nonce": signing.dumps({"a": article.pk, "t": time.time() - 60}, salt=tokens.SALT),
    }.get(token, token)
    form = assert_given_back_to_confirm(post_comment(client, article, token=token, body=TEXT))
    assert tokens.read(form_value(form, "token"), article.pk, now=time.time() + 10).valid


def test_without_javascript_a_reader_confirms_once(client, make_article, clock):
    """The page's form as a browser without JavaScript sends it: no token, so one confirmation."""
    article = make_article()
    data = {
        **form_data(comment_form(client.get(article.get_absolute_url()))),
        "author_name": "Claire Morel",
        "author_email": "claire@example.com",
        "body": TEXT,
    }
    form = assert_given_back_to_confirm(client.post(reverse("comments:post", args=[article.pk]), data))
    clock.value += 4
    assert client.post(form["action"], form_data(form)).status_code == 302
    assert Comment.objects.get().author_name == "Claire Morel"


def test_the_time_trap_can_be_turned_off(client, make_article, settings):
    settings.COMMENTS_MIN_SECONDS = 0
    article = make_article()
    post_comment(client, article, token=form_token(article, seconds_ago=0))
    assert latest_comment().status == Comment.Status.PENDING


def test_a_robot_filling_the_trap_is_spam_whatever_its_token(client, make_article):
    post_comment(client, make_article(), token="", homepage="https://spam.example")
    assert (latest_comment().status, latest_comment().reason) == (Comment.Status.SPAM, Comment.Reason.HONEYPOT)


# Used once per address.


def test_a_token_sent_again_from_the_same_address_is_spam(client, make_article):
    article = make_article()
    token = form_token(article)
    for body in ["Premier envoi.", "Deuxième envoi.", "Troisième envoi."]:
        assert post_comment(client, article, token=token, body=body).status_code == 302
    statuses = list(Comment.objects.order_by("pk").values_list("status", "reason"))
    assert statuses == [
        (Comment.Status.PENDING, Comment.Reason.FIRST_COMMENT),
        (Comment.Status.SPAM, Comment.Reason.TOKEN_REUSED),
        (Comment.Status.SPAM, Comment.Reason.TOKEN_REUSED),
    ]
    assert Comment.objects.order_by("pk").last().reason_text == "jeton réutilisé"


def test_the_same_token_from_another_address_is_judged_as_usual(client, make_article):
    article = make_article()
    token = form_token(article)
    post_comment(client, article, token=token, body="Depuis chez moi.")
    client.defaults["REMOTE_ADDR"] = "192.0.2.50"
    post_comment(client, article, token=token, body="Depuis le bureau.")
    assert set(Comment.objects.values_list("status", flat=True)) == {Comment.Status.PENDING}
