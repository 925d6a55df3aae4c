"""The writing desk's article admin for an editor: the list, its filters, the forms and the bulk actions."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article
from tests.helpers import errors_of

pytestmark = pytest.mark.django_db

ARTICLE_ADD_URL = reverse("admin:articles_article_add")
ARTICLE_CHANGELIST_URL = reverse("admin:articles_article_changelist")


# Pages an editor uses


def test_an_editor_can_open_the_admin_index(editor_client):
    response = editor_client.get(reverse("admin:index"))
    assert response.status_code == 200
    links = {link["href"] for link in BeautifulSoup(response.content, "html.parser").select("#content-main a")}
    assert ARTICLE_CHANGELIST_URL in links
    assert reverse("admin:auth_user_changelist") not in links
    assert reverse("admin:site_settings_sitesettings_changelist") not in links


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, {"draft", "scheduled", "published"}),
        ({"visibility": "draft"}, {"draft"}),
        ({"visibility": "scheduled"}, {"scheduled"}),
        ({"visibility": "published"}, {"published"}),
        ({"status__exact": "draft"}, {"draft"}),
        ({"status__exact": "published"}, {"scheduled", "published"}),
        ({"q": "guide"}, {"published"}),
        ({"featured__exact": "0"}, {"draft", "scheduled", "published"}),
    ],
)
def test_the_article_list_filters_by_visibility_status_and_search(editor_client, desk, query, expected):
    response = editor_client.get(ARTICLE_CHANGELIST_URL, query)
    assert response.status_code == 200
    assert set(response.context["cl"].result_list) == {desk[name] for name in expected}


def test_the_article_list_filters_by_category_tag_and_author(editor_client, desk):
    published, draft = desk["published"], desk["draft"]
    python = Tag.objects.get(name="python")
    for query, expected in [
        ({"category__id__exact": published.category_id}, {published}),
        ({"tags__id__exact": python.pk}, {published, draft}),
        ({"author__id__exact": draft.author_id}, {draft}),
    ]:
        response = editor_client.get(ARTICLE_CHANGELIST_URL, query)
        assert response.status_code == 200, query
        assert set(response.context["cl"].result_list) == expected, query


def test_the_article_list_has_a_date_hierarchy(editor_client, desk):
    year = desk["published"].published_at.astimezone(timezone.get_current_timezone()).year
    response = editor_client.get(ARTICLE_CHANGELIST_URL, {"published_at__year": year})
    assert response.status_code == 200
    assert desk["published"] in response.context["cl"].result_list


def test_the_article_list_shows_visibility_and_reading_time(editor_client, desk):
    soup = BeautifulSoup(editor_client.get(ARTICLE_CHANGELIST_URL).content, "html.parser")
    row = soup.find("a", string="Le programmé").find_parent("tr")
    assert row.select_one(".field-visibility").get_text(strip=True) == "Programmé"
    assert row.select_one(".field-reading_time_display").get_text(strip=True).replace("\u00a0", " ") == "1 min"


def test_an_editor_can_open_the_add_and_change_forms(editor_client, desk, make_image):
    article = desk["published"]
    article.cover = make_image()
    article.cover_alt = "Une image"
    article.save()
    assert editor_client.get(ARTICLE_ADD_URL).status_code == 200
    response = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find("a", href=reverse("articles:preview", args=[article.pk]))


def test_the_change_form_of_a_draft_offers_its_preview(editor_client, desk):
    draft = desk["draft"]
    response = editor_client.get(reverse("admin:articles_article_change", args=[draft.pk]))
    soup = BeautifulSoup(response.content, "html.parser")
    preview = reverse("articles:preview", args=[draft.pk])
    assert soup.find("a", href=preview)
    # "View on site" leads to the preview, not to a reader's 404.
    assert soup.select_one("a.viewsitelink")["href"] == preview


# Creating an article


def test_posting_the_add_form_creates_the_article(editor_client, add_form, make_image):
    response = editor_client.post(ARTICLE_ADD_URL, {**add_form, "cover": make_image(), "cover_alt": "Un schéma"})
    assert response.status_code == 302, response.context and errors_of(response)
    article = Article.objects.get()
    assert article.slug == "securite-des-api"
    assert set(article.tags.names()) == {"SEO", "Sécurité", "API"}
    assert article.published_at.astimezone(timezone.get_current_timezone()).strftime("%Y-%m-%d %H:%M") == (
        "2026-07-09 10:00"
    )
    assert article.is_public
    assert (article.cover_width, article.cover_height) == (8, 6)
    assert BeautifulSoup(article.body, "html.parser").find("script") is None


def test_the_add_form_requires_alternative_text_with_a_cover(editor_client, add_form, make_image):
    response = editor_client.post(ARTICLE_ADD_URL, {**add_form, "cover": make_image(), "cover_alt": ""})
    assert response.status_code == 200
    assert "cover_alt" in errors_of(response)
    assert not Article.objects.exists()


# Admin actions


def run_action(client, action, articles):
    return client.post(
        ARTICLE_CHANGELIST_URL,
        {"action": action, "_selected_action": [article.pk for article in articles], "index": 0},
    )


def test_publish_now_publishes_drafts_and_scheduled_articles(editor_client, desk):
    published_at = desk["published"].published_at
    before = timezone.now()
    response = run_action(editor_client, "publish_now", desk.values())
    assert response.status_code == 302
    for article in desk.values():
        article.refresh_from_db()
        assert article.is_public
    assert desk["draft"].published_at >= before
    assert desk["scheduled"].published_at <= timezone.now()
    # An article already public keeps its date.
    assert desk["published"].published_at == published_at
    assert set(Article.objects.published()) == set(desk.values())


def test_unpublish_moves_articles_back_to_draft(editor_client, desk):
    response = run_action(editor_client, "unpublish", [desk["published"], desk["scheduled"]])
    assert response.status_code == 302
    assert not Article.objects.published().exists()
    assert set(Article.objects.filter(status=Article.Status.DRAFT)) == set(desk.values())
