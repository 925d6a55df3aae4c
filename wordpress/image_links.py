"""Addresses of the old site's uploaded images in post content: found, rewritten, or left as one link.

Pure functions over HTML text: no database, no files.
"""

import html
import re
from collections.abc import Callable, Collection
from pathlib import PurePosixPath
from urllib.parse import urlsplit

_UPLOAD_ATTRIBUTE = re.compile(r"""(?P<before>\s(?:src|href)=)(?P<quote>["'])(?P<url>[^"']*?)(?P=quote)""")
_LINKED_IMAGE = re.compile(r"<a\b(?P<attrs>[^>]*)>\s*(?P<img><img\b[^>]*>)\s*</a>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""\s([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
UPLOADS_MARKER = "/wp-content/uploads/"
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp")
# WordPress.com serves a site's uploads from <site>.files.wordpress.com/<year>/<month>/<file>.
_WORDPRESS_COM_FILES = ".files.wordpress.com"


def upload_path(url: str) -> str | None:
    """'https://old.example/wp-content/uploads/2020/01/a.jpg?w=300' -> '2020/01/a.jpg'; None if not an upload.

    WordPress.com's 'https://blog.files.wordpress.com/2020/01/a.jpg' is '2020/01/a.jpg' too.
    """
    parts = urlsplit(html.unescape(url))
    if UPLOADS_MARKER in parts.path:
        relative = parts.path.split(UPLOADS_MARKER, 1)[1]
    elif parts.hostname and parts.hostname.endswith(_WORDPRESS_COM_FILES):
        relative = parts.path.lstrip("/")
    else:
        return None
    return relative if relative.lower().endswith(IMAGE_EXTENSIONS) else None


def _escape(value):
    return html.escape(value or "", quote=True)


def rewrite_uploads(html_text: str, replace: Callable[[str], str | None]) -> str:
    """`html_text` with each src or href that points at an uploaded image replaced by `replace(url)`.

    `replace` returns the new address, or None to leave the old one.
    """

    def rewrite(match):
        url = match["url"]
        if upload_path(url) is None:
            return match.group()
        new_url = replace(url)
        return (
            match.group()
            if new_url is None
            else f"{match['before']}{match['quote']}{_escape(new_url)}{match['quote']}"
        )

    return _UPLOAD_ATTRIBUTE.sub(rewrite, html_text)


def _attributes(tag):
    return {name.lower(): html.unescape(double if double is not None else single) for name, double, single in
            _ATTRIBUTE.findall(tag)}  # fmt: skip


def unlink_images(html_text: str, left: Collection[str]) -> str:
    """A linked image whose file stayed on the old site (`left`) made into one link, labelled by its alt text.

    Bodies show only the site's own images (articles/sanitize.py), so such an image
    becomes a link; inside a link it would become an empty link and a second one.
    """
    if not left:
        return html_text

    def replace(match):
        image = _attributes(match["img"])
        if image.get("src", "") not in left:
            return match.group()
        link = _attributes(f" {match['attrs']}")
        href = link.get("href") or image["src"]
        label = image.get("alt", "").strip() or PurePosixPath(urlsplit(image["src"]).path).name
        return f'<a href="{_escape(href)}">{_escape(label)}</a>'

    return _LINKED_IMAGE.sub(replace, html_text)
