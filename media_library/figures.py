"""Images of the media library in article bodies.

The editor stores a figure as plain, sanitized HTML that names the library image
it was picked from:

    <figure><img src="/media/library/2026/11/chat.jpg" alt="Un chat" data-file="12">
    <figcaption>Le chat du bureau</figcaption></figure>

When the page is shown, each such image becomes the same responsive <picture> as
covers (renditions, srcset, width and height), its figure gets the image's credit,
and a figure whose image was deleted from the library disappears. The images of
a body are read in one query, whatever their number. Feeds get a plain <img> of
the same rendition (feed readers drop <picture>), never the uploaded original.
"""

import re
from html import unescape
from urllib.parse import unquote

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from media_library.models import MediaImage
from media_library.uploads import is_media_url

# The column of an article's text, as the cover's sizes say.
BODY_SIZES = "(min-width: 44rem) 42rem, calc(100vw - 2.5rem)"

# Stored bodies are nh3's output: attributes in double quotes, with " < > & escaped.
_IMG_RE = re.compile(r'<img(?P<attrs>(?:\s+[\w-]+(?:="[^"]*")?)*)\s*/?>')
_ATTRIBUTE_RE = re.compile(r'([\w-]+)(?:="([^"]*)")?')
# A whole figure, or an image outside any figure.
_FIGURE_OR_IMG_RE = re.compile(r"<figure>(?P<figure>.*?)</figure>|" + _IMG_RE.pattern, re.DOTALL)


def _attributes(img_match):
    return {name: unescape(value) for name, value in _ATTRIBUTE_RE.findall(img_match["attrs"])}


def _file_name(src):
    """The storage name of a media URL ("/media/library/a.jpg" -> "library/a.jpg"), or None."""
    if not is_media_url(src):
        return None
    return unquote(src.removeprefix(settings.MEDIA_URL).split("?", 1)[0].split("#", 1)[0])


def references(html):
    """(ids, file names) of the library images that `html` shows: by data-file, or by address."""
    ids, names = set(), set()
    for match in _IMG_RE.finditer(html or ""):
        attributes = _attributes(match)
        if attributes.get("data-file", "").isdecimal():
            ids.add(int(attributes["data-file"]))
        elif name := _file_name(attributes.get("src", "")):
            names.add(name)
    return ids, names


class _Lookup:
    def __init__(self, images):
        self.by_id = {image.pk: image for image in images}
        self.by_name = {image.file.name: image for image in images}

    def find(self, attributes):
        """(image, whether the reference names a deleted one) for an <img>'s attributes."""
        if attributes.get("data-file", "").isdecimal():
            image = self.by_id.get(int(attributes["data-file"]))
            return image, image is None
        return self.by_name.get(_file_name(attributes.get("src", "")) or ""), False


def _picture(image, alt):
    return render_to_string(
        "includes/picture.html",
        {"picture": image.picture(), "alt": alt or image.alt_text, "sizes": BODY_SIZES, "priority": False},
    ).strip()


def _feed_image(image, alt):
    picture = image.picture()
    size = format_html(' width="{}" height="{}"', picture.width, picture.height) if picture.width else ""
    return format_html('<img src="{}" alt="{}"{}>', picture.src, alt or image.alt_text, size)


def _credit(image):
    return format_html(
        '<small class="figure__credit">{}</small>', gettext("Credit: %(credit)s") % {"credit": image.credit}
    )


def render(html, images, show=_picture):
    """`html` with its library images shown as responsive pictures; `images` are those references() named.

    `show(image, alt)` gives the HTML of one image: a <picture> by default.
    """
    lookup = _Lookup(images)

    def replace_image(match):
        attributes = _attributes(match)
        image, deleted = lookup.find(attributes)
        if deleted:
            return ""
        return show(image, attributes.get("alt", "").strip()) if image else match[0]

    def replace_figure(inner):
        found = [lookup.find(_attributes(img)) for img in _IMG_RE.finditer(inner)]
        if not any(image or deleted for image, deleted in found):
            return f"<figure>{inner}</figure>"
        if all(deleted for _image, deleted in found):
            return ""  # the image was taken down: its caption alone would make no sense
        inner = _IMG_RE.sub(replace_image, inner)
        credits = "".join(_credit(image) for image, _deleted in found if image and image.credit)
        if credits:
            if "</figcaption>" in inner:
                inner = inner.replace("</figcaption>", f" {credits}</figcaption>", 1)
            else:
                inner += f"<figcaption>{credits}</figcaption>"
        return f'<figure class="figure">{inner}</figure>'

    def replace(match):
        return replace_image(match) if match["figure"] is None else replace_figure(match["figure"])

    return _FIGURE_OR_IMG_RE.sub(replace, html)


def render_body(html):
    """The article body as pages show it; one query when it shows library images, none otherwise."""
    ids, names = references(html)
    if not ids and not names:
        return mark_safe(html)
    return mark_safe(render(html, MediaImage.objects.for_body(ids, names)))


def render_feed_bodies(bodies):
    """The bodies as feeds show them (an <img> of a rendition for each library image), in one query for all."""
    found = [references(html) for html in bodies]
    ids = set().union(*(ids for ids, _names in found))
    names = set().union(*(names for _ids, names in found))
    if not ids and not names:
        return list(bodies)
    images = list(MediaImage.objects.for_body(ids, names))
    return [
        render(html, images, show=_feed_image) if any(refs) else html for html, refs in zip(bodies, found, strict=True)
    ]
