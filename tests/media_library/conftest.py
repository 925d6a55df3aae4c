"""Fixtures of the media library's tests: library images and articles with a cover."""

import pytest

from media_library.models import MediaImage


@pytest.fixture
def make_media_image(make_image):
    """make_media_image(alt_text=…, width=600, height=300, **fields): a library image with its renditions."""

    def make(alt_text="Un chat roux sur un clavier", width=600, height=300, **fields):
        file = make_image("chat.jpg", width, height, image_format="JPEG")
        return MediaImage.objects.create(file=file, alt_text=alt_text, **fields)

    return make


@pytest.fixture
def cover_article(make_article):
    def make(cover, **fields):
        return make_article(cover=cover, cover_alt="Une illustration", **fields)

    return make
