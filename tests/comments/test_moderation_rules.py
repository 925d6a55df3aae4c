"""The moderation rules, pure: what happens to a new comment, and why, with each rule's default and its setting."""

import pytest
from django.core import signing

from comments.forms import TOKEN_SALT, read_token
from comments.models import Comment
from comments.moderation import Verdict, count_links, find_blocked_word, judge
from tests.helpers import form_token

pytestmark = pytest.mark.django_db


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


# The rules


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
