"""The small things of the writing desk: tags as written, lists as stored, the article list, the favicon."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from articles.models import Article
from newsroom.forms import split_tags
from tests.helpers import change_url, errors_of, form_values

pytestmark = pytest.mark.django_db

CHANGELIST_URL = reverse("admin:articles_article_changelist")


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def test_tags_read_without_quotes_and_complete_from_existing_ones(editor_client, make_article):
    article = make_article(tags=["Moteurs de réponse", "IA"])
    make_article(tags=["SEO"])
    soup = soup_of(editor_client.get(change_url(article)))
    field = soup.find("input", attrs={"name": "tags"})
    assert field["value"] == "IA, Moteurs de réponse"
    suggestions = {option["value"] for option in soup.select(f"datalist#{field['list']} option")}
    assert suggestions == {"IA", "Moteurs de réponse", "SEO"}


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Moteurs de réponse", ["Moteurs de réponse"]),
        ("Moteurs de réponse, IA", ["Moteurs de réponse", "IA"]),
        ('"Moteurs de réponse", IA,', ["Moteurs de réponse", "IA"]),
        ("  SEO ,seo, Référencement   local ", ["SEO", "Référencement local"]),
        (", ,", []),
    ],
)
def test_tags_are_split_on_commas_only(typed, expected):
    assert split_tags(typed) == expected


def test_a_tag_of_several_words_is_saved_as_one(editor_client, desk):
    article = desk["draft"]
    data = form_values(editor_client.get(change_url(article)), "article_form")
    response = editor_client.post(change_url(article), {**data, "action": "save", "tags": "Moteurs de réponse"})
    assert response.status_code == 302, errors_of(response)
    assert list(article.tags.names()) == ["Moteurs de réponse"]


def test_a_tag_too_long_is_refused_in_french(editor_client, desk):
    article = desk["draft"]
    data = form_values(editor_client.get(change_url(article)), "article_form")
    response = editor_client.post(change_url(article), {**data, "action": "save", "tags": "x" * 101})
    assert response.status_code == 200
    assert "caractères au plus" in errors_of(response)["tags"][0]


def test_list_items_written_in_the_editor_are_stored_as_their_text(editor_client, desk):
    article = desk["draft"]
    data = form_values(editor_client.get(change_url(article)), "article_form")
    body = "<ul><li><p>Un</p></li><li><p>Deux</p><ol><li><p>Deux bis</p></li></ol></li><li><p>A</p><p>B</p></li></ul>"
    response = editor_client.post(change_url(article), {**data, "action": "save", "body": body})
    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    assert article.body == "<ul><li>Un</li><li>Deux<ol><li>Deux bis</li></ol></li><li><p>A</p><p>B</p></li></ul>"


def test_the_article_list_puts_the_title_first_and_the_status_as_a_badge(editor_client, desk):
    soup = soup_of(editor_client.get(CHANGELIST_URL))
    headers = [
        name for th in soup.select("#result_list thead th") for name in th["class"] if name.startswith("column-")
    ]
    assert headers == [
        "column-title",
        "column-visibility",
        "column-category",
        "column-author",
        "column-published_at",
        "column-reading_time_display",
    ]
    row = soup.find("a", string="Le programmé").find_parent("tr")
    assert row.select_one(".field-visibility .status-badge--scheduled").get_text(strip=True) == "Programmé"
    assert soup.select_one(".object-tools .addlink").get_text(strip=True) == "Nouvel article"
    # One filter per way of sorting articles out: the visibility, not the status beside it.
    assert "status__exact" not in str(soup.select_one("#changelist-filter"))


def test_the_status_can_still_be_looked_up_in_the_list(editor_client, desk):
    response = editor_client.get(CHANGELIST_URL, {"status__exact": Article.Status.DRAFT})
    assert list(response.context["cl"].result_list) == [desk["draft"]]


def test_every_admin_page_has_the_sites_favicon(editor_client):
    for url in [reverse("admin:index"), CHANGELIST_URL, reverse("admin:articles_article_add")]:
        icon = soup_of(editor_client.get(url)).find("link", rel="icon")
        assert icon is not None and icon["href"].endswith("favicon.svg"), url
