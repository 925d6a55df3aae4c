"""Images uploaded through the admin's forms (covers, avatars): checked by the media library's validator."""

import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, Author
from tests.helpers import errors_of, form_values

pytestmark = pytest.mark.django_db

ARTICLE_ADD_URL = reverse("admin:articles_article_add")


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
