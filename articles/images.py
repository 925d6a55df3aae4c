"""Validation of uploaded images: every upload is hostile until Pillow has read it whole."""

import warnings

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


def validate_image_upload(file):
    """Raise ValidationError unless `file` is a readable JPEG, PNG, WebP or GIF within limits.

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
    except ValidationError:
        raise
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
            validate_image_upload(data)
        return super().to_python(data)


class CheckedImageField(models.ImageField):
    """An ImageField whose admin form field gives a clear error for every bad upload."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageUploadField, **kwargs})
