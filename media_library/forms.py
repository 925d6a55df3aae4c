from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from articles.images import ImageUploadField

# What an SVG (or any XML or HTML file) starts with, after an optional byte-order mark and spaces.
_MARKUP_START = (b"<?xml", b"<svg", b"<!doctype", b"<!--", b"<html")


def looks_like_svg(file):
    if (file.name or "").lower().endswith((".svg", ".svgz")):
        return True
    file.seek(0)
    head = file.read(512).lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    file.seek(0)
    return head.startswith(_MARKUP_START)


class LibraryImageFormField(ImageUploadField):
    """The upload checks of articles.images, with a message of their own for SVG.

    SVG is refused whatever its name: it is a document that can hold scripts and
    links, not a picture Pillow can check and make renditions of.
    """

    default_error_messages = {
        "svg": _("SVG images are not accepted: they can hold scripts. Export the image as PNG or WebP."),
    }

    def to_python(self, data):
        if data and looks_like_svg(data):
            raise ValidationError(self.error_messages["svg"], code="svg")
        return super().to_python(data)
