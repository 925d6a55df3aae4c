"""The moderation rules, pure: what happens to a new comment, and why, with each rule's default and its setting."""

import time

import pytest
from django.core import signing

from comments import tokens
from comments.models import Comment
from comments.moderation import Verdict, count_links, find_blocked_word, judge, judge_edit
from tests.helpers import make_comment

pytestmark = pytest.mark.django_db


PROVEN = ("proven", "Claire Morel")


def verdict_for(**overrides):
    """judge() for an honest first comment with a good token, unless `overrides` say otherwise."""
    context = {
        "name": "Claire Morel",
        "email": "claire@example.com",
        "url": "",
        "body": "Merci pour cet article.",
        "honeypot": "",
        "token_reused": False,
        "proof": (None, ""),
        "blocked_words": [],
        **overrides,
    }
    return judge(**context)


# The rules


def test_a_first_comment_is_held_by_default():
    assert verdict_for() == Verdict(Comment.Status.PENDING, Comment.Reason.FIRST_COMMENT)


def test_a_proven_commenter_is_published_by_default():
    assert verdict_for(proof=PROVEN) == Verdict(Comment.Status.APPROVED, Comment.Reason.KNOWN_COMMENTER)


def test_moderating_all_holds_even_a_proven_commenter(settings):
    settings.COMMENTS_MODERATION = "all"
    assert verdict_for(proof=PROVEN) == Verdict(Comment.Status.PENDING, Comment.Reason.ALL_HELD)


def test_moderating_none_publishes_a_first_comment(settings):
    settings.COMMENTS_MODERATION = "none"
    assert verdict_for() == Verdict(Comment.Status.APPROVED, Comment.Reason.OPEN)


@pytest.mark.parametrize("moderation", ["known", "all", "none"])
def test_two_links_hold_a_comment_whatever_the_moderation_setting(settings, moderation):
    settings.COMMENTS_MODERATION = moderation
    verdict = verdict_for(body="Voir https://a.example et www.b.example", proof=PROVEN)
    assert verdict == Verdict(Comment.Status.PENDING, Comment.Reason.LINKS, "2")


def test_one_link_does_not_hold_a_proven_commenter():
    assert verdict_for(body="Voir https://a.example", proof=PROVEN).status == Comment.Status.APPROVED


def test_the_link_limit_follows_its_setting(settings):
    settings.COMMENTS_MAX_LINKS = 3
    assert verdict_for(body="https://a.example https://b.example", proof=PROVEN).status == Comment.Status.APPROVED
    body = "https://a.example https://b.example http://c.example"
    assert verdict_for(body=body, proof=PROVEN).reason == Comment.Reason.LINKS


def test_links_in_the_name_count_but_the_website_does_not():
    assert verdict_for(name="https://a.example", body="www.b.example", proof=PROVEN).reason == Comment.Reason.LINKS
    assert verdict_for(url="https://a.example", body="www.b.example", proof=PROVEN).status == Comment.Status.APPROVED


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
    verdict = verdict_for(body="Le meilleur Casino en ligne", proof=PROVEN, blocked_words=["casino"])
    assert verdict == Verdict(Comment.Status.SPAM, Comment.Reason.BLOCKED_WORD, "casino")


def test_a_filled_honeypot_is_spam_even_from_a_proven_commenter():
    assert verdict_for(honeypot="x", proof=PROVEN) == Verdict(Comment.Status.SPAM, Comment.Reason.HONEYPOT)


def test_a_token_used_again_is_spam_even_from_a_proven_commenter():
    verdict = verdict_for(token_reused=True, proof=PROVEN)
    assert verdict == Verdict(Comment.Status.SPAM, Comment.Reason.TOKEN_REUSED)


def test_the_same_email_under_another_name_is_held_with_the_approved_name():
    verdict = verdict_for(name="Sophie Lambert", proof=("other_name", "Claire Morel"))
    assert verdict == Verdict(Comment.Status.PENDING, Comment.Reason.NAME_DIFFERS, "Claire Morel")


# An edit by the author


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Corrigé : une faute de frappe.", (Comment.Status.APPROVED, Comment.Reason.KNOWN_COMMENTER)),
        ("Voir https://a.example et https://b.example", (Comment.Status.PENDING, Comment.Reason.LINKS)),
        ("Venez au casino", (Comment.Status.SPAM, Comment.Reason.BLOCKED_WORD)),
    ],
)
def test_an_edit_keeps_the_verdict_unless_the_new_text_is_held(make_article, body, expected):
    comment = make_comment(make_article(), reason=Comment.Reason.KNOWN_COMMENTER)
    verdict = judge_edit(comment, body, ["casino"])
    assert (verdict.status, verdict.reason) == expected


# What the moderators read


@pytest.mark.parametrize(
    ("reason", "detail", "text"),
    [
        (Comment.Reason.LINKS, "3", "3 liens"),
        (Comment.Reason.LINKS, "1", "1 lien"),
        (Comment.Reason.BLOCKED_WORD, "casino", "mot bloqué\u00a0: casino"),
        (Comment.Reason.TOO_FAST, "1.2 s", "réponse en 1,2 s"),  # as stored before the confirm step
        (Comment.Reason.TOKEN_REUSED, "", "jeton réutilisé"),
        (Comment.Reason.FIRST_COMMENT, "", "premier commentaire de cette personne"),
        (
            Comment.Reason.NAME_DIFFERS,
            "Claire",
            "nom différent du commentaire approuvé (\u00ab\u00a0Claire\u00a0\u00bb)",
        ),
    ],
)
def test_each_reason_reads_in_plain_french_with_what_triggered_it(reason, detail, text):
    assert Comment(reason=reason, reason_detail=detail).reason_text == text


# The token: which article, when, and a number used once


def test_a_token_reads_with_its_age_and_its_nonce(make_article):
    article = make_article()
    reading = tokens.read(tokens.issue(article.pk, now=time.time() - 60), article.pk)
    assert reading.valid and 59 <= reading.seconds < 62 and len(reading.nonce) == 16


@pytest.mark.parametrize(
    ("age", "state"),
    [
        (0, tokens.State.TOO_YOUNG),
        (2.9, tokens.State.TOO_YOUNG),
        (3.1, tokens.State.VALID),
        (7 * 3600, tokens.State.STALE),
    ],
)
def test_a_token_is_good_between_its_minimum_and_maximum_age(make_article, age, state):
    article = make_article()
    assert tokens.read(tokens.issue(article.pk, now=time.time() - age), article.pk).state is state


@pytest.mark.parametrize(
    ("token", "state"),
    [
        ("", tokens.State.MISSING),
        (None, tokens.State.MISSING),
        ("pas-un-jeton", tokens.State.FORGED),
        (signing.dumps({"a": 1, "t": 0, "n": "0" * 16}, salt="une-autre-salt"), tokens.State.FORGED),
        (signing.dumps(["liste"], salt=tokens.SALT), tokens.State.FORGED),
        (signing.dumps({"a": 1, "t": "hier", "n": "0" * 16}, salt=tokens.SALT), tokens.State.FORGED),
        (signing.dumps({"a": 1, "t": 0}, salt=tokens.SALT), tokens.State.FORGED),
    ],
    # Fixed ids: the signed values hold the time, and xdist workers must collect the same names.
    ids=["empty", "none", "garbage", "other-salt", "not-a-dict", "time-not-a-number", "no-nonce"],
)
def test_a_missing_or_forged_token_reads_as_such(make_article, token, state):
    assert tokens.read(token, make_article().pk).state is state


def test_a_token_for_another_article_reads_as_such(make_article):
    article, other = make_article(), make_article()
    assert tokens.read(tokens.issue(other.pk), article.pk).state is tokens.State.OTHER_ARTICLE
