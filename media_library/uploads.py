"""Uploaded images: one validator, one form field and one model field for covers, avatars and the library.

Every upload is hostile until Pillow has read it whole; the stored file is named
after its real format, whatever the uploader called it, and holds no metadata:
whatever saves an image into an UploadedImageField (a form, an import, the shell)
stores it stripped of EXIF, GPS, XMP and text (media_library/metadata.py).
"""

import warnings
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.files import ImageFieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from PIL import Image

from media_library import metadata

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
# A phone's JPEG with a second picture appended (a gain map, a depth map) is a JPEG once the
# appended picture is stripped with the metadata that announces it.
FORMAT_ALIASES = {"MPO": "JPEG"}
# What an SVG (or any XML or HTML file) starts with, after an optional byte-order mark and spaces.
_MARKUP_START = (b"<?xml", b"<svg", b"<!doctype", b"<!--", b"<html")


def _help_text():
    return gettext("JPEG, PNG, WebP or GIF, %(limit)s at most.") % {
        "limit": filesizeformat(settings.MAX_IMAGE_UPLOAD_BYTES)
    }


# The limit is said where it is set, MAX_IMAGE_UPLOAD_BYTES, and nowhere else.
UPLOAD_HELP_TEXT = lazy(_help_text, str)()


def safe_upload_name(name, image_format):
    """A harmless file name: an ASCII stem and the extension of the real format.

    Whatever the uploader called it ("photo.html", "../x.php"), the stored file
    is served as the image type it really is.
    """
    stem = slugify(Path(name or "").stem)[:60].strip("-") or "image"
    return f"{stem}.{EXTENSIONS[image_format]}"


def is_media_url(url: str) -> bool:
    """Whether `url` is the address of one of the site's own uploaded files (under MEDIA_URL)."""
    media_url = settings.MEDIA_URL
    if not url.startswith(media_url) or url.startswith("//") or "\\" in url:
        return False
    return ".." not in unquote(urlsplit(url).path).split("/")


def _looks_like_markup(file):
    if (file.name or "").lower().endswith((".svg", ".svgz")):
        return True
    file.seek(0)
    head = file.read(512).lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    file.seek(0)
    return head.startswith(_MARKUP_START)


def validate_image_upload(file):
    """Check that `file` is a readable JPEG, PNG, WebP or GIF within limits; return its format.

    SVG is refused with a message of its own: it is a document that can hold
    scripts and links, not a picture Pillow can check and make renditions of.
    The pixel count is checked from the header, before any decoding, so a
    decompression bomb is refused without ever being expanded in memory.
    """
    if _looks_like_markup(file):
        raise ValidationError(
            _("SVG images are not accepted: they can hold scripts. Export the image as PNG or WebP."), code="svg"
        )
    if file.size > settings.MAX_IMAGE_UPLOAD_BYTES:
        raise ValidationError(
            _("This image weighs %(size)s; the limit is %(limit)s."),
            code="too_large",
            params={
                "size": filesizeformat(file.size),
                "limit": filesizeformat(settings.MAX_IMAGE_UPLOAD_BYTES),
            },
        )
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                width, height = image.size
                if width * height > settings.MAX_IMAGE_PIXELS:
                    raise ValidationError(
                        _("This image is %(width)s × %(height)s pixels; the limit is %(limit)s megapixels."),
                        code="too_many_pixels",
                        params={
                            "width": width,
                            "height": height,
                            "limit": settings.MAX_IMAGE_PIXELS // 1_000_000,
                        },
                    )
                image_format = FORMAT_ALIASES.get(image.format, image.format)
                if image_format not in ACCEPTED_FORMATS:
                    raise ValidationError(
                        _("Unsupported image format; use JPEG, PNG, WebP or GIF."),
                        code="format",
                    )
                image.load()  # decodes the first frame: catches truncated files
                return image_format
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(
            _("This image has too many pixels; the limit is %(limit)s megapixels."),
            code="too_many_pixels",
            params={"limit": settings.MAX_IMAGE_PIXELS // 1_000_000},
        ) from error
    except Exception as error:  # Pillow raises many kinds for hostile files
        raise ValidationError(
            _("This file is not a readable image (JPEG, PNG, WebP or GIF)."),
            code="invalid_image",
        ) from error
    finally:
        file.seek(0)


class ImageUploadField(forms.ImageField):
    def to_python(self, data):
        if data:
            image_format = validate_image_upload(data)
            data.name = safe_upload_name(data.name, image_format)
        return super().to_python(data)


class StrippedImageFieldFile(ImageFieldFile):
    def save(self, name, content, save=True):
        """Store `content` without its metadata, upright; its width and height are then read from the stored file."""
        super().save(name, metadata.stripped(content), save)


class UploadedImageField(models.ImageField):
    """An ImageField whose form field gives a clear error for every bad upload (ImageUploadField),
    and whose files are stored stripped of their metadata, however they are saved.
    """

    attr_class = StrippedImageFieldFile

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", UPLOAD_HELP_TEXT)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageUploadField, **kwargs})
