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
"""

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import iterparse

from wordpress.export import (
    Attachment,
    ExportedAuthor,
    ExportedComment,
    Index,
    Item,
    ItemTerm,
    Term,
    as_int,
)

SUPPORTED_VERSIONS = ("1.0", "1.1", "1.2")
_WP_NAMESPACE = re.compile(r"^http://wordpress\.org/export/(?P<version>[^/]+)/(?P<excerpt>excerpt/)?$")
_PREFIXES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}
# Expat's codes for a document that stops in the middle: what a cut download looks like.
_TRUNCATED_CODES = {3, 5, 6}  # no element found, unclosed token, partial character


class ExportError(Exception):
    """The file cannot be read as a WordPress export; the message tells the operator why."""


def read_index(path) -> Index:
    """Read the whole export once; raise ExportError unless it is a complete, supported WXR file."""
    index = Index()
    for name, element in _channel_children(path, index):
        match name:
            case "title":
                index.site_title = _text(element)
            case "link" if not index.site_url:
                index.site_url = _text(element)
            case "wp:base_blog_url":
                index.site_url = _text(element) or index.site_url
            case "wp:author":
                index.authors.append(_author(element))
            case "wp:category":
                index.categories.append(_category(element))
            case "wp:tag":
                index.tags.append(_tag(element))
            case "item":
                index.item_count += 1
                if _child_text(element, "wp:post_type") == "attachment":
                    attachment = _attachment(element)
                    if attachment.id is not None:
                        index.attachments[attachment.id] = attachment
    if not index.version:
        raise ExportError(
            "this is XML but not a WordPress export (no <wp:wxr_version>); "
            "make one in WordPress with Tools > Export > All content"
        )
    return index


def read_items(path) -> Iterator[Item]:
    """Every <item> of the export (posts, pages, attachments, menus…), one at a time, in file order."""
    for name, element in _channel_children(path, Index()):
        if name == "item":
            yield _item(element)


def _channel_children(path, index):
    """(name, element) for each finished child of <channel>, cleared once the caller is done with it."""
    depth = 0
    channel = None
    try:
        for event, element in iterparse(
            str(path), events=("start", "end"), forbid_dtd=False, forbid_entities=True, forbid_external=True
        ):
            if event == "start":
                depth += 1
                if depth == 1 and element.tag != "rss":
                    raise ExportError(f"the document is <{_name(element.tag)}>, not the <rss> of a WordPress export")
                if depth == 2 and element.tag == "channel":
                    channel = element
                if depth == 3 and channel is not None:
                    _check_version(element, index)
                continue
            depth -= 1
            if depth == 2 and channel is not None:
                name = _name(element.tag)
                if name == "wp:wxr_version":
                    index.version = _checked_version(_text(element))
                yield name, element
                channel.clear()  # drops the finished child: memory stays flat
    except ParseError as error:
        raise ExportError(_describe_parse_error(error)) from error
    except EntitiesForbidden as error:
        if error.sysid:
            raise ExportError(
                f"the file declares the external entity “{error.name}” ({error.sysid}): "
                "it could read files of this server, refused"
            ) from error
        raise ExportError(
            f"the file declares the XML entity “{error.name}”: entities are how XML bombs "
            "expand to gigabytes, and WordPress never writes them; refused"
        ) from error
    except ExternalReferenceForbidden as error:
        raise ExportError(f"the file refers to an external resource ({error.sysid}); refused") from error
    except (DTDForbidden, DefusedXmlException) as error:
        raise ExportError(f"the file holds a construct refused for safety: {error}") from error
    except UnicodeDecodeError as error:
        raise ExportError(f"the file is not valid text in its declared encoding ({error.reason})") from error
    if depth:
        raise ExportError("the file stops before its end: the export is truncated")


def _check_version(element, index):
    """Refuse an export from an unknown WXR version before reading any of its content."""
    match = _WP_NAMESPACE.match(element.tag[1:].partition("}")[0]) if element.tag.startswith("{") else None
    if match and match["version"] not in SUPPORTED_VERSIONS:
        raise ExportError(_unknown_version(match["version"]))
    if not index.version and _name(element.tag) in {"item", "wp:author", "wp:category", "wp:tag", "wp:term"}:
        raise ExportError("no <wp:wxr_version> before the content: this is not a WordPress export")


def _checked_version(version):
    if version not in SUPPORTED_VERSIONS:
        raise ExportError(_unknown_version(version))
    return version


def _unknown_version(version):
    return f"WXR version {version!r} is not supported (versions {', '.join(SUPPORTED_VERSIONS)} are)"


def _describe_parse_error(error):
    line, column = error.position
    if error.code in _TRUNCATED_CODES:
        if line == 1 and column == 0:
            return "the file is empty"
        return f"the file stops in the middle of the XML (line {line}): the export is truncated"
    if line == 1 and column == 0:
        return "the file is not XML (a WordPress export starts with <?xml …>)"
    return f"the file is not well-formed XML: {error.msg}"


def _name(tag):
    """'{http://wordpress.org/export/1.2/}post_id' -> 'wp:post_id', whatever the WXR version."""
    if not tag.startswith("{"):
        return tag
    namespace, _brace, local = tag[1:].partition("}")
    if match := _WP_NAMESPACE.match(namespace):
        return f"{'excerpt' if match['excerpt'] else 'wp'}:{local}"
    prefix = _PREFIXES.get(namespace)
    return f"{prefix}:{local}" if prefix else local


def _text(element):
    return (element.text or "").strip()


def _child_text(element, name):
    for child in element:
        if _name(child.tag) == name:
            return _text(child)
    return ""


def _fields(element):
    """{name: text} of an element's simple children (the last one wins)."""
    return {_name(child.tag): child.text or "" for child in element}


def _date(value, *, gmt=False):
    """'2019-05-02 08:30:00' -> datetime; WordPress's '0000-00-00 00:00:00' (never set) -> None."""
    try:
        moment = datetime.strptime(value.strip(), "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if gmt else moment


def _author(element):
    fields = _fields(element)
    return ExportedAuthor(
        login=fields.get("wp:author_login", "").strip(),
        email=fields.get("wp:author_email", "").strip(),
        display_name=fields.get("wp:author_display_name", "").strip(),
        first_name=fields.get("wp:author_first_name", "").strip(),
        last_name=fields.get("wp:author_last_name", "").strip(),
        description=fields.get("wp:author_description", "").strip(),
    )


def _category(element):
    fields = _fields(element)
    return Term(
        slug=fields.get("wp:category_nicename", "").strip(),
        name=fields.get("wp:cat_name", "").strip(),
        term_id=as_int(fields.get("wp:term_id", "")),
        parent_slug=fields.get("wp:category_parent", "").strip(),
        description=fields.get("wp:category_description", "").strip(),
    )


def _tag(element):
    fields = _fields(element)
    return Term(
        slug=fields.get("wp:tag_slug", "").strip(),
        name=fields.get("wp:tag_name", "").strip(),
        term_id=as_int(fields.get("wp:term_id", "")),
        description=fields.get("wp:tag_description", "").strip(),
    )


def _meta(element):
    meta = {}
    for child in element:
        if _name(child.tag) == "wp:postmeta":
            fields = _fields(child)
            meta[fields.get("wp:meta_key", "").strip()] = fields.get("wp:meta_value", "")
    return meta


def _attachment(element):
    fields = _fields(element)
    meta = _meta(element)
    return Attachment(
        id=as_int(fields.get("wp:post_id", "")),
        url=fields.get("wp:attachment_url", "").strip(),
        file=meta.get("_wp_attached_file", "").strip(),
        title=fields.get("title", "").strip(),
        alt=meta.get("_wp_attachment_image_alt", "").strip(),
        caption=fields.get("excerpt:encoded", "").strip(),
        parent=as_int(fields.get("wp:post_parent", "")) or 0,
        menu_order=as_int(fields.get("wp:menu_order", "")) or 0,
    )


def _comment(element):
    fields = _fields(element)
    return ExportedComment(
        id=as_int(fields.get("wp:comment_id", "")),
        author=fields.get("wp:comment_author", "").strip(),
        email=fields.get("wp:comment_author_email", "").strip(),
        url=fields.get("wp:comment_author_url", "").strip(),
        ip=fields.get("wp:comment_author_IP", "").strip(),
        date=_date(fields.get("wp:comment_date", "")),
        date_gmt=_date(fields.get("wp:comment_date_gmt", ""), gmt=True),
        content=fields.get("wp:comment_content", ""),
        approved=fields.get("wp:comment_approved", "").strip(),
        type=fields.get("wp:comment_type", "").strip(),
        parent=as_int(fields.get("wp:comment_parent", "")) or 0,
    )


def _item(element):
    fields = _fields(element)
    terms = [
        ItemTerm(domain=child.get("domain", ""), slug=child.get("nicename", ""), name=_text(child))
        for child in element
        if child.tag == "category" and child.get("domain")
    ]
    comments = [_comment(child) for child in element if _name(child.tag) == "wp:comment"]
    return Item(
        id=as_int(fields.get("wp:post_id", "")),
        post_type=fields.get("wp:post_type", "").strip(),
        status=fields.get("wp:status", "").strip(),
        title=fields.get("title", ""),
        link=fields.get("link", "").strip(),
        creator=fields.get("dc:creator", "").strip(),
        content=fields.get("content:encoded", ""),
        excerpt=fields.get("excerpt:encoded", ""),
        slug=fields.get("wp:post_name", "").strip(),
        date=_date(fields.get("wp:post_date", "")),
        date_gmt=_date(fields.get("wp:post_date_gmt", ""), gmt=True),
        modified_gmt=_date(fields.get("wp:post_modified_gmt", ""), gmt=True),
        comment_status=fields.get("wp:comment_status", "").strip(),
        password=fields.get("wp:post_password", ""),
        sticky=fields.get("wp:is_sticky", "").strip() == "1",
        terms=terms,
        meta=_meta(element),
        comments=comments,
    )
