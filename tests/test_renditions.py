"""Responsive renditions of covers and avatars: sizes, formats, metadata, hostile files, life cycle."""

import io
import struct
import zlib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image, ImageCms, PngImagePlugin

from articles.management.commands.rebuild_renditions import BAR_WIDTH
from articles.models import Article
from media_library.uploads import validate_image_upload

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def encode(image, image_format, **options):
    buffer = io.BytesIO()
    image.save(buffer, image_format, **options)
    return buffer.getvalue()


def upload(content, name):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def jpeg(width=2000, height=1000, **options):
    return upload(encode(Image.new("RGB", (width, height), "teal"), "JPEG", **options), "photo.jpg")


def opened(name):
    with default_storage.open(name) as file:
        image = Image.open(io.BytesIO(file.read()))
        image.load()
    return image


def rendition_files():
    return sorted(path for path in Path(default_storage.path("renditions")).rglob("*") if path.is_file())


@pytest.fixture
def cover_article(make_article):
    def make(cover, **fields):
        return make_article(cover=cover, cover_alt="Une illustration", **fields)

    return make


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


def names(renditions_data):
    return {entry["name"] for entry in [*renditions_data["images"], renditions_data.get("social")] if entry}


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


def form_values(response, form_id):
    """What a browser would submit from the form `form_id`, files and buttons left out."""
    form = BeautifulSoup(response.content, "html.parser").find("form", id=form_id)
    data = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name, kind = field.get("name"), field.get("type")
        if not name or kind in {"submit", "file", "button"} or (kind == "checkbox" and not field.has_attr("checked")):
            continue
        if field.name == "textarea":
            data[name] = field.get_text()
        elif field.name == "select":
            data[name] = [option["value"] for option in field.find_all("option", selected=True)]
        else:
            data[name] = field.get("value", "on" if kind == "checkbox" else "")
    return data


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
