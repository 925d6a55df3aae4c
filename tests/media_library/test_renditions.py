"""Responsive renditions of covers and avatars: their sizes and formats, metadata stripped, awkward files."""

import io
import struct
import zlib

import pytest
from django.core.files.storage import default_storage
from PIL import Image, ImageCms, PngImagePlugin

from tests.helpers import encode, jpeg, opened, upload

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
ORIENTATION = 0x0112


# Sizes and formats


def test_a_large_jpeg_cover_gets_four_widths_in_webp_and_jpeg_and_a_social_image(cover_article):
    article = cover_article(jpeg(2000, 1000))
    images = article.cover_renditions["images"]
    assert sorted((entry["width"], entry["type"]) for entry in images) == [
        (width, kind) for width in (480, 800, 1200, 1600) for kind in ("image/jpeg", "image/webp")
    ]
    for entry in images:
        image = opened(entry["name"])
        assert image.size == (entry["width"], entry["height"])
        assert entry["height"] == entry["width"] // 2
        assert image.format == {"image/jpeg": "JPEG", "image/webp": "WEBP"}[entry["type"]]
        assert default_storage.size(entry["name"]) == entry["size"]
    social = article.cover_renditions["social"]
    assert opened(social["name"]).size == (social["width"], social["height"]) == (1200, 630)
    assert opened(social["name"]).format == "JPEG"


@pytest.mark.parametrize(
    ("width", "expected"),
    [(1000, [480, 800, 1000]), (1600, [480, 800, 1200, 1600]), (300, [300])],
)
def test_renditions_are_never_wider_than_the_original(cover_article, width, expected):
    article = cover_article(jpeg(width, width // 2))
    widths = sorted({entry["width"] for entry in article.cover_renditions["images"]})
    assert widths == expected
    for entry in article.cover_renditions["images"]:
        assert opened(entry["name"]).width <= width


def test_a_small_cover_gets_a_social_image_that_is_not_upscaled(cover_article):
    article = cover_article(jpeg(600, 600))
    social = article.cover_renditions["social"]
    assert (social["width"], social["height"]) == (600, 315)
    assert opened(social["name"]).size == (600, 315)


def test_a_webp_cover_gets_webp_renditions_only(cover_article):
    article = cover_article(upload(encode(Image.new("RGB", (900, 600), "red"), "WEBP"), "photo.webp"))
    assert {entry["type"] for entry in article.cover_renditions["images"]} == {"image/webp"}


def test_an_avatar_gets_square_renditions(make_author):
    avatar = upload(encode(Image.new("RGB", (400, 300), "navy"), "PNG"), "moi.png")
    author = make_author(avatar=avatar)
    sizes = sorted((entry["width"], entry["height"], entry["type"]) for entry in author.avatar_renditions["images"])
    assert sizes == [(96, 96, "image/png"), (96, 96, "image/webp"), (192, 192, "image/png"), (192, 192, "image/webp")]
    assert "social" not in author.avatar_renditions


# Metadata


def test_exif_orientation_is_applied_and_every_piece_of_metadata_stripped(cover_article):
    exif = Image.Exif()
    exif[ORIENTATION] = 6  # the camera was turned: the picture must be turned back
    exif[0x010F] = "Appareil"
    exif[GPS_IFD] = {1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 7.0)}
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    content = encode(
        Image.new("RGB", (1000, 500), "teal"),
        "JPEG",
        exif=exif,
        icc_profile=srgb,
        comment=b"secret comment",
        xmp=b"<x:xmpmeta>secret xmp</x:xmpmeta>",
    )
    article = cover_article(upload(content, "photo.jpg"))
    for entry in [*article.cover_renditions["images"], article.cover_renditions["social"]]:
        image = opened(entry["name"])
        if entry is not article.cover_renditions["social"]:
            assert image.height > image.width, "the orientation is applied"
        assert not image.getexif()
        assert not {"exif", "xmp", "comment", "icc_profile"} & set(image.info)
        with default_storage.open(entry["name"]) as file:
            raw = file.read()
        assert b"secret" not in raw
        assert b"Appareil" not in raw


# Awkward but valid files


def test_a_cmyk_jpeg_becomes_rgb(cover_article):
    content = encode(Image.new("CMYK", (800, 400), (0, 255, 255, 0)), "JPEG")
    article = cover_article(upload(content, "cmyk.jpg"))
    for entry in article.cover_renditions["images"]:
        image = opened(entry["name"])
        assert image.mode == "RGB"
        red, green, blue = image.getpixel((10, 10))
        assert red > 200 and green < 60 and blue < 60


def test_an_animated_gif_gives_its_first_frame_as_png_and_webp(cover_article):
    frames = [Image.new("RGB", (600, 300), colour) for colour in ("red", "blue", "green")]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    article = cover_article(upload(buffer.getvalue(), "anim.gif"))
    assert {entry["type"] for entry in article.cover_renditions["images"]} == {"image/png", "image/webp"}
    for entry in article.cover_renditions["images"]:
        image = opened(entry["name"])
        assert getattr(image, "n_frames", 1) == 1
        assert image.convert("RGB").getpixel((5, 5))[0] > 200  # red: the first frame


def test_a_16_bit_grey_png_keeps_its_grey(cover_article):
    article = cover_article(upload(encode(Image.new("I;16", (500, 250), 40000), "PNG"), "grey16.png"))
    for entry in article.cover_renditions["images"]:
        red, green, blue = opened(entry["name"]).convert("RGB").getpixel((5, 5))
        assert 145 <= red <= 165 and red == green == blue, "scaled to 8 bits, not clipped to white"


def png_16_bit_rgb(width, height):
    """A 48-bit RGB PNG, written by hand: Pillow cannot save one."""
    row = b"\x00" + struct.pack(">HHH", 65535, 32768, 0) * width
    raw = row * height

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 16, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def test_a_16_bit_colour_png_keeps_its_colours(cover_article):
    article = cover_article(upload(png_16_bit_rgb(500, 250), "rgb48.png"))
    assert article.cover_renditions["images"]
    red, green, blue = opened(article.cover_renditions["images"][0]["name"]).convert("RGB").getpixel((5, 5))
    assert red > 240 and 110 < green < 150 and blue < 15


def test_transparency_is_kept_in_png_and_webp_and_flattened_on_white_for_the_social_image(cover_article):
    image = Image.new("RGBA", (800, 400), (255, 0, 0, 0))
    image.paste((255, 0, 0, 255), (0, 0, 400, 400))
    article = cover_article(upload(encode(image, "PNG"), "logo.png"))
    for entry in article.cover_renditions["images"]:
        assert opened(entry["name"]).mode == "RGBA"
    social = opened(article.cover_renditions["social"]["name"])
    assert social.mode == "RGB"
    assert social.getpixel((social.width - 5, 5)) == pytest.approx((255, 255, 255), abs=3)


def test_a_png_with_a_large_text_chunk_gives_renditions_without_it(cover_article):
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "blabla " * 200_000)  # 1.4 MB of text, under the upload limit
    article = cover_article(upload(encode(Image.new("RGB", (500, 250), "teal"), "PNG", pnginfo=info), "bavard.png"))
    for entry in article.cover_renditions["images"]:
        assert entry["size"] < 100_000
        assert "Comment" not in opened(entry["name"]).info
