"""The media library in the admin: uploads checked once, the list, the picker, and the guard against deletion."""

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from media_library.models import MediaImage
from tests.helpers import figure, files_under, get_page, soup_of

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:media_library_mediaimage_add")
CHANGELIST_URL = reverse("admin:media_library_mediaimage_changelist")
PICKER_URL = reverse("admin:media_library_mediaimage_picker")


# Uploads


def upload(client, file, url=ADD_URL, **fields):
    return client.post(url, {"file": file, "alt_text": "Un chat roux", "caption": "", "credit": "", **fields})


def test_an_editor_uploads_an_image_once_with_its_description_and_renditions(editor_client, editor, make_image):
    response = upload(editor_client, make_image("chat.png", 1000, 500), caption="Le chat", credit="Jeanne Martin")
    assert response.status_code == 302
    image = MediaImage.objects.get()
    assert re.fullmatch(r"library/\d{4}/\d{2}/chat\.png", image.file.name)
    assert (image.width, image.height) == (1000, 500)
    assert (image.alt_text, image.caption, image.credit) == ("Un chat roux", "Le chat", "Jeanne Martin")
    assert image.uploaded_by == editor
    # The same renditions as covers, never wider than the original.
    assert sorted({entry["width"] for entry in image.renditions["images"]}) == [480, 800, 1000]
    assert {entry["type"] for entry in image.renditions["images"]} == {"image/webp", "image/png"}


def test_the_alternative_text_is_required(editor_client, make_image):
    response = upload(editor_client, make_image(), alt_text="")
    assert response.status_code == 200
    assert "alt_text" in response.context["adminform"].form.errors
    assert not MediaImage.objects.exists()


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="4"/></svg>'


@pytest.mark.parametrize(
    ("file", "setting", "code"),
    [
        (SimpleUploadedFile("chat.png", b"not an image at all", "image/png"), {}, "invalid_image"),
        (SimpleUploadedFile("logo.svg", SVG, "image/svg+xml"), {}, "svg"),
        (SimpleUploadedFile("logo.png", b'<?xml version="1.0"?>\n' + SVG, "image/png"), {}, "svg"),
        (SimpleUploadedFile("page.png", b"\xef\xbb\xbf  <!DOCTYPE html><svg/>", "image/png"), {}, "svg"),
        (None, {"MAX_IMAGE_UPLOAD_BYTES": 100}, "too_large"),
        (None, {"MAX_IMAGE_PIXELS": 1000}, "too_many_pixels"),
    ],
    ids=["not-an-image", "svg", "svg-named-png", "markup-with-bom", "too-large", "decompression-bomb"],
)
def test_a_bad_upload_gets_a_clear_error_and_stores_nothing(
    editor_client, make_image, media_root, settings, file, setting, code
):
    for name, value in setting.items():
        setattr(settings, name, value)
    response = upload(editor_client, file or make_image("grand.png", 100, 100))
    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors.as_data()["file"]
    assert error.code == code and error.messages[0]  # a sentence for the editor, in their language
    assert not MediaImage.objects.exists()
    assert files_under(media_root / "library") == []


def test_an_upload_is_renamed_to_its_real_format(editor_client, make_image):
    file = make_image("photo.html", image_format="JPEG")
    upload(editor_client, file)
    assert re.fullmatch(r"library/\d{4}/\d{2}/photo\.jpg", MediaImage.objects.get().file.name)


def test_a_file_name_with_path_separators_and_control_characters_is_harmless(editor_client, make_image, media_root):
    file = make_image()
    file.name = "..\\..\\etc\\pass\x01wd\x1f <script>.png"
    upload(editor_client, file)
    name = MediaImage.objects.get().file.name
    assert re.fullmatch(r"library/\d{4}/\d{2}/[a-z0-9-]+\.png", name), name
    assert (media_root / name).is_file()


def test_a_caption_and_a_credit_with_markup_are_kept_and_shown_as_text(editor_client, make_image):
    caption, credit = "<script>alert(1)</script><b>Le chat</b>", "<em>Jeanne</em>"
    upload(editor_client, make_image(), caption=caption, credit=credit)
    image = MediaImage.objects.get()
    assert (image.caption, image.credit) == (caption, credit)
    results = soup_of(editor_client.get(CHANGELIST_URL)).select_one("#result_list")
    assert results.find_all(["script", "b", "em"]) == []
    assert caption in results.get_text() and credit in results.get_text()


# The library in the admin


def test_the_library_lists_thumbnails_and_finds_images_by_text_or_credit(editor_client, make_media_image):
    cat = make_media_image(alt_text="Un chat roux", credit="Jeanne Martin")
    make_media_image(alt_text="Un chien", caption="Au parc")
    page = soup_of(editor_client.get(CHANGELIST_URL))
    thumbnails = page.select("#result_list img.media-thumbnail")
    assert len(thumbnails) == 2
    assert all(img["src"].startswith("/media/renditions/library/") for img in thumbnails)
    assert all(img["alt"] == "" for img in thumbnails)  # the alternative text is in the next column

    def found(query):
        return {
            row.get_text(" ", strip=True)
            for row in soup_of(editor_client.get(CHANGELIST_URL, {"q": query})).select("#result_list tbody tr")
        }

    assert len(found("roux")) == 1 and "Un chat roux" in found("roux").pop()
    assert len(found("Martin")) == 1
    assert len(found("parc")) == 1
    assert cat.pk in MediaImage.objects.values_list("pk", flat=True)


def test_the_change_form_lists_the_articles_that_show_the_image(editor_client, make_media_image, make_article):
    image = make_media_image()
    article = make_article(title="Le chat du bureau", body=figure(image))
    page = soup_of(editor_client.get(reverse("admin:media_library_mediaimage_change", args=[image.pk])))
    link = page.select_one(".media-uses a")
    assert link.get_text() == "Le chat du bureau"
    assert link["href"] == reverse("admin:articles_article_change", args=[article.pk])


def test_the_article_editor_offers_figures_picked_from_the_library(editor_client):
    page = soup_of(editor_client.get(reverse("admin:articles_article_add")))
    config = json.loads(page.select_one("textarea[name=body]")["data-django-prose-editor-configurable"])
    assert config["extensions"]["Figure"] == {"pickerUrl": PICKER_URL}
    assert config["extensions"]["Caption"] and config["extensions"]["Image"]


# The picker


def test_the_picker_lists_images_with_what_the_figure_dialog_needs(editor_client, make_media_image):
    image = make_media_image(alt_text="Un chat", caption='Le "chat" <b>du</b> bureau')
    response = editor_client.get(PICKER_URL, {"CKEditorFuncNum": "-1"})
    assert response.status_code == 200
    page = soup_of(response)
    choice = page.select_one("button.media-picker__choice")
    assert choice["data-url"] == image.file.url
    assert choice["data-id"] == str(image.pk)
    assert choice["data-alt"] == "Un chat"
    assert choice["data-caption"] == 'Le "chat" <b>du</b> bureau'
    assert choice.img["src"].startswith("/media/renditions/")
    # First-party script only: the Content-Security-Policy has nothing inline to allow.
    scripts = page.find_all("script")
    assert any(script.get("src", "").endswith("js/media-picker.js") for script in scripts)
    assert all(script.get("src") or script.get("type") == "application/json" for script in scripts)
    assert page.select_one("input[name=CKEditorFuncNum]")["value"] == "-1"


def test_the_picker_searches_the_library(editor_client, make_media_image):
    make_media_image(alt_text="Un chat roux")
    make_media_image(alt_text="Un chien", credit="Agence Martin")
    alts = [
        b["data-alt"] for b in soup_of(editor_client.get(PICKER_URL, {"q": "martin"})).select(".media-picker__choice")
    ]
    assert alts == ["Un chien"]


def test_an_image_uploaded_from_the_picker_is_ready_to_insert(editor_client, make_image):
    url = f"{PICKER_URL}?CKEditorFuncNum=-3"
    response = upload(editor_client, make_image("nouveau.png", 600, 400), url=url, alt_text="Le nouveau")
    assert response.status_code == 302 and response["Location"] == url
    choice = soup_of(editor_client.get(url)).select_one(".media-picker__choice")
    assert choice["data-alt"] == "Le nouveau"


def test_the_picker_refuses_a_bad_upload_with_a_clear_error(editor_client):
    response = upload(editor_client, SimpleUploadedFile("x.svg", SVG, "image/svg+xml"), url=PICKER_URL)
    assert response.status_code == 200
    assert "SVG" in soup_of(response).select_one(".media-picker__upload .errorlist").get_text()
    assert not MediaImage.objects.exists()


def test_the_picker_needs_the_permission_to_see_the_library(client, django_user_model):
    assert client.get(PICKER_URL).status_code == 302  # to the login page
    client.force_login(django_user_model.objects.create_user("stagiaire", is_staff=True))
    assert client.get(PICKER_URL).status_code == 403


def test_a_writer_uploads_and_picks_images_but_cannot_delete_them(writer_client, make_image, make_media_image):
    image = make_media_image()
    assert writer_client.get(PICKER_URL).status_code == 200
    assert upload(writer_client, make_image(), url=PICKER_URL).status_code == 302
    delete_url = reverse("admin:media_library_mediaimage_delete", args=[image.pk])
    assert writer_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert MediaImage.objects.filter(pk=image.pk).exists()


# The deletion guard


def test_deleting_an_image_still_in_articles_warns_and_lists_them(editor_client, make_media_image, make_article):
    image = make_media_image()
    first = make_article(title="Premier article", body=figure(image))
    second = make_article(title="Second article", body="<p>Avant</p>" + figure(image))
    make_article(title="Sans l’image")
    page = soup_of(editor_client.get(reverse("admin:media_library_mediaimage_delete", args=[image.pk])))
    warning = page.select_one(".media-in-use")
    assert "2" in warning.p.get_text()
    links = {a.get_text(): a["href"] for a in warning.select("li a")}
    assert links == {
        "Premier article": reverse("admin:articles_article_change", args=[first.pk]),
        "Second article": reverse("admin:articles_article_change", args=[second.pk]),
    }


def test_deleting_an_unused_image_asks_for_no_more_than_usual(editor_client, make_media_image):
    image = make_media_image()
    page = soup_of(editor_client.get(reverse("admin:media_library_mediaimage_delete", args=[image.pk])))
    assert page.select_one(".media-in-use") is None
    assert page.select_one("input[name=post]")


def test_deleting_several_images_lists_the_articles_of_each(editor_client, make_media_image, make_article):
    used, unused = make_media_image(alt_text="Utilisée"), make_media_image(alt_text="Libre")
    make_article(title="L’article illustré", body=figure(used))
    response = editor_client.post(
        CHANGELIST_URL, {"action": "delete_selected", "_selected_action": [used.pk, unused.pk]}
    )
    warning = soup_of(response).select_one(".media-in-use")
    assert [p.get_text() for p in warning.find_all("p")][0].count("Utilisée") == 1
    assert [a.get_text() for a in warning.select("li a")] == ["L’article illustré"]
    assert MediaImage.objects.count() == 2  # nothing deleted before the confirmation


def test_a_deleted_image_leaves_the_articles_and_takes_its_files_away(
    client, editor_client, make_media_image, make_article, media_root, django_capture_on_commit_callbacks
):
    image = make_media_image()
    article = make_article(body="<p>Texte</p>" + figure(image, caption="Une légende"))
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("admin:media_library_mediaimage_delete", args=[image.pk]), {"post": "yes"}
        )
    assert response.status_code == 302
    assert not MediaImage.objects.exists()
    assert files_under(media_root / "library") == [] and files_under(media_root / "renditions") == []
    page = get_page(client, article.get_absolute_url()).select_one(".prose")
    assert page.find("figure") is None and "Une légende" not in page.get_text()
    assert page.get_text(strip=True) == "Texte"
