"""Requests too large for the site: a French 413 page that gives the limits and says the text was not kept."""

from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from tests.helpers import comment_data, post_url, soup_of, text_of

pytestmark = pytest.mark.django_db

NOT_KEPT = "Ce que vous avez envoyé n’a pas pu être conservé"


def assert_too_large(response):
    assert response.status_code == 413
    assert response["Connection"] == "close"
    page = text_of(soup_of(response))
    assert "Requête trop volumineuse" in page
    assert NOT_KEPT in page
    assert "2,5 Mio de texte au plus" in page and "images de 10,0 Mio au plus" in page


def test_a_comment_longer_than_the_site_reads_gets_the_french_413_page(make_article):
    article = make_article()
    # A reader's browser: the CSRF cookie of the page it came from, the form as it sends it (3 MB of text).
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = "a" * 32
    body = urlencode(comment_data(article, body="Très long. " * 300_000, csrfmiddlewaretoken="a" * 32))
    response = client.post(post_url(article), body, content_type="application/x-www-form-urlencoded")
    assert_too_large(response)
    assert not Comment.objects.exists()


def test_a_form_read_by_the_view_itself_gets_the_413_page_too(client, make_article):
    article = make_article()
    response = client.post(post_url(article), comment_data(article, body="x" * (3 * 1024 * 1024)))
    assert_too_large(response)


def test_an_article_text_over_the_limit_sent_with_its_cover_gets_the_413_page(editor_client, add_form, make_image):
    # Multipart: the image does not count towards the text limit, the text fields do.
    data = {**add_form, "body": "<p>" + "mot " * 700_000 + "</p>", "cover": make_image(), "cover_alt": "Une image"}
    assert_too_large(editor_client.post(reverse("admin:articles_article_add"), data))


def test_a_body_announced_over_the_upload_limit_is_refused_before_it_is_read(client):
    response = client.post("/search/", b"x", content_type="application/octet-stream", CONTENT_LENGTH=str(50 << 20))
    assert_too_large(response)


def test_a_form_within_the_limits_is_read_as_usual(client, make_article):
    article = make_article()
    response = client.post(post_url(article), comment_data(article, body="Un commentaire de taille normale."))
    assert response.status_code in {200, 302}


def test_other_bad_requests_keep_the_400_page(client):
    response = client.get("/search/", {"q": "\x00"})
    assert response.status_code == 400
    assert "Requête illisible" in text_of(soup_of(response))
