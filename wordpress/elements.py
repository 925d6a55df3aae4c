"""One element of a WordPress export made into the reader's plain data (wordpress.export).

Names are already the reader's ('wp:post_id'): wordpress.reader renames every
element as it ends, whatever namespace URL the file used.
"""

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from xml.etree.ElementTree import tostring

from django.utils.translation import gettext as _

from wordpress.export import Attachment, ExportedAuthor, ExportedComment, Item, ItemTerm, Term, as_int


def text(element):
    return (element.text or "").strip()


def child_text(element, name):
    for child in element:
        if child.tag == name:
            return text(child)
    return ""


def _fields(element):
    """{name: text} of an element's simple children (the last one wins)."""
    return {child.tag: child.text or "" for child in element}


def _date(value, *, gmt=False):
    """'2019-05-02 08:30:00' -> datetime; WordPress's '0000-00-00 00:00:00' (never set) -> None."""
    try:
        moment = datetime.strptime(value.strip(), "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if gmt else moment


def author(element):
    fields = _fields(element)
    return ExportedAuthor(
        login=fields.get("wp:author_login", "").strip(),
        email=fields.get("wp:author_email", "").strip(),
        display_name=fields.get("wp:author_display_name", "").strip(),
        first_name=fields.get("wp:author_first_name", "").strip(),
        last_name=fields.get("wp:author_last_name", "").strip(),
        description=fields.get("wp:author_description", "").strip(),
    )


def category(element):
    fields = _fields(element)
    return Term(
        slug=fields.get("wp:category_nicename", "").strip(),
        name=fields.get("wp:cat_name", "").strip(),
        term_id=as_int(fields.get("wp:term_id", "")),
        parent_slug=fields.get("wp:category_parent", "").strip(),
        description=fields.get("wp:category_description", "").strip(),
    )


def tag(element):
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
        if child.tag == "wp:postmeta":
            fields = _fields(child)
            meta[fields.get("wp:meta_key", "").strip()] = fields.get("wp:meta_value", "")
    return meta


def attachment(element):
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


def _inner_html(element):
    """An element's content, text and child elements alike, as the HTML it spells."""
    return (element.text or "") + "".join(tostring(child, encoding="unicode") for child in element)


def _pub_date(value):
    """The RSS <pubDate> ('Thu, 02 May 2019 08:30:00 +0000') as an aware datetime, or None."""
    try:
        moment = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def item(element):
    fields = _fields(element)
    notes = []
    for child in element:
        # Content given as XML elements rather than text (CDATA): taken as the HTML they spell.
        if child.tag in {"content:encoded", "excerpt:encoded"} and len(child):
            fields[child.tag] = _inner_html(child)
            notes.append(_("its content is XML elements rather than text (CDATA): read as HTML"))
    terms = [
        ItemTerm(domain=child.get("domain", ""), slug=child.get("nicename", ""), name=text(child))
        for child in element
        if child.tag == "category" and child.get("domain")
    ]
    comments = [_comment(child) for child in element if child.tag == "wp:comment"]
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
        pub_date=_pub_date(fields.get("pubDate", "")),
        modified_gmt=_date(fields.get("wp:post_modified_gmt", ""), gmt=True),
        comment_status=fields.get("wp:comment_status", "").strip(),
        password=fields.get("wp:post_password", ""),
        sticky=fields.get("wp:is_sticky", "").strip() == "1",
        terms=terms,
        meta=_meta(element),
        comments=comments,
        notes=list(dict.fromkeys(notes)),
    )
