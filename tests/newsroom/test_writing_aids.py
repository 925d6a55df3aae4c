"""Writing aids on the article form: what the page gives its script (tests/browser/test_newsroom.py runs it)."""

import json

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from articles.models import META_DESCRIPTION_LENGTH

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:articles_article_add")


def page_of(response):
    return BeautifulSoup(response.content, "html.parser")


def editing_data(page):
    return json.loads(page.find(id="article-editing-data").string)


def test_the_aids_read_the_reading_speed_from_the_settings(editor_client, settings):
    settings.READING_WORDS_PER_MINUTE = 180
    aids = page_of(editor_client.get(ADD_URL)).find(id="writing-aids")
    assert aids["data-words-per-minute"] == "180"


def test_the_aids_are_a_labelled_region_with_polite_live_counts(editor_client):
    aids = page_of(editor_client.get(ADD_URL)).find(id="writing-aids")
    assert aids.name == "section"
    assert aids.find(id=aids["aria-labelledby"]).name == "h2"
    for live_id in ["aid-warnings", "search-title-count", "search-description-count"]:
        assert aids.find(id=live_id)["aria-live"] == "polite"
    assert aids.select_one(".writing-aids__stats")["aria-live"] == "polite"
    assert [h3.get_text() for h3 in aids.find_all("h3")]  # each preview has a heading
    assert aids.find(id="social-card-image")["alt"] == ""  # the card's picture repeats the cover


def test_the_previews_get_the_site_and_the_article_address(editor_client, settings, make_article):
    settings.SITE_URL = "https://www.refbax.example"
    article = make_article(slug="un-article")
    data = editing_data(page_of(editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))))
    assert data["siteHost"] == "www.refbax.example"
    assert (
        data["articleUrl"].replace("__slug__", article.slug)
        == "https://www.refbax.example" + article.get_absolute_url()
    )
    assert data["limits"] == {"title": 60, "description": 155, "metaDescription": META_DESCRIPTION_LENGTH}
    assert data["siteName"]


def test_the_social_card_shows_the_covers_social_image(editor_client, make_article, make_image):
    article = make_article(cover=make_image("cover.png", 1600, 900), cover_alt="Une couverture")
    data = editing_data(page_of(editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))))
    assert data["coverUrl"] == article.social_image["url"]
    assert data["coverUrl"].endswith("-social.jpg")


def test_without_a_cover_the_social_card_has_no_image(editor_client, make_article):
    article = make_article()
    data = editing_data(page_of(editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))))
    assert data["coverUrl"] is None


def test_every_message_of_the_aids_comes_from_the_page(editor_client):
    strings = editing_data(page_of(editor_client.get(ADD_URL)))["strings"]
    expected = {"noCover", "coverWithoutAlt", "noDescription", "imagesWithoutAlt", "titleTooLong"}
    assert expected <= strings.keys()
    assert all(isinstance(text, str) and text for text in strings.values())
