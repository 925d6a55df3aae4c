"""Unsubscribing from the e-mails about comments: a signed link that expires, confirmed by a POST."""

import time

import pytest
from django.conf import settings
from django.core import mail, signing
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from comments.notifications import UNSUBSCRIBE_SALT, unsubscribe_token
from tests.helpers import make_comment, soup_of, text_of, unsubscribe_url_in

pytestmark = pytest.mark.django_db


def unsubscribe_path(token):
    return reverse("comments:unsubscribe", args=[token])


@pytest.fixture
def subscriber(make_article):
    """Two comments by Claire asking for e-mails, and Marc's, who asked too."""
    article = make_article()
    options = {"notify_on_publish": True, "notify_on_reply": True}
    return {
        "claire": [
            make_comment(article, author_email="claire@example.com", **options),
            make_comment(article, author_email="Claire@Example.com", **options),
        ],
        "marc": make_comment(article, author_email="marc@example.com", **options),
    }


def notifications_of(comment):
    comment.refresh_from_db()
    return (comment.notify_on_publish, comment.notify_on_reply)


def test_the_link_first_asks_for_confirmation(client, subscriber):
    response = client.get(unsubscribe_path(unsubscribe_token("claire@example.com")))
    assert response.status_code == 200
    soup = soup_of(response)
    assert "claire@example.com" in text_of(soup.select_one(".error-page"))
    form = soup.select_one(".error-page form")
    assert form["method"] == "post"
    assert text_of(form.find("button")) == "Arrêter les e-mails"
    # Mail scanners follow links: a GET changes nothing.
    assert notifications_of(subscriber["claire"][0]) == (True, True)


def test_confirming_stops_every_email_to_that_address(client, subscriber):
    response = client.post(unsubscribe_path(unsubscribe_token("claire@example.com")))
    assert response.status_code == 200
    assert text_of(soup_of(response).select_one("[role=status]")) == (
        "C’est fait : claire@example.com ne recevra plus d’e-mails sur les commentaires."
    )
    assert [notifications_of(comment) for comment in subscriber["claire"]] == [(False, False), (False, False)]
    assert notifications_of(subscriber["marc"]) == (True, True)


def test_after_unsubscribing_no_reply_email_is_sent(client, subscriber, commit):
    parent = subscriber["claire"][0]
    client.post(unsubscribe_path(unsubscribe_token("claire@example.com")))
    reply = make_comment(parent.article, parent=parent, status=Comment.Status.PENDING)
    commit(reply.approve)
    assert mail.outbox == []


def test_the_link_in_the_email_works(client, make_article, commit):
    comment = make_comment(make_article(), status=Comment.Status.PENDING, notify_on_publish=True, notify_on_reply=True)
    commit(comment.approve)
    url = unsubscribe_url_in(mail.outbox[0]).removeprefix(settings.SITE_URL)
    assert client.post(url).status_code == 200
    assert notifications_of(comment) == (False, False)


def signed_days_ago(monkeypatch, email, days):
    """An unsubscribe token signed `days` days ago."""
    past = time.time() - days * 24 * 3600
    with monkeypatch.context() as patch:
        patch.setattr(signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(int(past)))
        return unsubscribe_token(email)


def test_a_link_older_than_thirty_days_has_expired(client, subscriber, monkeypatch):
    assert settings.COMMENTS_NOTIFICATION_MAX_AGE == 30 * 24 * 3600
    token = signed_days_ago(monkeypatch, "claire@example.com", 31)
    for method in [client.get, client.post]:
        response = method(unsubscribe_path(token))
        assert response.status_code == 410
        assert text_of(soup_of(response).select_one(".error-page p")) == (
            "Ce lien a expiré. Le prochain e-mail que vous recevrez en contiendra un nouveau."
        )
    assert notifications_of(subscriber["claire"][0]) == (True, True)


def test_a_link_of_29_days_still_works(client, subscriber, monkeypatch):
    token = signed_days_ago(monkeypatch, "claire@example.com", 29)
    assert client.post(unsubscribe_path(token)).status_code == 200
    assert notifications_of(subscriber["claire"][0]) == (False, False)


def test_the_expiry_follows_its_setting(client, subscriber, monkeypatch, settings):
    settings.COMMENTS_NOTIFICATION_MAX_AGE = 3600
    token = signed_days_ago(monkeypatch, "claire@example.com", 0.1)  # 2.4 hours
    assert client.get(unsubscribe_path(token)).status_code == 410


@pytest.mark.parametrize(
    "token",
    [
        "pas-un-jeton",
        "eyJlIjoiY2xhaXJlQGV4YW1wbGUuY29tIn0:1abcde:falsifié",
        signing.TimestampSigner(salt="une-autre-salt").sign_object({"e": "claire@example.com"}),
    ],
    ids=["garbage", "forged-signature", "other-salt"],
)
def test_a_forged_link_gets_a_400_page(client, subscriber, token):
    for method in [client.get, client.post]:
        response = method(unsubscribe_path(token))
        assert response.status_code == 400
        assert text_of(soup_of(response).select_one(".error-page p")) == (
            "Ce lien n’est pas valide. Copiez l’adresse complète depuis l’e-mail."
        )
    assert notifications_of(subscriber["claire"][0]) == (True, True)


def test_a_link_edited_to_another_address_gets_a_400_page(client, subscriber):
    token = unsubscribe_token("claire@example.com")
    payload, rest = token.split(":", 1)
    other = signing.b64_encode(b'{"e":"marc@example.com"}').decode()
    assert client.post(unsubscribe_path(f"{other}:{rest}")).status_code == 400
    assert notifications_of(subscriber["marc"]) == (True, True)
    assert payload != other


def test_the_token_is_salted_for_unsubscribing_only():
    token = unsubscribe_token("claire@example.com")
    with pytest.raises(signing.BadSignature):
        signing.TimestampSigner().unsign_object(token)
    assert signing.TimestampSigner(salt=UNSUBSCRIBE_SALT).unsign_object(token) == {"e": "claire@example.com"}


def test_the_one_click_unsubscribe_of_mail_clients_works_without_a_csrf_token(subscriber):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        unsubscribe_path(unsubscribe_token("claire@example.com")),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert notifications_of(subscriber["claire"][0]) == (False, False)
