"""Covers and body images of imported posts, copied from the uploads folder (--uploads).

Where an attachment's file is: `_wp_attached_file` under the uploads folder, or,
when that is an absolute server path (WordPress.com, very old WordPress), the
path of the attachment's URL under the uploads folder. Any run given --uploads
brings the images that earlier runs could not (posts.IMAGES_LEFT).
"""

import base64
import binascii
import hashlib
import html
import re
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from media_library.uploads import validate_image_upload
from wordpress.image_links import UPLOADS_MARKER, upload_path
from wordpress.uploads import UnsafePath, same_content
from wordpress.values import plain

# An image pasted into the content as a data: address, as the visual editor of old kept it.
_EMBEDDED = re.compile(
    r"""(?P<before>\ssrc\s*=\s*)(?P<quote>["'])data:image/(?P<type>png|jpe?g|gif|webp);base64,"""
    r"""(?P<data>[^"']*)(?P=quote)""",
    re.IGNORECASE,
)


def attached_paths(attachment):
    """Where to look for an attachment's file under the uploads folder, most likely first."""
    paths = []
    file = attachment.file.replace("\\", "/")
    if UPLOADS_MARKER.lstrip("/") in file:  # an absolute path that names wp-content/uploads/
        file = file.split(UPLOADS_MARKER.lstrip("/"), 1)[1]
    if file:
        paths.append(file)
    if (from_url := upload_path(attachment.url)) and from_url not in paths:
        paths.append(unquote(from_url))
    return paths


class ImagesImport:
    """Part of wordpress.importer.Importer."""

    def _source(self, candidates, item, what):
        """The first of `candidates` found in the uploads folder, or None with the reason reported."""
        refused = []
        for relative in candidates:
            try:
                path = self.uploads.find(relative)
            except UnsafePath:
                refused.append(relative)
                continue
            if path is not None:
                return path, relative
        if missing := [relative for relative in candidates if relative not in refused]:
            message = _("%(what)s “%(path)s” is not in the uploads folder") % {"what": what, "path": missing[-1]}
        else:
            message = _("%(what)s “%(path)s” leads out of the uploads folder: refused") % {
                "what": what,
                "path": refused[0],
            }
        self.report.problem(item.post_type, item.label, message)
        return None, None

    def _checked(self, file, relative, item, what):
        try:
            validate_image_upload(file)
        except ValidationError as error:
            self.report.problem(
                item.post_type, item.label, f"{what} «\u00a0{relative}\u00a0»\u00a0: {' '.join(error.messages)}"
            )
            return False
        return True

    def _embedded_images(self, content, item):
        """`content` with each image pasted as a data: address stored as a file of the site.

        Bodies show only the site's files (articles/sanitize.py), which would drop such an
        image; and they are most of the weight of the heaviest posts found in exports.
        """
        if "data:image/" not in content:
            return content

        def store(match):
            kind = match["type"].lower().replace("jpg", "jpeg")
            what = _("image pasted in the text")
            try:
                data = base64.b64decode(re.sub(r"\s+", "", match["data"]), validate=True)
            except (binascii.Error, ValueError):
                data = b""
            name = f"wordpress/embedded/{hashlib.sha256(data).hexdigest()[:20]}.{kind.replace('jpeg', 'jpg')}"
            file = ContentFile(data, name=name.rsplit("/", 1)[1])
            if not data:
                self.report.problem(item.post_type, item.label, _("%(what)s: unreadable, removed") % {"what": what})
            if not data or not self._checked(file, name.rsplit("/", 1)[1], item, what):
                self.report.count("images", "skipped")
                return match["before"] + match["quote"] * 2
            stored, written = self.files.store(file, name)
            self.report.count("images", "imported" if written else "unchanged")
            return f"{match['before']}{match['quote']}{self.files.storage.url(stored)}{match['quote']}"

        return _EMBEDDED.sub(store, content)

    def _remember_renditions(self, article):
        renditions = article.cover_renditions
        self.files.remember(
            *(entry["name"] for entry in [*renditions.get("images", []), renditions.get("social")] if entry)
        )

    def _cover(self, article, item):
        """Set the cover from the featured image; True when a new file was stored."""
        if not item.thumbnail_id:
            return False
        what = _("featured image")
        attachment = self.index.attachments.get(item.thumbnail_id)
        if attachment is None:
            self.report.problem(
                item.post_type,
                item.label,
                _("featured image (attachment %(id)s) not in the export") % {"id": item.thumbnail_id},
            )
            return False
        if self.uploads is None:
            self.images_left += 1
            self.item_images_left += 1
            return False
        candidates = attached_paths(attachment)
        path, relative = self._source(candidates, item, what) if candidates else (None, None)
        if path is None:
            self.report.count("images", "skipped")
            return False
        with self.uploads.open(path) as file:
            if article.cover and same_content(article.cover.storage, article.cover.name, file):
                outcome = "unchanged"
            elif self._checked(file, relative, item, what):
                article.cover.save(path.name, file, save=False)
                self.files.remember(article.cover.name)
                outcome = "imported"
            else:
                outcome = "skipped"
        self.report.count("images", outcome)
        if article.cover:
            article.cover_alt = (plain(attachment.alt) or plain(attachment.title) or article.title)[:250]
        return outcome == "imported"

    def _body_image(self, url, item):
        """The new address of an uploaded image shown in a post, or None to leave the old one."""
        relative = unquote(upload_path(url) or "")
        if relative in self.uploaded:
            new_url = self.uploaded[relative]
            if new_url is None:
                self.left_on_old_site.add(html.unescape(url))
                self.item_images_left += self.uploads is None
            return new_url
        self.uploaded[relative] = None
        self.left_on_old_site.add(html.unescape(url))
        if self.uploads is None:
            self.images_left += 1
            self.item_images_left += 1
            return None
        path, _relative = self._source([relative], item, _("image"))
        if path is None:
            self.report.count("images", "skipped")
            return None
        with self.uploads.open(path) as file:
            if not self._checked(file, relative, item, _("image")):
                self.report.count("images", "skipped")
                return None
            name, written = self.files.store(file, f"wordpress/{relative}")
        self.report.count("images", "imported" if written else "unchanged")
        new_url = self.files.storage.url(name)
        self._redirect(unquote(urlsplit(url).path), new_url)  # the old image address, linked from elsewhere
        self.uploaded[relative] = new_url
        self.left_on_old_site.discard(html.unescape(url))
        return new_url
