"""The moderation rules: what happens to a new comment, and why, with each rule's default and its setting."""

import json
import time
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core import signing
from django.http import HttpResponse
from django.test import Client, override_settings
from django.utils import timezone

from comments import remember
from comments.forms import TOKEN_SALT, CommentForm, read_token
from comments.models import BlockedWord, Comment
from comments.moderation import Verdict, count_links, find_blocked_word, judge
from tests.comment_helpers import (
    become_proven_commenter,
    comment_data,
    comment_form,
    form_data,
    form_token,
    form_value,
    latest_comment,
    make_comment,
    post_comment,
    soup_of,
    text_of,
)

pytestmark = pytest.mark.django_db

CLOSED = "Les commentaires sont fermés pour cet article."


def verdict_for(**overrides):
    """judge() for an honest first comment, sent back after a minute, unless `overrides` say otherwise."""
    context = {
        "name": "Claire Morel",
        "email": "claire@example.com",
        "url": "",
        "body": "Merci pour cet article.",
        "honeypot": "",
        "elapsed": 60.0,
        "token_valid": True,
        "proven": False,
        "blocked_words": [],
        **overrides,
    }
    return judge(**context)


def outcome(comment):
    return comment.status, comment.reason


# The pure rules


def test_a_first_comment_is_held_by_default():
    assert verdict_for() == Verdict(Comment.Status.PENDING, Comment.Reason.FIRST_COMMENT)


def test_a_proven_commenter_is_published_by_default():
    assert verdict_for(proven=True) == Verdict(Comment.Status.APPROVED, Comment.Reason.KNOWN_COMMENTER)


def test_moderating_all_holds_even_a_proven_commenter(settings):
    settings.COMMENTS_MODERATION = "all"
    assert verdict_for(proven=True) == Verdict(Comment.Status.PENDING, Comment.Reason.ALL_HELD)


def test_moderating_none_publishes_a_first_comment(settings):
    settings.COMMENTS_MODERATION = "none"
    assert verdict_for() == Verdict(Comment.Status.APPROVED, Comment.Reason.OPEN)


@pytest.mark.parametrize("moderation", ["known", "all", "none"])
def test_two_links_hold_a_comment_whatever_the_moderation_setting(settings, moderation):
    settings.COMMENTS_MODERATION = moderation
    verdict = verdict_for(body="Voir https://a.example et www.b.example", proven=True)
    assert verdict == Verdict(Comment.Status.PENDING, Comment.Reason.LINKS, "2")


def test_one_link_does_not_hold_a_proven_commenter():
    assert verdict_for(body="Voir https://a.example", proven=True).status == Comment.Status.APPROVED


def test_the_link_limit_follows_its_setting(settings):
    settings.COMMENTS_MAX_LINKS = 3
    assert verdict_for(body="https://a.example https://b.example", proven=True).status == Comment.Status.APPROVED
    body = "https://a.example https://b.example http://c.example"
    assert verdict_for(body=body, proven=True).reason == Comment.Reason.LINKS


def test_links_in_the_name_count_but_the_website_does_not():
    assert verdict_for(name="https://a.example", body="www.b.example", proven=True).reason == Comment.Reason.LINKS
    assert verdict_for(url="https://a.example", body="www.b.example", proven=True).status == Comment.Status.APPROVED


def test_count_links_finds_web_addresses_only():
    assert count_links("https://a.example, http://b.example/x?y=1 et www.c.example") == 3
    assert count_links("mailto:a@example.com ftp://example.com un.point.com") == 0


@pytest.mark.parametrize(
    ("texts", "found"),
    [
        (["Gagnez au CASINO ce soir"], "casino"),
        (["casino!"], "casino"),
        (["", "", "https://casino.example", ""], "casino"),
        (["les casinos en ligne"], None),
        (["occasinon"], None),
        (["Achetez du prêt rapide"], "prêt rapide"),
        (["prêt  rapide"], None),
    ],
)
def test_blocked_words_match_whole_words_ignoring_case(texts, found):
    assert find_blocked_word(texts, ["casino", "prêt rapide"]) == found


def test_a_blocked_word_makes_a_comment_spam_with_the_word_as_detail():
    verdict = verdict_for(body="Le meilleur Casino en ligne", proven=True, blocked_words=["casino"])
    assert verdict == Verdict(Comment.Status.SPAM, Comment.Reason.BLOCKED_WORD, "casino")


def test_a_filled_honeypot_is_spam_even_from_a_proven_commenter():
    assert verdict_for(honeypot="x", proven=True) == Verdict(Comment.Status.SPAM, Comment.Reason.HONEYPOT)


def test_an_invalid_token_is_spam():
    verdict = verdict_for(token_valid=False, elapsed=0, proven=True)
    assert verdict == Verdict(Comment.Status.SPAM, Comment.Reason.BAD_TOKEN)


def test_a_form_sent_back_in_under_three_seconds_is_spam_with_the_time_as_detail():
    assert verdict_for(elapsed=1.25, proven=True) == Verdict(Comment.Status.SPAM, Comment.Reason.TOO_FAST, "1.2 s")
    assert verdict_for(elapsed=3.0).reason == Comment.Reason.FIRST_COMMENT


def test_the_time_trap_follows_its_setting(settings):
    settings.COMMENTS_MIN_SECONDS = 10
    assert verdict_for(elapsed=9.5).reason == Comment.Reason.TOO_FAST
    settings.COMMENTS_MIN_SECONDS = 0
    assert verdict_for(elapsed=0.0).reason == Comment.Reason.FIRST_COMMENT


# The token: which article's form was served, and when


def test_the_token_gives_the_seconds_since_the_form_was_served(make_article):
    article = make_article()
    assert 59 <= read_token(form_token(article, seconds_ago=60), article) < 62


@pytest.mark.parametrize(
    "token",
    [
        "",
        None,
        "pas-un-jeton",
        signing.dumps({"a": 1, "t": 0}, salt="une-autre-salt"),
        signing.dumps(["liste"], salt=TOKEN_SALT),
        signing.dumps({"a": 1, "t": "hier"}, salt=TOKEN_SALT),
    ],
    # Fixed ids: the signed values hold the time, and xdist workers must collect the same names.
    ids=["empty", "none", "garbage", "other-salt", "not-a-dict", "time-not-a-number"],
)
def test_a_missing_or_forged_token_reads_as_none(make_article, token):
    assert read_token(token, make_article()) is None


def test_a_token_for_another_article_reads_as_none(make_article):
    article, other = make_article(), make_article()
    assert read_token(form_token(other), article) is None


# Through the form, as readers send it


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


def test_the_honeypot_is_hidden_from_people_and_their_tools(client, make_article):
    form = comment_form(client.get(make_article().get_absolute_url()))
    trap = form.find("input", attrs={"name": "homepage"})
    assert trap.find_parent(class_="comment-form__trap")["aria-hidden"] == "true"
    assert (trap["tabindex"], trap["autocomplete"]) == ("-1", "off")
    assert form_value(form, "homepage") == ""


def test_a_filled_honeypot_sends_the_comment_to_spam(client, make_article):
    post_comment(client, make_article(), homepage="https://spam.example")
    assert outcome(latest_comment()) == (Comment.Status.SPAM, Comment.Reason.HONEYPOT)


def test_a_form_sent_back_in_under_three_seconds_is_spam(client, make_article):
    article = make_article()
    post_comment(client, article, token=form_token(article, seconds_ago=1))
    comment = latest_comment()
    assert outcome(comment) == (Comment.Status.SPAM, Comment.Reason.TOO_FAST)
    assert comment.reason_detail.endswith(" s")


def test_a_form_sent_back_after_three_seconds_is_not_spam(client, make_article):
    article = make_article()
    post_comment(client, article, token=form_token(article, seconds_ago=4))
    assert latest_comment().status == Comment.Status.PENDING


def test_the_token_in_the_page_catches_a_robot_and_lets_a_reader_through(client, make_article, monkeypatch):
    article = make_article()
    data = {
        **form_data(comment_form(client.get(article.get_absolute_url()))),
        "author_name": "Claire Morel",
        "author_email": "claire@example.com",
        "body": "Lu et relu.",
    }
    client.post(comment_form_action(client, article), data)
    assert outcome(latest_comment()) == (Comment.Status.SPAM, Comment.Reason.TOO_FAST)

    # Five seconds later, without sleeping: the clock of the form module moves on.
    later = time.time() + 5
    monkeypatch.setattr("comments.forms.time", SimpleNamespace(time=lambda: later))
    client.post(comment_form_action(client, article), data)
    assert outcome(latest_comment()) == (Comment.Status.PENDING, Comment.Reason.FIRST_COMMENT)


def comment_form_action(client, article):
    return comment_form(client.get(article.get_absolute_url()))["action"]


def test_the_time_trap_can_be_turned_off(client, make_article, settings):
    settings.COMMENTS_MIN_SECONDS = 0
    article = make_article()
    post_comment(client, article, token=form_token(article, seconds_ago=0))
    assert latest_comment().status == Comment.Status.PENDING


@pytest.mark.parametrize(
    "token",
    [None, "", "eyJhIjoxfQ:falsifié", "le-jeton-modifié"],
    ids=["missing", "empty", "forged", "garbage"],
)
def test_a_missing_or_forged_token_sends_the_comment_to_spam(client, make_article, token):
    post_comment(client, make_article(), token=token)
    assert outcome(latest_comment()) == (Comment.Status.SPAM, Comment.Reason.BAD_TOKEN)


def test_a_tampered_token_sends_the_comment_to_spam(client, make_article):
    article = make_article()
    payload, signature = form_token(article).split(":", 1)
    post_comment(client, article, token=f"{payload}x:{signature}")
    assert outcome(latest_comment()) == (Comment.Status.SPAM, Comment.Reason.BAD_TOKEN)


def test_a_token_for_another_article_sends_the_comment_to_spam(client, make_article):
    article, other = make_article(), make_article()
    post_comment(client, article, token=form_token(other))
    assert outcome(latest_comment()) == (Comment.Status.SPAM, Comment.Reason.BAD_TOKEN)


def test_the_reason_and_its_detail_are_stored_with_the_comment(client, make_article):
    BlockedWord.objects.create(word="crypto")
    post_comment(client, make_article(), body="Investissez en crypto.")
    comment = Comment.objects.get()
    assert comment.get_reason_display() == "Contient un mot bloqué"
    assert comment.reason_detail == "crypto"


# Closed comments


def days_ago(days):
    return timezone.now() - timedelta(days=days)


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
