"""Metadata stripped from image files: nothing of EXIF, GPS, XMP, IPTC or text left, the picture itself intact."""

import io

import pytest
from PIL import Image, ImageChops, ImageStat, JpegImagePlugin

from media_library import metadata
from media_library.metadata import MetadataError, strip
from tests.helpers.photos import (
    SRGB_PROFILE,
    camera_jpeg,
    camera_png,
    camera_webp,
    commented_gif,
    landscape,
    leaks,
    phone_mpo,
)


def opened(data):
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def same_pixels(first, second):
    return ImageChops.difference(first.convert("RGBA"), second.convert("RGBA")).getbbox() is None


FILES = {
    "phone JPEG": camera_jpeg,
    "progressive JPEG": lambda: camera_jpeg(progressive=True),
    "CMYK JPEG": lambda: camera_jpeg(mode="CMYK"),
    "PNG": camera_png,
    "WebP": camera_webp,
    "animated GIF": commented_gif,
}


@pytest.mark.parametrize("kind", FILES)
def test_every_piece_of_metadata_goes_and_the_pixels_stay_the_same(kind):
    original = FILES[kind]()
    assert leaks(original), "the test file carries metadata"
    cleaned = strip(original)
    assert leaks(cleaned) == []
    before, after = opened(original), opened(cleaned)
    assert not after.getexif()
    assert not {"exif", "xmp", "comment", "Author", "Comment", "XML:com.adobe.xmp"} & set(after.info)
    assert (after.format, after.mode, after.size) == (before.format, before.mode, before.size)
    assert same_pixels(before, after), "blocks are dropped, pixels never decoded again"


@pytest.mark.parametrize("kind", FILES)
def test_stripping_twice_changes_nothing(kind):
    cleaned = strip(FILES[kind]())
    assert strip(cleaned) == cleaned


@pytest.mark.parametrize("kind", ["phone JPEG", "PNG", "WebP"])
def test_the_colour_profile_is_kept(kind):
    assert opened(strip(FILES[kind]())).info["icc_profile"] == SRGB_PROFILE


def test_a_cmyk_jpeg_keeps_its_adobe_marker_and_its_colours():
    cleaned = strip(camera_jpeg(mode="CMYK"))
    assert b"Adobe" in cleaned
    image = opened(cleaned)
    assert image.mode == "CMYK"
    assert image.getpixel((10, 10)) == opened(camera_jpeg(mode="CMYK")).getpixel((10, 10))


def test_an_animated_gif_keeps_every_frame_its_timing_and_its_loop():
    cleaned = opened(strip(commented_gif()))
    assert cleaned.n_frames == 3
    frames = []
    for index in range(3):
        cleaned.seek(index)
        frames.append((cleaned.info["duration"], cleaned.convert("RGB").getpixel((5, 5))))
    assert frames == [(100, (255, 0, 0)), (200, (0, 0, 255)), (300, (0, 128, 0))]
    assert cleaned.info["loop"] == 0


def test_a_turned_photo_is_turned_for_real_and_nothing_else_changes():
    original = camera_jpeg(1200, 800, orientation=6)  # the phone was held upright
    cleaned = strip(original)
    assert leaks(cleaned) == []
    image = opened(cleaned)
    assert image.size == (800, 1200)
    # The red quarter was top left of the stored pixels: once turned 90° clockwise, it is top right.
    assert image.getpixel((790, 10))[0] > 200 and image.getpixel((10, 10))[0] < 200
    # Re-encoded with the original's own quantisation tables and subsampling: no visible loss.
    source = opened(original)
    assert image.quantization == source.quantization
    assert JpegImagePlugin.get_sampling(image) == JpegImagePlugin.get_sampling(source)
    assert image.info["icc_profile"] == SRGB_PROFILE
    upright = source.transpose(Image.Transpose.ROTATE_270)
    difference = ImageStat.Stat(ImageChops.difference(upright, image).convert("L"))
    assert difference.mean[0] < 2  # under 2 levels out of 255 on average
    assert strip(cleaned) == cleaned


def test_a_turned_webp_is_turned_too():
    image = opened(strip(camera_webp(900, 600, orientation=6)))
    assert image.size == (600, 900)
    assert not image.getexif()


def test_a_phone_jpeg_with_an_appended_picture_keeps_only_the_first():
    original = phone_mpo(800, 600)
    assert opened(original).format == "MPO"
    cleaned = strip(original)
    assert leaks(cleaned) == []
    image = opened(cleaned)
    assert (image.format, image.size, getattr(image, "n_frames", 1)) == ("JPEG", (800, 600), 1)


def test_a_jpeg_thumbnail_in_the_jfif_header_goes_too():
    buffer = io.BytesIO()
    landscape(200, 100).save(buffer, "JPEG")
    data = buffer.getvalue()
    thumbnail = bytes(range(48)) * 2  # 4 × 8 RGB pixels, as an old tool writes them
    header = b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x08\x04" + thumbnail
    with_thumbnail = b"\xff\xd8\xff\xe0" + (len(header) + 2).to_bytes(2, "big") + header + data[20:]
    cleaned = strip(with_thumbnail)
    assert thumbnail not in cleaned
    assert same_pixels(opened(cleaned), opened(data))


def test_whatever_follows_the_end_of_a_png_or_jpeg_goes():
    for original in (camera_png(), camera_jpeg()):
        tail = b"GPS 48.858 2.294 appended by a tool"
        assert tail not in strip(original + tail)


def test_a_file_whose_blocks_cannot_be_walked_but_that_pillow_reads_is_re_encoded_clean():
    png = camera_png(300, 200)
    damaged = png[:-12]  # no IEND chunk: Pillow reads the picture all the same
    cleaned = strip(damaged)
    assert leaks(cleaned) == []
    assert cleaned.endswith(b"IEND\xaeB`\x82")
    assert same_pixels(opened(cleaned), opened(png))


@pytest.mark.parametrize("data", [b"", b"not an image at all", b"%PDF-1.7\n", b"<svg/>"])
def test_what_is_not_an_image_is_refused(data):
    with pytest.raises(MetadataError):
        strip(data)


def test_an_animation_too_large_to_encode_again_keeps_its_first_frames_only(monkeypatch):
    monkeypatch.setattr(metadata, "REENCODE_PIXELS", 300 * 200 * 2)
    original = commented_gif(300, 200)
    damaged = original[:-1] + b"\x99" + b";"  # a stray byte after the frames: the blocks cannot be walked
    cleaned = strip(damaged)
    assert leaks(cleaned) == []
    assert opened(cleaned).n_frames == 2
