"""Validation of uploaded images: every upload is hostile until Pillow has read it whole."""

import warnings
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image

from articles.slugs import french_slugify

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


def safe_upload_name(name, image_format):
    """A harmless file name: an ASCII stem and the extension of the real format.

    Whatever the uploader called it ("photo.html", "../x.php"), the stored file
    is served as the image type it really is.
    """
    stem = french_slugify(Path(name or "").stem, max_length=60)
    return f"{stem}.{EXTENSIONS[image_format]}"


def validate_image_upload(file):
    """Check that `file` is a readable JPEG, PNG, WebP or GIF within limits; return its format.

    The pixel count is checked from the header, before any decoding, so a
    decompression bomb is refused without ever being expanded in memory.
    """
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
                if image.format not in ACCEPTED_FORMATS:
                    raise ValidationError(
                        _("Unsupported image format; use JPEG, PNG, WebP or GIF."),
                        code="format",
                    )
                image.load()  # decodes the first frame: catches truncated files
                return image.format
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


class CheckedImageField(models.ImageField):
    """An ImageField whose admin form field gives a clear error for every bad upload."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageUploadField, **kwargs})
