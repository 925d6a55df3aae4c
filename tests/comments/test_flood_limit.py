"""The flood limit on comments, per client address (behind a trusted proxy only), and addresses kept as hashes."""

import pytest
from django.db import connection
from django.test import Client

from comments.models import Comment
from comments.throttle import ip_hash
from tests.helpers import comment_data, latest_comment, post_comment, post_url, soup_of, text_of

pytestmark = pytest.mark.django_db


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


# The address, kept only as a keyed hash


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
