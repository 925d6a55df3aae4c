"""A streaming reader of WordPress exports (WXR 1.0 to 1.2), hardened against hostile XML.

The file is never held whole: elements are read one by one with iterparse and
each child of <channel> (an item, an author, a term) is cleared once read, so
memory stays bounded by the largest single item, whatever the file's size.

The reader makes two passes. `read_index` collects what items refer to
(authors, categories, tags, attachments) and checks that the whole file is a
well-formed export; `read_items` then yields posts and pages with their
comments. Attachments usually follow the post that shows them, hence the
first pass.

The parser is defusedxml's: an entity declaration (how XML bombs and external
entities work) or a reference to an external resource raises before anything is
expanded or fetched.

Names are read as the file declares them, as WordPress's importer does: whatever
URL the file binds to the `wp:` prefix (http or https, any 1.x version) is the
WordPress namespace. A file that is not well-formed gets a second, tolerant
reading (wordpress.repair) before it is refused.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import iterparse
from django.utils.translation import gettext as _

from wordpress import elements
from wordpress.elements import author, category, child_text, tag, text
from wordpress.export import Index, Item
from wordpress.repair import mislabelled_utf8, repaired_copy

# WordPress has written 1.0 to 1.2; its importer reads any 1.x the same way.
SUPPORTED_VERSIONS = re.compile(r"^1\.\d+$")
_WP_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/(?P<version>[^/]+)/(?P<excerpt>excerpt/)?$")
_PREFIXES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}
# The prefixes whose binding in the file is believed, whatever URL it names.
_DECLARED = {"wp", "excerpt", "content", "dc", "wfw"}
# Expat's codes for a document that stops in the middle: what a cut download looks like.
_TRUNCATED_CODES = {3, 5, 6}  # no element found, unclosed token, partial character
_UNKNOWN_ENCODING = 18


class ExportError(Exception):
    """The file cannot be read as a WordPress export; the message tells the operator why."""

    def __init__(self, message, *, repairable=False):
        super().__init__(message)
        self.repairable = repairable  # a fault that a tolerant second reading may get past


@contextmanager
def opened(path):
    """(the path to read items from, the Index): the export, or its repaired copy, deleted on leaving.

    Raises ExportError unless the file, or its tolerant second reading, is a complete WXR export.
    """
    repair = _relabelled(path)
    try:
        try:
            index = read_index(repair.path if repair else path)
        except ExportError as error:
            if not error.repairable or repair:
                raise
            repair = _repair(path, error)
            try:
                index = read_index(repair.path)
            except ExportError as second:
                raise ExportError(_("%(error)s (a tolerant second reading failed too: %(second)s)")
                                  % {"error": error, "second": second}) from second  # fmt: skip
        if repair:
            index.notes[:0] = repair.notes
        yield (repair.path if repair else Path(path)), index
    finally:
        if repair:
            repair.path.unlink(missing_ok=True)


def _relabelled(path):
    """A UTF-8 copy of an export that says it is Latin-1 but is UTF-8, with a note; else None."""
    if not (declared := mislabelled_utf8(path)):
        return None
    repair = repaired_copy(path, encoding="utf-8")
    repair.notes.insert(0, _("the file says it is %(declared)s but is UTF-8: read as UTF-8") % {"declared": declared})
    return repair


def _repair(path, error):
    try:
        repair = repaired_copy(path)
    except LookupError as unknown:
        raise ExportError(_("the file declares an encoding that does not exist (%s)") % unknown) from unknown
    except UnicodeDecodeError as wrong:
        raise ExportError(
            _("the file declares the encoding “%(encoding)s” but holds bytes that are not (%(reason)s): "
              "export it again, or convert it to UTF-8") % {"encoding": wrong.encoding, "reason": wrong.reason}
        ) from wrong  # fmt: skip
    if repair is None:
        raise error
    return repair


def read_index(path) -> Index:
    """Read the whole export once; raise ExportError unless it is a complete, supported WXR file."""
    index = Index()
    for name, element in _channel_children(path, index):
        match name:
            case "title":
                index.site_title = text(element)
            case "link" if not index.site_url:
                index.site_url = text(element)
            case "wp:base_blog_url":
                index.site_url = text(element) or index.site_url
            case "wp:author":
                index.authors.append(author(element))
            case "wp:category":
                index.categories.append(category(element))
            case "wp:tag":
                index.tags.append(tag(element))
            case "item":
                index.item_count += 1
                guid = child_text(element, "guid")
                index.guids.update(guid.encode() + b"\n")
                if guid.startswith(("http://", "https://")) and (host := urlsplit(guid).hostname):
                    index.guid_hosts[host] += 1
                if child_text(element, "wp:post_type") == "attachment":
                    attachment = elements.attachment(element)
                    if attachment.id is not None:
                        index.attachments[attachment.id] = attachment
    if not index.version:
        raise ExportError(
            _("this is XML but not a WordPress export (no <wp:wxr_version>); "
              "make one in WordPress with Tools > Export > All content")
        )  # fmt: skip
    return index


def read_items(path) -> Iterator[Item]:
    """Every <item> of the export (posts, pages, attachments, menus…), one at a time, in file order."""
    for name, element in _channel_children(path, Index()):
        if name == "item":
            item = elements.item(element)
            element.clear()  # the item holds what it needs: its content is not kept twice
            yield item


class _Names:
    """Element names as the reader compares them ('wp:post_id'), from the namespaces the file declares."""

    def __init__(self):
        self.declared = {}  # namespace URL -> prefix, as the file binds them

    def declare(self, prefix, url):
        if prefix in _DECLARED:
            self.declared.setdefault(url, prefix)

    def __call__(self, tag):
        if not tag.startswith("{"):
            return tag
        namespace, _brace, local = tag[1:].partition("}")
        if match := _WP_NAMESPACE.match(namespace):
            return f"{'excerpt' if match['excerpt'] else 'wp'}:{local}"
        prefix = self.declared.get(namespace) or _PREFIXES.get(namespace)
        return f"{prefix}:{local}" if prefix else local

    @staticmethod
    def check_version(tag):
        """Refuse an export from an unknown WXR version before reading any of its content."""
        match = _WP_NAMESPACE.match(tag[1:].partition("}")[0]) if tag.startswith("{") else None
        if match and not SUPPORTED_VERSIONS.match(match["version"]):
            raise ExportError(_unknown_version(match["version"]))


def _channel_children(path, index):
    """(name, element) for each finished child of <channel>, cleared once the caller is done with it."""
    depth = 0
    channel = None
    names = _Names()
    try:
        for event, element in iterparse(
            str(path),
            events=("start-ns", "start", "end"),
            forbid_dtd=False,
            forbid_entities=True,
            forbid_external=True,
        ):
            if event == "start-ns":
                names.declare(*element)
                continue
            if event == "start":
                depth += 1
                if depth == 1 and element.tag != "rss":
                    raise ExportError(
                        _("the document is <%(name)s>, not the <rss> of a WordPress export")
                        % {"name": names(element.tag)}
                    )
                if depth == 2 and element.tag == "channel":
                    channel = element
                if depth == 3 and channel is not None:
                    names.check_version(element.tag)
                continue
            depth -= 1
            if depth >= 2 and channel is not None:
                element.tag = names(element.tag)  # children first: the item's are renamed before it ends
            if depth == 2 and channel is not None:
                if element.tag == "wp:wxr_version":
                    index.version = _checked_version(text(element))
                yield element.tag, element
                channel.clear()  # drops the finished child: memory stays flat
    except ParseError as error:
        raise _parse_error(error) from error
    except EntitiesForbidden as error:
        if error.sysid:
            raise ExportError(
                _("the file declares the external entity “%(name)s” (%(sysid)s): "
                  "it could read files of this server, refused") % {"name": error.name, "sysid": error.sysid}
            ) from error  # fmt: skip
        raise ExportError(
            _("the file declares the XML entity “%(name)s”: entities are how XML bombs "
              "expand to gigabytes, and WordPress never writes them; refused") % {"name": error.name}
        ) from error  # fmt: skip
    except ExternalReferenceForbidden as error:
        raise ExportError(_("the file refers to an external resource (%s); refused") % error.sysid) from error
    except (DTDForbidden, DefusedXmlException) as error:
        raise ExportError(_("the file holds a construct refused for safety: %s") % error) from error
    except UnicodeDecodeError as error:
        raise ExportError(
            _("the file is not valid text in its declared encoding (%s)") % error.reason, repairable=True
        ) from error
    except LookupError as error:  # the XML declaration names an encoding Python does not know
        raise ExportError(_("the file declares an encoding that does not exist (%s)") % error) from error
    if depth:
        raise ExportError(_("the file stops before its end: the export is truncated"))


def _checked_version(version):
    if not SUPPORTED_VERSIONS.match(version):
        raise ExportError(_unknown_version(version))
    return version


def _unknown_version(version):
    return _("WXR version “%(version)s” is not supported (versions 1.0 to 1.2 are, and any later 1.x)") % {
        "version": version
    }


def _parse_error(error):
    line, column = error.position
    if line == 1 and column == 0:
        if error.code in _TRUNCATED_CODES:
            return ExportError(_("the file is empty"))
        return ExportError(_("the file is not XML (a WordPress export starts with <?xml …>)"))
    if error.code == _UNKNOWN_ENCODING:
        return ExportError(_("the file declares an encoding the XML reader does not know"), repairable=True)
    if error.code in _TRUNCATED_CODES:
        message = _("the file stops in the middle of the XML (line %(line)d): the export is truncated")
    else:
        message = _("the file is not well-formed XML (line %(line)d, column %(column)d: %(error)s)")
    return ExportError(message % {"line": line, "column": column, "error": error.msg}, repairable=True)
