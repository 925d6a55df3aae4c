import struct
import zlib
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, Author
from site_settings.models import SiteSettings

pytestmark = pytest.mark.django_db

ARTICLE_ADD_URL = reverse("admin:articles_article_add")
ARTICLE_CHANGELIST_URL = reverse("admin:articles_article_changelist")


def form_values(response, form_id):
    """What a browser would submit from the form `form_id` as rendered, files and buttons left out."""
    form = BeautifulSoup(response.content, "html.parser").find("form", id=form_id)
    data = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.get("type") in {"submit", "file", "button"}:
            continue
        if field.name == "textarea":
            data[name] = field.get_text()
        elif field.name == "select":
            data[name] = [option["value"] for option in field.find_all("option", selected=True)]
        elif field.get("type") == "checkbox":
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        else:
            data[name] = field.get("value", "")
    return data


def errors_of(response):
    return response.context["adminform"].form.errors


# Pages an editor uses


def test_an_editor_can_open_the_admin_index(editor_client):
    response = editor_client.get(reverse("admin:index"))
    assert response.status_code == 200
    links = {link["href"] for link in BeautifulSoup(response.content, "html.parser").select("#content-main a")}
    assert ARTICLE_CHANGELIST_URL in links
    assert reverse("admin:auth_user_changelist") not in links
    assert reverse("admin:site_settings_sitesettings_changelist") not in links


@pytest.fixture
def desk(make_article, make_author, make_category):
    """A draft, a scheduled and a published article for the changelist's filters."""
    author, category = make_author(name="Claire Morel"), make_category(name="SEO")
    return {
        "draft": make_article(title="Le brouillon", status=Article.Status.DRAFT, author=author, tags=["python"]),
        "scheduled": make_article(title="Le programmé", published_at=timezone.now() + timedelta(days=3)),
        "published": make_article(title="Le guide publié", category=category, tags=["python", "seo"]),
    }


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


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:articles_category_changelist",
        "admin:articles_category_add",
        "admin:articles_author_changelist",
        "admin:articles_author_add",
        "admin:taggit_tag_changelist",
        "admin:taggit_tag_add",
    ],
)
def test_an_editor_can_manage_categories_authors_and_tags(editor_client, desk, url_name):
    assert editor_client.get(reverse(url_name)).status_code == 200


def test_an_editor_can_open_category_author_and_tag_change_forms(editor_client, desk):
    article = desk["published"]
    for url in [
        reverse("admin:articles_category_change", args=[article.category_id]),
        reverse("admin:articles_author_change", args=[article.author_id]),
        reverse("admin:taggit_tag_change", args=[Tag.objects.get(name="seo").pk]),
    ]:
        assert editor_client.get(url).status_code == 200, url


@pytest.mark.parametrize(("field_name", "make"), [("author", "make_author"), ("category", "make_category")])
def test_the_author_and_category_autocompletes_list_names_alphabetically(editor_client, request, field_name, make):
    factory = request.getfixturevalue(make)
    for name in ["Julien", "Amina", "Claire"]:
        factory(name=name)
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "article", "field_name": field_name, "term": ""},
    )
    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == ["Amina", "Claire", "Julien"]


# What an editor may not do


@pytest.mark.parametrize(
    "url",
    [
        reverse("admin:auth_user_changelist"),
        reverse("admin:auth_user_add"),
        reverse("admin:auth_group_changelist"),
        reverse("admin:site_settings_sitesettings_changelist"),
        reverse("admin:site_settings_sitesettings_change", args=[1]),
    ],
)
def test_an_editor_cannot_manage_accounts_or_site_settings(editor_client, url):
    SiteSettings.load()
    assert editor_client.get(url).status_code == 403


def test_an_editor_cannot_change_another_users_account(editor_client, admin_user):
    assert editor_client.get(reverse("admin:auth_user_change", args=[admin_user.pk])).status_code == 403


def test_an_editor_cannot_create_the_site_settings(editor_client):
    assert not SiteSettings.objects.exists()
    assert editor_client.get(reverse("admin:site_settings_sitesettings_add")).status_code == 403


def test_the_editors_group_has_exactly_the_editorial_permissions():
    group = Group.objects.get(name="Éditeurs")
    permissions = {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list("content_type__app_label", "codename")
    }
    expected = {
        f"{app_label}.{action}_{model}"
        for app_label, model in [
            ("articles", "article"),
            ("articles", "category"),
            ("articles", "author"),
            ("articles", "taggedarticle"),
            ("taggit", "tag"),
            ("redirects", "redirect"),
            ("media_library", "mediaimage"),
        ]
        for action in ["add", "change", "delete", "view"]
    } | {"articles.publish_article"}
    assert permissions == expected


def test_the_editors_group_grants_nothing_about_accounts_or_comments(editor):
    assert editor.has_perm("articles.change_article")
    assert not editor.has_perm("auth.view_user")
    assert not editor.has_perm("auth.change_group")
    assert not editor.has_module_perms("comments")
    assert not editor.has_perm("site_settings.change_sitesettings")
    assert not editor.has_perm("site_settings.add_sitesettings")


# Creating an article


@pytest.fixture
def add_form(editor_client, make_author, make_category):
    """The add form's values as a browser would post them, filled in with a new article."""
    author, category = make_author(name="Claire Morel"), make_category(name="SEO")
    data = form_values(editor_client.get(ARTICLE_ADD_URL), "article_form")
    data.update(
        {
            "title": "Sécurité des API",
            "standfirst": "La check-list avant la mise en production.",
            "body": "<h2>Pourquoi ?</h2><p>Parce que.</p><script>alert(1)</script>",
            "author": str(author.pk),
            "category": str(category.pk),
            "tags": "SEO, Sécurité, API",
            "status": "published",
            "published_at_0": "09/07/2026",
            "published_at_1": "10:00:00",
            "_save": "Enregistrer",
        }
    )
    return data


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


def png_claiming_size(width, height):
    """A tiny PNG file whose header claims `width` × `height` pixels: a decompression bomb's signature."""

    def chunk(kind, payload):
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def assert_cover_refused(response, code):
    """A form error on the cover with `code`, never a 500, and nothing saved."""
    assert response.status_code == 200
    assert [error.code for error in errors_of(response).as_data()["cover"]] == [code]
    assert not Article.objects.exists()


def post_cover(client, form, cover):
    return client.post(ARTICLE_ADD_URL, {**form, "cover": cover, "cover_alt": "Une image"})


def test_an_upload_that_is_not_an_image_is_a_form_error(editor_client, add_form):
    fake = SimpleUploadedFile("photo.png", b"#!/bin/sh\necho pas une image\n", content_type="image/png")
    assert_cover_refused(post_cover(editor_client, add_form, fake), "invalid_image")


def test_a_truncated_image_is_a_form_error(editor_client, add_form, make_image):
    content = make_image(width=64, height=64, image_format="JPEG").read()
    truncated = SimpleUploadedFile("photo.jpg", content[: len(content) // 2], content_type="image/jpeg")
    assert_cover_refused(post_cover(editor_client, add_form, truncated), "invalid_image")


def test_an_svg_upload_is_a_form_error(editor_client, add_form):
    svg = SimpleUploadedFile(
        "logo.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="9" height="9"/></svg>',
        content_type="image/svg+xml",
    )
    assert_cover_refused(post_cover(editor_client, add_form, svg), "svg")


def test_an_image_over_the_size_limit_is_a_form_error(editor_client, add_form, make_image, settings):
    image = make_image(width=32, height=32)
    settings.MAX_IMAGE_UPLOAD_BYTES = image.size - 1
    assert_cover_refused(post_cover(editor_client, add_form, image), "too_large")


def test_an_image_over_the_pixel_limit_is_a_form_error(editor_client, add_form, make_image, settings):
    settings.MAX_IMAGE_PIXELS = 100
    assert_cover_refused(post_cover(editor_client, add_form, make_image(width=20, height=20)), "too_many_pixels")


def test_a_png_claiming_64_megapixels_is_refused_for_its_size(editor_client, add_form):
    # More than the site accepts (40 Mpx), less than Pillow refuses by itself (89 Mpx).
    bomb = SimpleUploadedFile("bombe.png", png_claiming_size(8_000, 8_000), content_type="image/png")
    assert_cover_refused(post_cover(editor_client, add_form, bomb), "too_many_pixels")


def test_a_decompression_bomb_is_a_form_error(editor_client, add_form):
    bomb = SimpleUploadedFile("bombe.png", png_claiming_size(50_000, 50_000), content_type="image/png")
    assert bomb.size < 200
    response = post_cover(editor_client, add_form, bomb)
    assert response.status_code == 200
    assert "cover" in errors_of(response)
    assert not Article.objects.exists()


@pytest.mark.parametrize("side", [10_000, 50_000])
def test_a_decompression_bomb_is_refused_for_its_pixel_count(editor_client, add_form, side):
    bomb = SimpleUploadedFile("bombe.png", png_claiming_size(side, side), content_type="image/png")
    assert_cover_refused(post_cover(editor_client, add_form, bomb), "too_many_pixels")


def test_a_bad_avatar_is_a_form_error_too(editor_client):
    data = form_values(editor_client.get(reverse("admin:articles_author_add")), "author_form")
    fake = SimpleUploadedFile("avatar.png", b"not an image", content_type="image/png")
    response = editor_client.post(
        reverse("admin:articles_author_add"), {**data, "name": "Jean Dupont", "avatar": fake, "_save": "1"}
    )
    assert response.status_code == 200
    assert "avatar" in errors_of(response)
    assert not Author.objects.exists()


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
