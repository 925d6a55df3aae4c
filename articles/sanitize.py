"""The allow-list that every stored article body goes through.

Whatever reaches the database, from the editor, an import or the shell, can
hold no script, event handler, frame, style or javascript:/data: URL. Images
come from the site's own media files only: another site's image would be
refused by the Content-Security-Policy and would tell that site who reads us,
so it becomes a link to that image instead.
"""

import re
from html import unescape
from pathlib import PurePosixPath
from urllib.parse import urlsplit

import nh3
from django.conf import settings
from django.urls import reverse_lazy
from django.utils.html import escape, format_html

from media_library.uploads import is_media_url
from site_settings.address import absolute_url

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "em", "figcaption", "figure",
    "h2", "h3", "h4", "hr", "i", "img", "li", "ol", "p", "pre", "s", "strong",
    "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    # data-file: the media library image the editor's figure was picked from (media_library/figures.py).
    "img": {"src", "alt", "width", "height", "data-file"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Strike": True,
    "Underline": True,
    "Subscript": True,
    "Superscript": True,
    "Code": True,
    "CodeBlock": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "Link": {"enableTarget": False},
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "History": True,
    "SpecialCharacters": True,
    # Figures with a caption, their image picked from the media library (a popup the
    # editor's "Browse" button opens, see media_library/admin.py).
    "Figure": {"pickerUrl": reverse_lazy("admin:media_library_mediaimage_picker")},
    "Caption": True,
    "Image": True,
}
# Attributes that hold a number of pixels or a database key: digits only.
_NUMERIC_ATTRIBUTES = {"width", "height", "data-file"}


def _filter_attribute(tag, attribute, value):
    if attribute in _NUMERIC_ATTRIBUTES:
        return value if value.isdecimal() and len(value) <= 9 else None
    return value


_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags={"script", "style"},
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=ALLOWED_URL_SCHEMES,
    link_rel=None,
    strip_comments=True,
    attribute_filter=_filter_attribute,
)
# An <img> as nh3 writes it: lower-case names, values in double quotes with " < > & escaped.
_IMG_RE = re.compile(r'<img((?:\s+[\w-]+(?:="[^"]*")?)*)\s*/?>')
_ATTRIBUTE_RE = re.compile(r'([\w-]+)(?:="([^"]*)")?')


def _local_media_path(url):
    """`url` as a path under MEDIA_URL if it is one of the site's files (with or without the site's address)."""
    site_media_url = absolute_url(settings.MEDIA_URL)
    if settings.MEDIA_URL.startswith("/") and url.startswith(site_media_url):
        url = settings.MEDIA_URL + url.removeprefix(site_media_url)
    return url if is_media_url(url) else None


def _site_image_or_link(match):
    raw = dict(_ATTRIBUTE_RE.findall(match[1]))
    src = unescape(raw.get("src", "")).strip()
    if (local := _local_media_path(src)) is not None:
        return match[0] if local == src else match[0].replace(f'src="{raw["src"]}"', f'src="{escape(local)}"', 1)
    if not src:
        return ""
    label = unescape(raw.get("alt", "")).strip() or PurePosixPath(urlsplit(src).path).name or src
    return format_html('<a href="{}">{}</a>', src, label)


def _keep_images_on_site(cleaned):
    """`cleaned` with every <img> that is not one of the site's files made into a link to it."""
    kept = _IMG_RE.sub(_site_image_or_link, cleaned)
    # A link made inside a link is untangled as browsers would do it.
    return kept if kept == cleaned else _cleaner.clean(kept).strip()


# The editor writes each list item as a paragraph (<li><p>text</p></li>), which sites show double-spaced;
# an item of one paragraph, nested list or not after it, is stored as its text (<li>text</li>).
_LIST_ITEM_PARAGRAPH_RE = re.compile(r"<li><p>((?:(?!</?p[ >]|</?li[ >]).)*)</p>(?=</li>|<ul>|<ol[ >])", re.S)


def sanitize_html(html: str) -> str:
    """Return `html` reduced to the allow-list; idempotent."""
    cleaned = _keep_images_on_site(_cleaner.clean(html or "").strip())
    cleaned = _LIST_ITEM_PARAGRAPH_RE.sub(r"<li>\1", cleaned)
    # The editor's idea of an empty document.
    return "" if cleaned in {"<p></p>", "<p><br></p>"} else cleaned
