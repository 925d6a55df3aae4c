"""What a WordPress export holds, as the reader gives it: plain data, no behaviour beyond labels."""

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime


def as_int(value):
    """The whole number `value` spells, or None."""
    try:
        return int(str(value).strip())
    except ValueError:
        return None


@dataclass
class ExportedAuthor:
    login: str
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""
    description: str = ""  # not in WordPress's own exports, but some plugins add it


@dataclass
class Term:
    """A category or a tag declared at the top of the export."""

    slug: str
    name: str
    term_id: int | None = None
    parent_slug: str = ""
    description: str = ""


@dataclass
class ItemTerm:
    """A category or tag as an item lists it: `<category domain="post_tag" nicename="seo">SEO</category>`."""

    domain: str
    slug: str
    name: str


@dataclass
class Attachment:
    id: int
    url: str = ""
    file: str = ""  # _wp_attached_file: the path under wp-content/uploads
    title: str = ""
    alt: str = ""
    caption: str = ""
    parent: int = 0
    menu_order: int = 0


@dataclass
class ExportedComment:
    id: int | None
    author: str = ""
    email: str = ""
    url: str = ""
    ip: str = ""
    date: datetime | None = None  # the site's local time, naive
    date_gmt: datetime | None = None  # aware, UTC
    content: str = ""
    approved: str = ""
    type: str = ""
    parent: int = 0


@dataclass
class Item:
    id: int | None
    post_type: str = ""
    status: str = ""
    title: str = ""
    link: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    slug: str = ""  # post_name as exported: percent-encoded when not ASCII
    date: datetime | None = None
    date_gmt: datetime | None = None
    pub_date: datetime | None = None  # the RSS <pubDate>: the date when wp:post_date is missing
    modified_gmt: datetime | None = None  # when the post's content last changed in WordPress
    comment_status: str = ""
    password: str = ""
    sticky: bool = False
    terms: list[ItemTerm] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    comments: list[ExportedComment] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the reader had to make of it, for the report

    @property
    def thumbnail_id(self) -> int | None:
        """The attachment id of the featured image, if any."""
        return as_int(self.meta.get("_thumbnail_id", "")) or None

    @property
    def label(self) -> str:
        """How the report names the item: its title and WordPress id."""
        return f"«\u00a0{self.title.strip() or '(sans titre)'}\u00a0» (id {self.id})"


@dataclass
class Index:
    """What the first pass learns: everything items refer to, and how many items there are."""

    version: str = ""
    site_url: str = ""
    site_title: str = ""
    authors: list[ExportedAuthor] = field(default_factory=list)
    categories: list[Term] = field(default_factory=list)
    tags: list[Term] = field(default_factory=list)
    attachments: dict[int, Attachment] = field(default_factory=dict)
    item_count: int = 0
    guids: object = field(default_factory=hashlib.sha256)  # a digest of every item's <guid>, in file order
    guid_hosts: Counter = field(default_factory=Counter)  # the hosts of the GUIDs that are web addresses
    notes: list[str] = field(default_factory=list)  # what the reader had to repair, for the report
