"""The moderation rules through the form, as readers send it: proven commenters, links, blocked words, robots."""

import json

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import Client, override_settings

from comments import remember
from comments.models import BlockedWord, Comment
from tests.helpers import (
    become_proven_commenter,
    comment_form,
    form_value,
    latest_comment,
    make_comment,
    post_comment,
)

pytestmark = pytest.mark.django_db


def outcome(comment):
    return comment.status, comment.reason


# Proven commenters


def test_a_first_comment_is_held_for_moderation(client, make_article):
    post_comment(client, make_article())
    comment = latest_comment()
    assert outcome(comment) == (Comment.Status.PENDING, Comment.Reason.FIRST_COMMENT)


def test_the_next_comment_of_a_proven_commenter_is_published_at_once(client, make_article):
    article = make_article()
    become_proven_commenter(client, article)
    post_comment(client, make_article(), body="Encore merci.")
    assert outcome(latest_comment()) == (Comment.Status.APPROVED, Comment.Reason.KNOWN_COMMENTER)


def test_the_proof_works_whatever_the_case_of_the_email(client, make_article):
    article = make_article()
    become_proven_commenter(client, article)
    post_comment(client, article, author_email="CLAIRE@Example.com", body="Encore merci.")
    assert latest_comment().status == Comment.Status.APPROVED


def test_knowing_an_approved_commenters_name_and_email_is_not_enough(make_article):
    article = make_article()
    become_proven_commenter(Client(), article)
    post_comment(Client(), article, body="Je me fais passer pour Claire.")
    assert outcome(latest_comment()) == (Comment.Status.PENDING, Comment.Reason.FIRST_COMMENT)


def test_a_comment_still_pending_proves_nothing(client, make_article):
    article = make_article()
    post_comment(client, article, remember="on")
    post_comment(client, article, body="Un deuxième avant la modération.")
    assert outcome(latest_comment()) == (Comment.Status.PENDING, Comment.Reason.FIRST_COMMENT)


def test_a_cookie_proves_only_the_comments_of_its_own_email(client, make_article):
    article = make_article()
    become_proven_commenter(client, article)
    post_comment(client, article, author_email="quelquun.dautre@example.com", body="Un autre nom.")
    assert latest_comment().status == Comment.Status.PENDING


def test_a_proven_commenter_under_another_name_is_held(client, make_article):
    article = make_article()
    become_proven_commenter(client, article)  # as "Claire Morel"
    post_comment(client, article, author_name="Sophie Lambert", body="Sous un autre nom.")
    comment = latest_comment()
    assert outcome(comment) == (Comment.Status.PENDING, Comment.Reason.NAME_DIFFERS)
    assert comment.reason_text == "nom différent du commentaire approuvé (\u00ab\u00a0Claire Morel\u00a0\u00bb)"


@pytest.mark.parametrize("name", ["claire morel", "  Claire   Morel ", "CLAIRE MOREL"])
def test_the_same_name_whatever_its_case_and_spacing_is_the_proven_one(client, make_article, name):
    article = make_article()
    become_proven_commenter(client, article)
    post_comment(client, article, author_name=name, body="Toujours moi.")
    assert outcome(latest_comment()) == (Comment.Status.APPROVED, Comment.Reason.KNOWN_COMMENTER)


def signed_cookie(comment_ids, *, key=None, salt=remember.SALT):
    """A commenter cookie claiming `comment_ids`, signed as the site signs it unless given another key or salt."""
    value = json.dumps({"name": "Claire Morel", "email": "claire@example.com", "url": "", "ids": comment_ids})
    response = HttpResponse()
    with override_settings(SECRET_KEY=key or settings.SECRET_KEY):
        response.set_signed_cookie(settings.COMMENTS_COOKIE_NAME, value, salt=salt)
    return response.cookies[settings.COMMENTS_COOKIE_NAME].value


def test_a_cookie_signed_with_the_sites_key_is_the_proof(client, make_article):
    """The control for the forgeries below: signed as the site signs, the same cookie is accepted."""
    article = make_article()
    approved = make_comment(article, author_name="Claire Morel", author_email="claire@example.com")
    client.cookies[settings.COMMENTS_COOKIE_NAME] = signed_cookie([approved.pk])
    post_comment(client, article, body="Avec le vrai cookie.")
    assert latest_comment().status == Comment.Status.APPROVED


@pytest.mark.parametrize("make_cookie", ["wrong_key", "wrong_salt", "unsigned", "tampered"])
def test_a_forged_or_tampered_cookie_is_ignored(client, make_article, make_cookie):
    article = make_article()
    approved = make_comment(article, author_name="Claire Morel", author_email="claire@example.com")
    genuine = Client()
    become_proven_commenter(genuine, article)
    genuine_value = genuine.cookies[settings.COMMENTS_COOKIE_NAME].value
    cookies = {
        "wrong_key": signed_cookie([approved.pk], key="une-autre-clef"),
        "wrong_salt": signed_cookie([approved.pk], salt="autre"),
        "unsigned": json.dumps({"email": "claire@example.com", "ids": [approved.pk]}),
        # A genuine cookie whose list of ids was edited afterwards.
        "tampered": genuine_value.replace('"ids": [', f'"ids": [{approved.pk}, '),
    }
    client.cookies[settings.COMMENTS_COOKIE_NAME] = cookies[make_cookie]
    response = post_comment(client, article, body="Avec un cookie fabriqué.")
    assert response.status_code == 302
    assert outcome(latest_comment()) == (Comment.Status.PENDING, Comment.Reason.FIRST_COMMENT)


def test_moderating_all_holds_a_proven_commenter(client, make_article, settings):
    article = make_article()
    become_proven_commenter(client, article)
    settings.COMMENTS_MODERATION = "all"
    post_comment(client, article, body="Encore merci.")
    assert outcome(latest_comment()) == (Comment.Status.PENDING, Comment.Reason.ALL_HELD)


def test_moderating_none_publishes_a_first_comment_at_once(client, make_article, settings):
    settings.COMMENTS_MODERATION = "none"
    post_comment(client, make_article())
    assert outcome(latest_comment()) == (Comment.Status.APPROVED, Comment.Reason.OPEN)


# Links and blocked words


def test_two_links_hold_even_a_proven_commenter(client, make_article):
    article = make_article()
    become_proven_commenter(client, article)
    post_comment(client, article, body="Lisez https://a.example et aussi https://b.example")
    comment = latest_comment()
    assert (comment.status, comment.reason, comment.reason_detail) == (
        Comment.Status.PENDING,
        Comment.Reason.LINKS,
        "2",
    )


def test_with_a_higher_link_limit_two_links_pass(client, make_article, settings):
    settings.COMMENTS_MAX_LINKS = 3
    article = make_article()
    become_proven_commenter(client, article)
    post_comment(client, article, body="Lisez https://a.example et aussi https://b.example")
    assert latest_comment().status == Comment.Status.APPROVED


@pytest.mark.parametrize(
    "field",
    [
        {"body": "Le meilleur CASINO du web."},
        {"author_name": "Casino Royal"},
        {"author_email": "casino@example.com"},
        {"author_url": "https://casino.example"},
    ],
)
def test_a_blocked_word_in_any_field_sends_the_comment_to_spam(client, make_article, field):
    BlockedWord.objects.create(word="Casino")
    post_comment(client, make_article(), **field)
    comment = latest_comment()
    assert (comment.status, comment.reason, comment.reason_detail) == (
        Comment.Status.SPAM,
        Comment.Reason.BLOCKED_WORD,
        "casino",
    )


def test_a_blocked_word_inside_a_longer_word_is_not_spam(client, make_article):
    BlockedWord.objects.create(word="casino")
    post_comment(client, make_article(), body="Les casinos de la côte sont fermés.")
    assert latest_comment().status == Comment.Status.PENDING


def test_a_word_added_to_the_blocklist_applies_to_the_next_comment(client, make_article):
    article = make_article()
    post_comment(client, article, body="Viagra pas cher")
    assert latest_comment().status == Comment.Status.PENDING
    BlockedWord.objects.create(word="viagra")
    post_comment(client, article, body="Viagra pas cher")
    assert latest_comment().status == Comment.Status.SPAM
    BlockedWord.objects.get(word="viagra").delete()
    post_comment(client, article, body="Viagra pas cher")
    assert latest_comment().status == Comment.Status.PENDING


# Robots: the honeypot (the form token: test_form_token.py)


def test_the_honeypot_is_hidden_from_people_and_their_tools(client, make_article):
    form = comment_form(client.get(make_article().get_absolute_url()))
    trap = form.find("input", attrs={"name": "homepage"})
    assert trap.find_parent(class_="comment-form__trap")["aria-hidden"] == "true"
    assert (trap["tabindex"], trap["autocomplete"]) == ("-1", "off")
    assert form_value(form, "homepage") == ""


def test_a_filled_honeypot_sends_the_comment_to_spam(client, make_article):
    post_comment(client, make_article(), homepage="https://spam.example")
    assert outcome(latest_comment()) == (Comment.Status.SPAM, Comment.Reason.HONEYPOT)


def test_the_reason_and_its_detail_are_stored_with_the_comment(client, make_article):
    BlockedWord.objects.create(word="crypto")
    post_comment(client, make_article(), body="Investissez en crypto.")
    comment = Comment.objects.get()
    assert (comment.reason, comment.reason_detail) == (Comment.Reason.BLOCKED_WORD, "crypto")
    assert comment.reason_text == "mot bloqué\u00a0: crypto"
