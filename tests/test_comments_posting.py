"""Posting a comment: post/redirect/get, CSRF, the remember cookie, the flood limit, hostile input, threading."""

import time
from datetime import timedelta
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from comments import remember
from comments.models import Comment
from comments.throttle import ip_hash
from tests.comment_helpers import (
    comment_data,
    comment_form,
    cookie_value,
    field_errors,
    form_data,
    form_errors,
    form_value,
    latest_comment,
    make_comment,
    post_comment,
    post_url,
    soup_of,
    text_of,
)

pytestmark = pytest.mark.django_db

HELD_MESSAGE = "Merci ! Votre commentaire est en attente de modération."
PUBLISHED_MESSAGE = "Merci ! Votre commentaire est publié."
PARENT_UNAVAILABLE = "Le commentaire auquel vous répondez n’est pas disponible."


def messages_of(response):
    return [text_of(message) for message in soup_of(response).select(".messages .message")]


# Post, redirect, get


def test_a_held_comment_redirects_to_the_comments_with_a_thank_you(client, make_article):
    article = make_article()
    response = post_comment(client, article)
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}#comments"
    page = client.get(response["Location"])
    assert messages_of(page) == [HELD_MESSAGE]
    assert soup_of(page).select(".comment") == []


def test_spam_gets_exactly_the_answer_of_a_held_comment(make_article):
    article = make_article()
    held = post_comment(Client(), article)
    spam_client = Client()
    spam = post_comment(spam_client, article, homepage="https://spam.example")
    assert Comment.objects.filter(status=Comment.Status.SPAM).count() == 1
    assert (spam.status_code, spam["Location"]) == (held.status_code, held["Location"])
    assert messages_of(spam_client.get(spam["Location"])) == [HELD_MESSAGE]


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
    assert {"token", "parent", "homepage", "csrfmiddlewaretoken"} <= set(form_data(form))
    data = {**form_data(form), "author_name": "Claire", "author_email": "claire@example.com", "body": "Bravo."}
    later = time.time() + 10  # the reader took ten seconds to write
    monkeypatch.setattr("comments.forms.time", SimpleNamespace(time=lambda: later))
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


# CSRF


def test_a_post_without_the_csrf_token_is_refused(make_article):
    client = Client(enforce_csrf_checks=True)
    assert post_comment(client, make_article()).status_code == 403
    assert not Comment.objects.exists()


def test_a_post_with_the_csrf_token_of_the_page_is_accepted(make_article):
    client = Client(enforce_csrf_checks=True)
    article = make_article()
    token = form_value(comment_form(client.get(article.get_absolute_url())), "csrfmiddlewaretoken")
    assert post_comment(client, article, csrfmiddlewaretoken=token).status_code == 302
    assert Comment.objects.count() == 1


# The remember cookie


def test_without_consent_no_cookie_is_set(client, make_article):
    article = make_article()
    response = post_comment(client, article)
    morsel = response.cookies.get(settings.COMMENTS_COOKIE_NAME)
    # At most the deletion of an earlier cookie: an empty value that expires at once.
    assert morsel is None or (morsel.value == "" and morsel["max-age"] == 0)
    assert cookie_value(client) == ""
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
    assert cookie_value(client) == ""


def test_the_cookie_keeps_the_ids_of_the_last_twenty_comments(client, make_article, settings):
    settings.COMMENTS_RATE_LIMIT = (100, 600)
    article = make_article()
    for number in range(22):
        post_comment(client, article, remember="on", body=f"Commentaire {number}")
    request = RequestFactory().get("/")
    request.COOKIES[settings.COMMENTS_COOKIE_NAME] = cookie_value(client)
    newest = list(Comment.objects.order_by("pk").values_list("pk", flat=True))[-20:]
    assert remember.comment_ids(request) == newest


# The flood limit


def post_numbered(client, article, number, **extra):
    return client.post(post_url(article), comment_data(article, body=f"Mon commentaire n° {number}"), **extra)


def test_the_sixth_comment_in_ten_minutes_from_one_address_gets_a_429_page_in_french(client, make_article):
    article = make_article()
    for number in range(1, 6):
        assert post_numbered(client, article, number).status_code == 302
    response = post_numbered(client, article, 6)
    assert response.status_code == 429
    soup = soup_of(response)
    assert text_of(soup.find("h1")) == "Trop de commentaires en peu de temps"
    assert soup.find("html")["lang"] == "fr"
    # The reader's text is on the page, to copy and post again later.
    assert soup.select_one("textarea#kept-comment").get_text().strip() == "Mon commentaire n° 6"
    assert soup.find("a", href=f"{article.get_absolute_url()}#comments")
    assert Comment.objects.count() == 5


def test_the_text_kept_on_the_429_page_is_inert(client, make_article, settings):
    settings.COMMENTS_RATE_LIMIT = (0, 600)
    body = "</textarea><script>alert(1)</script>"
    soup = soup_of(post_comment(client, make_article(), body=body))
    assert soup.select_one("textarea#kept-comment").get_text() == body
    assert soup.select_one("main").find("script") is None


def test_the_limit_counts_per_address_not_per_browser(make_article):
    article = make_article()
    for number in range(5):
        post_numbered(Client(), article, number, REMOTE_ADDR="203.0.113.1")
    assert post_numbered(Client(), article, 5, REMOTE_ADDR="203.0.113.1").status_code == 429
    assert post_numbered(Client(), article, 6, REMOTE_ADDR="203.0.113.2").status_code == 302


def test_the_limit_follows_its_setting(client, make_article, settings):
    settings.COMMENTS_RATE_LIMIT = (2, 60)
    article = make_article()
    assert [post_numbered(client, article, number).status_code for number in range(3)] == [302, 302, 429]


def test_a_forged_forwarded_for_header_does_not_lift_the_limit(client, make_article):
    article = make_article()
    statuses = [
        post_numbered(client, article, number, HTTP_X_FORWARDED_FOR=f"198.51.100.{number}").status_code
        for number in range(6)
    ]
    assert statuses == [302] * 5 + [429]


def test_behind_a_trusted_proxy_the_forwarded_client_address_counts(client, make_article, settings):
    settings.COMMENTS_TRUSTED_PROXIES = ["127.0.0.1"]
    article = make_article()
    for number in range(5):
        assert post_numbered(client, article, number, HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 302
    assert post_numbered(client, article, 5, HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 429
    assert post_numbered(client, article, 6, HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 302
    assert latest_comment().ip_hash == ip_hash("203.0.113.8")


def test_behind_a_trusted_proxy_addresses_prepended_by_the_client_are_ignored(client, make_article, settings):
    settings.COMMENTS_TRUSTED_PROXIES = ["127.0.0.1"]
    article = make_article()
    statuses = [
        post_numbered(client, article, number, HTTP_X_FORWARDED_FOR=f"198.51.100.{number}, 203.0.113.7").status_code
        for number in range(6)
    ]
    assert statuses == [302] * 5 + [429]
    assert latest_comment().ip_hash == ip_hash("203.0.113.7")


def test_the_raw_ip_address_is_stored_nowhere_in_the_comment(client, make_article):
    address = "198.51.100.23"
    article = make_article()
    client.post(post_url(article), comment_data(article), REMOTE_ADDR=address, HTTP_X_FORWARDED_FOR="192.0.2.99")
    comment = latest_comment()
    assert comment.ip_hash == ip_hash(address)
    assert len(comment.ip_hash) == 64
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM comments_comment")
        rows = cursor.fetchall()
    stored = [str(value) for row in rows for value in row]
    assert not [value for value in stored if address in value or "192.0.2.99" in value]


def test_the_ip_hash_is_keyed_with_the_server_secret(settings):
    first = ip_hash("198.51.100.23")
    settings.SECRET_KEY = "une-autre-clef-secrete"
    assert ip_hash("198.51.100.23") != first


# Input that gets a form error, the reader's text kept


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"body": "a" * 5001}, "body"),
        ({"body": "a" * 1_000_000}, "body"),
        ({"body": ""}, "body"),
        ({"body": "   \n\t  "}, "body"),
        ({"body": "Du texte\x00 avec un octet nul"}, "body"),
        ({"author_name": "n" * 101}, "author_name"),
        ({"author_name": ""}, "author_name"),
        ({"author_name": "Claire\x00"}, "author_name"),
        ({"author_email": "pas-une-adresse"}, "author_email"),
        ({"author_email": ""}, "author_email"),
        ({"author_url": "javascript:alert(document.cookie)"}, "author_url"),
        ({"author_url": "JaVaScRiPt:alert(1)"}, "author_url"),
        ({"author_url": "data:text/html,<script>alert(1)</script>"}, "author_url"),
        ({"author_url": "ftp://example.com/"}, "author_url"),
        ({"author_url": "https://exa\x00mple.com"}, "author_url"),
    ],
    ids=[
        "body-5001",
        "body-1MB",
        "body-empty",
        "body-whitespace",
        "body-null-byte",
        "name-101",
        "name-empty",
        "name-null-byte",
        "email-invalid",
        "email-empty",
        "url-javascript",
        "url-javascript-mixed-case",
        "url-data",
        "url-ftp",
        "url-null-byte",
    ],
)
def test_bad_input_gets_a_form_error_and_keeps_the_readers_text(client, make_article, overrides, field):
    article = make_article()
    body = overrides.get("body", "Mon texte à ne pas perdre.")
    response = post_comment(client, article, **{"body": body, **overrides})
    assert response.status_code == 400
    assert field_errors(response, field)
    assert not Comment.objects.exists()
    form = comment_form(response)
    if body.strip():
        assert form_value(form, "body") == body
    if field != "body":
        assert form_value(form, field) == overrides[field]


def test_hostile_text_sent_back_in_the_form_is_inert(client, make_article):
    name, body = "</textarea><script>alert(1)</script>" * 5, '"><img src=x onerror=alert(1)></textarea>'
    response = post_comment(client, make_article(), author_name=name, body=body)
    assert field_errors(response, "author_name")
    form = comment_form(response)
    assert (form_value(form, "author_name"), form_value(form, "body")) == (name, body)
    assert form.find_all(["script", "img"]) == []


def test_a_body_of_exactly_5000_characters_is_accepted(client, make_article):
    post_comment(client, make_article(), body="a" * 5000)
    assert len(latest_comment().body) == 5000


def test_the_body_is_stored_without_surrounding_whitespace(client, make_article):
    post_comment(client, make_article(), body="\n\n  Bonjour.\n\nÀ bientôt.  \n")
    assert latest_comment().body == "Bonjour.\n\nÀ bientôt."


def test_the_page_explains_what_is_wrong_in_french(client, make_article):
    response = post_comment(client, make_article(), author_email="pas-une-adresse", body="   ")
    assert field_errors(response, "author_email") == ["Saisissez une adresse de courriel valide."]
    assert field_errors(response, "body") == ["Ce champ est obligatoire."]


# Input stored as inert text


HOSTILE = [
    '<script>alert("xss")</script>',
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "<a href=\"javascript:alert(1)\" onclick='alert(2)'>clic</a>",
    "\u202eexe.tnemucod\u202c",
    "Zoé 🎉👍🏽 ❤️",
    "'); DROP TABLE comments_comment; --",
    "{{ settings.SECRET_KEY }} {% debug %}",
]


def assert_inert(fragment):
    """No markup from the comment: no script, no event handler, no link to anything but the web."""
    assert fragment.find_all(["script", "img", "svg", "iframe", "object", "embed", "form"]) == []
    for element in fragment.find_all(True):
        assert not [name for name in element.attrs if name.lower().startswith("on")], element
    for link in fragment.find_all("a", href=True):
        assert link["href"].startswith(("https://", "http://", "#", "?")), link


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_text_is_stored_as_is_and_shown_as_text(client, make_article, settings, payload):
    settings.COMMENTS_MODERATION = "none"
    article = make_article()
    response = post_comment(client, article, author_name=payload[:100], body=f"Avant {payload} après")
    assert response.status_code == 302
    comment = latest_comment()
    assert (comment.author_name, comment.body) == (payload[:100], f"Avant {payload} après")

    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    item = soup_of(page).select_one(f"#comment-{comment.pk}")
    assert_inert(item)
    assert item.select_one(".comment__author").get_text() == payload[:100]
    assert item.select_one(".comment__text").get_text().strip() == f"Avant {payload} après"


def test_the_sql_fragment_did_nothing_to_the_table(client, make_article):
    post_comment(client, make_article(), body="'); DROP TABLE comments_comment; --")
    assert Comment.objects.get().body == "'); DROP TABLE comments_comment; --"


@pytest.mark.parametrize(
    "url",
    [
        'https://example.com/"><script>alert(1)</script>',
        "https://example.com/?q=<img/src=x/onerror=alert(1)>",
        'https://example.com/"onmouseover="alert(1)',
    ],
)
def test_a_website_with_markup_in_it_stays_inside_the_link(client, make_article, settings, url):
    settings.COMMENTS_MODERATION = "none"
    article = make_article()
    post_comment(client, article, author_url=url)
    comment = latest_comment()
    item = soup_of(client.get(article.get_absolute_url())).select_one(f"#comment-{comment.pk}")
    assert_inert(item)
    assert item.select_one(".comment__author a")["href"] == comment.author_url


def test_a_right_to_left_override_in_a_name_is_isolated(client, make_article):
    article = make_article()
    comment = make_comment(article, author_name="\u202eevil")
    author = soup_of(client.get(article.get_absolute_url())).select_one(f"#comment-{comment.pk} .comment__author")
    assert author.find("bdi").get_text() == "\u202eevil"


def test_invalid_utf8_sent_raw_never_gets_a_500(client, make_article):
    article = make_article()
    fields = urlencode(comment_data(article, body=None, author_name=None)).encode()
    raw = fields + b"&author_name=Zo\xe9+\xc3\x28&body=caf\xe9+\xff\xfe+fin"
    response = client.post(post_url(article), raw, content_type="application/x-www-form-urlencoded")
    # Django reads an undecodable form as Latin-1: odd letters, but the comment is kept, as text.
    assert response.status_code == 302
    comment = latest_comment()
    assert comment.body.startswith("caf") and comment.body.endswith(" fin")
    comment.approve()
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    assert soup_of(page).select_one(f"#comment-{comment.pk} .comment__text").get_text().strip() == comment.body


def test_invalid_utf8_in_every_field_never_gets_a_500(client, make_article):
    article = make_article()
    raw = b"&".join(
        f"{name}=".encode() + b"\xff\xfe\xc3\x28" for name in ["author_name", "author_email", "author_url", "body"]
    )
    response = client.post(post_url(article), raw, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400


# Replies and threading depth


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
