"""Images dropped or pasted into the body: into the media library with its checks, described, then a figure."""

import json

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article
from media_library.models import MediaImage
from tests.helpers import change_url, errors_of, form_values

pytestmark = pytest.mark.django_db

UPLOAD_URL = reverse("admin:articles_article_image_upload")


def drop(client, file, **fields):
    return client.post(UPLOAD_URL, {"file": file, "alt_text": "Un schéma du tunnel", **fields})


def editor_config(response):
    textarea = BeautifulSoup(response.content, "html.parser").find("textarea", attrs={"name": "body"})
    return json.loads(textarea["data-django-prose-editor-configurable"])


def test_the_editor_is_told_where_to_send_images(writer_client):
    config = editor_config(writer_client.get(reverse("admin:articles_article_add")))
    desk = config["extensions"]["WritingDesk"]
    assert desk["uploadUrl"] == UPLOAD_URL
    assert desk["strings"]["altText"] == "Texte alternatif (obligatoire)"
    assert desk["labels"]["bold"] == "Gras"
    assert any(module.endswith("js/admin-editor.js") for module in config["js_modules"])


def test_a_dropped_image_joins_the_media_library(writer_client, writer, make_image):
    response = drop(writer_client, make_image("photo.jpg", image_format="JPEG"), caption="Le tunnel", credit="Refbax")
    assert response.status_code == 201
    image = MediaImage.objects.get()
    assert (image.alt_text, image.caption, image.credit, image.uploaded_by) == (
        "Un schéma du tunnel",
        "Le tunnel",
        "Refbax",
        writer,
    )
    assert response.json() == {
        "id": image.pk,
        "url": image.file.url,
        "alt": "Un schéma du tunnel",
        "caption": "Le tunnel",
        "credit": "Refbax",
    }


def test_an_image_without_alternative_text_is_refused_with_the_reason(editor_client, make_image):
    response = drop(editor_client, make_image(), alt_text="")
    assert response.status_code == 400
    assert response.json()["errors"]["alt_text"] == ["Ce champ est obligatoire."]
    assert not MediaImage.objects.exists()


@pytest.mark.parametrize(
    ("upload", "words"),
    [
        (SimpleUploadedFile("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml"), "SVG"),
        (SimpleUploadedFile("photo.png", b"not an image at all", "image/png"), "image"),
    ],
)
def test_a_file_the_library_refuses_is_refused_here_too_in_french(editor_client, upload, words):
    response = drop(editor_client, upload)
    assert response.status_code == 400
    assert words in " ".join(response.json()["errors"]["file"])
    assert not MediaImage.objects.exists()


def test_an_account_that_cannot_write_articles_cannot_drop_images(moderator_client, make_image):
    response = drop(moderator_client, make_image())
    assert response.status_code == 403
    assert "médiathèque" in response.json()["errors"]["__all__"][0]


def test_the_upload_takes_post_only(editor_client):
    assert editor_client.get(UPLOAD_URL).status_code == 405


def test_a_dropped_image_shows_on_the_published_page_as_a_figure_with_caption_and_credit(
    editor_client, desk, make_image
):
    stored = drop(editor_client, make_image(), caption="Le tunnel de conversion", credit="Jeanne Martin").json()
    article = desk["draft"]
    figure = (
        f'<figure class="figure"><img src="{stored["url"]}" alt="{stored["alt"]}" data-file="{stored["id"]}">'
        f'<figcaption class="figure-caption">{stored["caption"]}</figcaption></figure>'
    )
    data = form_values(editor_client.get(change_url(article)), "article_form")
    response = editor_client.post(
        change_url(article), {**data, "action": "publish", "body": f"<p>Avant.</p>{figure}<p>Après.</p>"}
    )
    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    page = BeautifulSoup(editor_client.get(article.get_absolute_url()).content, "html.parser")
    shown = page.select_one("article figure")
    assert shown.find("img")["alt"] == "Un schéma du tunnel"
    caption = shown.figcaption.get_text(" ", strip=True)
    assert "Le tunnel de conversion" in caption and "Jeanne Martin" in caption
