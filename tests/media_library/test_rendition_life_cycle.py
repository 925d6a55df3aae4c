"""Renditions kept sound: hostile files refused, renditions replaced and deleted with their image, shown in pages."""

import io
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from PIL import Image, PngImagePlugin

from articles.management.commands.rebuild_renditions import BAR_WIDTH
from articles.models import Article
from media_library.uploads import validate_image_upload
from tests.helpers import encode, form_values, jpeg, opened, upload

pytestmark = pytest.mark.django_db


def rendition_files():
    return sorted(path for path in Path(default_storage.path("renditions")).rglob("*") if path.is_file())


def names(renditions_data):
    return {entry["name"] for entry in [*renditions_data["images"], renditions_data.get("social")] if entry}


# Hostile files: a clear error at upload, never a 500 nor a half-written file


def compressed_text_bomb():
    info = PngImagePlugin.PngInfo()
    info.add_text("bomb", "0" * 50_000_000, zip=True)  # 50 MB of text in about 50 kB
    return encode(Image.new("RGB", (10, 10)), "PNG", pnginfo=info)


HOSTILE_FILES = {
    "corrupt": (b"GIF89a this is not an image at all", "invalid_image"),
    "truncated": (encode(Image.effect_noise((800, 600), 60).convert("RGB"), "JPEG")[:5000], "invalid_image"),
    "too many pixels": (encode(Image.new("1", (8000, 6000)), "PNG"), "too_many_pixels"),
    "text chunk bomb": (compressed_text_bomb(), "invalid_image"),
}


@pytest.mark.parametrize("kind", HOSTILE_FILES)
def test_a_hostile_upload_is_refused_with_a_clear_error(kind):
    content, code = HOSTILE_FILES[kind]
    with pytest.raises(ValidationError) as raised:
        validate_image_upload(upload(content, "image.png"))
    assert raised.value.code == code
    assert raised.value.messages[0]


def test_an_enormous_file_is_refused_before_it_is_read(settings):
    settings.MAX_IMAGE_UPLOAD_BYTES = 1000
    with pytest.raises(ValidationError) as raised:
        validate_image_upload(jpeg(800, 800, quality=95))
    assert raised.value.code == "too_large"


# Not the text chunk bomb: Django's ImageField itself fails on it, reading its size before the article exists.
@pytest.mark.parametrize("kind", ["corrupt", "truncated", "too many pixels"])
def test_a_hostile_file_saved_without_the_form_leaves_the_article_readable(client, cover_article, caplog, kind):
    content, _code = HOSTILE_FILES[kind]
    article = cover_article(upload(content, "image.png"))  # as an import or the shell could
    assert article.cover_renditions == {}
    assert rendition_files() == []
    assert "No renditions made" in caplog.text
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    image = BeautifulSoup(response.content, "html.parser").select_one(".article__cover img")
    assert image["src"] == article.cover.url


def test_a_storage_failure_midway_leaves_no_rendition_behind(cover_article, monkeypatch):
    real_save = default_storage.save
    calls = []

    def failing_save(name, content, **kwargs):
        calls.append(name)
        if len(calls) == 3:
            raise OSError("disk full")
        return real_save(name, content, **kwargs)

    monkeypatch.setattr(default_storage, "save", failing_save)
    article = cover_article(jpeg(1000, 500))
    assert article.cover_renditions == {}
    assert rendition_files() == []
    assert Article.objects.get(pk=article.pk).cover  # the article and its original are saved


# Life cycle


def test_renditions_are_made_once_and_kept_on_a_save_that_does_not_change_the_image(cover_article):
    article = cover_article(jpeg(1000, 500))
    before = article.cover_renditions
    article.title = "Un autre titre"
    article.save()
    assert article.cover_renditions == before


def test_a_new_cover_replaces_its_renditions_and_the_old_ones_are_deleted(
    cover_article, django_capture_on_commit_callbacks
):
    article = cover_article(jpeg(1000, 500))
    old = names(article.cover_renditions)
    article.cover = upload(encode(Image.new("RGB", (700, 700), "red"), "PNG"), "nouvelle.png")
    with django_capture_on_commit_callbacks(execute=True):
        article.save()
    assert {entry["type"] for entry in article.cover_renditions["images"]} == {"image/png", "image/webp"}
    assert not any(default_storage.exists(name) for name in old)
    assert all(default_storage.exists(name) for name in names(article.cover_renditions))


def test_removing_the_cover_deletes_its_renditions(cover_article, django_capture_on_commit_callbacks):
    article = cover_article(jpeg(1000, 500))
    old = names(article.cover_renditions)
    article.cover = None
    with django_capture_on_commit_callbacks(execute=True):
        article.save()
    assert article.cover_renditions == {}
    assert not any(default_storage.exists(name) for name in old)


def test_deleting_articles_deletes_their_renditions(cover_article, django_capture_on_commit_callbacks):
    articles = [cover_article(jpeg(1000, 500)), cover_article(jpeg(800, 500))]
    old = set().union(*(names(article.cover_renditions) for article in articles))
    with django_capture_on_commit_callbacks(execute=True):
        Article.objects.filter(pk__in=[article.pk for article in articles]).delete()  # as the admin's action does
    assert not any(default_storage.exists(name) for name in old)


def test_the_rebuild_command_remakes_every_rendition_with_a_progress_bar(
    cover_article, make_author, django_capture_on_commit_callbacks
):
    article = cover_article(jpeg(1000, 500))
    make_author(avatar=upload(encode(Image.new("RGB", (300, 300), "navy"), "PNG"), "a.png"))
    Article.objects.filter(pk=article.pk).update(cover_renditions={})
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rebuild_renditions", stdout=out)
    article.refresh_from_db()
    assert names(article.cover_renditions)
    assert all(default_storage.exists(name) for name in names(article.cover_renditions))
    assert "1/1" in out.getvalue()
    assert "[" + "#" * BAR_WIDTH + "]" in out.getvalue()


# In the pages


def test_the_article_cover_is_a_responsive_picture_whose_sizes_match_the_files(client, cover_article):
    article = cover_article(jpeg(2000, 1000))
    soup = BeautifulSoup(client.get(article.get_absolute_url()).content, "html.parser")
    picture = soup.select_one(".article__cover picture")
    image = picture.img
    assert image["fetchpriority"] == "high"
    assert "loading" not in image.attrs
    assert image["sizes"]
    source = picture.find("source", type="image/webp")
    for srcset in (image["srcset"], source["srcset"]):
        for candidate in srcset.split(", "):
            url, descriptor = candidate.split()
            file = opened(url.removeprefix("/media/"))
            assert descriptor == f"{file.width}w"
    file = opened(image["src"].removeprefix("/media/"))
    assert (image["width"], image["height"]) == (str(file.width), str(file.height))


def test_cards_are_lazy_except_the_first_one_of_a_list(client, cover_article, make_category):
    category = make_category()
    for _index in range(3):
        cover_article(jpeg(900, 450), category=category)
    soup = BeautifulSoup(client.get(category.get_absolute_url()).content, "html.parser")
    images = soup.select(".card__image img")
    assert images[0]["fetchpriority"] == "high"
    assert all(image["loading"] == "lazy" for image in images[1:])
    for image in images:
        file = opened(image["src"].removeprefix("/media/"))
        assert (image["width"], image["height"]) == (str(file.width), str(file.height))


def test_the_author_box_shows_the_square_avatar_rendition(client, make_article, make_author):
    author = make_author(avatar=upload(encode(Image.new("RGB", (400, 300), "navy"), "PNG"), "moi.png"))
    article = make_article(author=author)
    soup = BeautifulSoup(client.get(article.get_absolute_url()).content, "html.parser")
    image = soup.select_one("img.author-box__avatar")
    assert image["loading"] == "lazy"
    file = opened(image["src"].removeprefix("/media/"))
    assert (image["width"], image["height"]) == (str(file.width), str(file.height)) == ("192", "192")


# Through the admin, as editors upload


def test_a_cover_uploaded_in_the_admin_gets_its_renditions_and_a_bad_one_an_error(editor_client, make_article):
    article = make_article()
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = {**form_values(editor_client.get(url), "article_form"), "cover_alt": "Un schéma", "_save": "Enregistrer"}
    response = editor_client.post(url, {**data, "cover": jpeg(1000, 500)})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.cover.name.startswith("covers/")
    assert all(default_storage.exists(name) for name in names(article.cover_renditions))
    assert {entry["width"] for entry in article.cover_renditions["images"]} == {480, 800, 1000}

    truncated = upload(HOSTILE_FILES["truncated"][0], "coupee.jpg")
    response = editor_client.post(url, {**data, "cover": truncated})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["cover"]
    article.refresh_from_db()
    assert all(default_storage.exists(name) for name in names(article.cover_renditions))
