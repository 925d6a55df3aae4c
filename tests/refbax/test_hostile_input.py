"""Undecodable input (NUL characters, broken UTF-8) gets a 400 or a 404, never a 500, on SQLite and PostgreSQL."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from newsroom.models import Autosave
from redirects.models import Redirect

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def a_redirect():
    # Unknown paths are looked up in the redirect table: it must hold something to be read.
    Redirect.objects.create(old_path="/ancien-article/", new_path="/")


@pytest.mark.parametrize(
    "url",
    [
        "/nulle-part%00/",
        "/articles/un%00article/",
        "/search/?q=%00",
        "/search/?q=seo%00",
        "/?p=%00",
        "/?page=1%00",
        "/tag/seo/?utm_source=%00",
    ],
)
def test_a_nul_character_in_the_address_gets_a_400_page(url):
    response = Client().get(url)
    assert response.status_code == 400
    assert "illisible" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        reverse("admin:articles_article_changelist") + "?title__contains=%00",
        reverse("admin:articles_article_changelist") + "?q=%00",
        reverse("admin:comments_comment_changelist") + "?author_email=a%00b",
        reverse("admin:media_library_mediaimage_picker") + "?q=%00",
    ],
)
def test_a_nul_character_in_admin_filters_and_the_media_picker_gets_a_400(admin_client, url):
    assert admin_client.get(url).status_code == 400


def test_a_nul_character_in_a_cookie_or_a_header_gets_a_400():
    assert Client(headers={"Cookie": "sessionid=abc\x00def"}).get("/").status_code == 400
    assert Client(headers={"User-Agent": "robot\x00"}).get("/").status_code == 400


@pytest.mark.parametrize("url", ["/%FF%FE/", "/articles/%C0%AF/", "/search/?q=%FF%FE", "/tag/%ED%A0%80/"])
def test_broken_utf8_is_read_as_text_and_answered(url):
    assert Client().get(url).status_code in {200, 404}


def test_a_nul_character_typed_into_an_autosave_is_dropped_not_a_500(admin_client):
    fields = {"title": "Titre\x00 propre", "body": "<p>Texte\x00</p>"}
    response = admin_client.post(
        reverse("admin:articles_article_autosave"),
        json.dumps({"article": None, "fields": fields}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert Autosave.objects.get().data == {"title": "Titre propre", "body": "<p>Texte</p>"}


def test_a_nul_character_in_a_comment_is_refused_with_the_form(make_article):
    article = make_article()
    response = Client().post(
        reverse("comments:post", args=[article.pk]),
        {"author_name": "Lou\x00", "author_email": "lou@example.org", "body": "Bonjour\x00"},
    )
    assert response.status_code == 400
    assert "Bonjour" in response.content.decode()  # the text comes back, nothing is lost
