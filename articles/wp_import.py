"""A WordPress export brought into Refbax: authors, categories, tags, posts, pages, comments, images, redirects.

Guarantees, for the import_wordpress command that runs this in one transaction:

- Idempotent: every item is matched on its WordPress id (refbax.ImportedItem,
  per exported site), so a second run of the same export writes nothing and a
  later export adds only what is new.
- An editor's work wins: an item changed in WordPress since the last import is
  updated only if nobody edited (or moderated) it in Refbax meanwhile.
- Each item-level problem (a missing or taken slug, a missing parent comment, a
  missing file) is reported with the item's title and id, and the rest is imported.
- Every imported post keeps its old addresses: its permalink and ?p=ID answer
  with a 301 through the Redirect table.

How WordPress maps onto Refbax: publish and future posts are published (a
future date schedules them), pending ones go to review, draft, private and
password-protected ones become drafts; sticky posts are featured; pages go to a
"Pages" category.
Refbax categories are flat and shown in the site's navigation, so a
sub-category becomes a tag and its posts go to its top-level category; a post's
other categories become tags too. Writers get an author profile and an
inactive account without password (their login and e-mail kept).
"""

import hashlib
import json
from urllib.parse import parse_qs, unquote, urlsplit

from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles import wordpress
from articles.models import Article, Author, Category
from articles.slugs import french_slugify, unique_slug
from articles.text import html_to_text, truncate_at_word
from articles.wp_content import UPLOADS_MARKER, comment_text, convert, rewrite_uploads, upload_path
from articles.wp_report import Report
from articles.wp_uploads import MediaFiles, UnsafePath, same_content
from comments.models import Comment, update_comment_count
from comments.throttle import ip_hash
from media_library.uploads import validate_image_upload
from newsroom.models import ArticleRevision
from redirects.models import Redirect
from wordpress.models import ImportedItem

STANDFIRST_LENGTH = 300
PAGES_CATEGORY = ("Pages", "pages")
FALLBACK_CATEGORY = ("Non classé", "non-classe")
# WordPress's default category: a post filed under it and a real one belongs to the real one.
DEFAULT_CATEGORY_SLUGS = {"uncategorized", "non-classe"}
PUBLISHED_STATUSES = {"publish", "future"}
DRAFT_STATUSES = {"draft", "pending", "private"}
IGNORED_STATUSES = {"trash", "auto-draft", "inherit"}
COMMENT_STATUSES = {
    "1": Comment.Status.APPROVED,
    "approve": Comment.Status.APPROVED,
    "0": Comment.Status.PENDING,
    "hold": Comment.Status.PENDING,
    "spam": Comment.Status.SPAM,
    "trash": Comment.Status.REMOVED,
    "post-trashed": Comment.Status.REMOVED,
}
LINKBACK_TYPES = {"pingback", "trackback"}
MAX_PATH_LENGTH = Redirect._meta.get_field("old_path").max_length
_email_validator = EmailValidator()
_username_validator = UnicodeUsernameValidator()


class ImportFailed(Exception):
    """An item could not be written; the whole import is rolled back and the message names the item."""


def fingerprint(*values) -> str:
    """A digest of exported data: equal digests, nothing changed in WordPress."""
    return hashlib.sha256(json.dumps(values, default=str, ensure_ascii=False).encode()).hexdigest()


def site_key(url: str) -> str:
    """'https://www.Example.com/blog/' -> 'example.com/blog': the same site over http and https."""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}"[:200]


def old_path(link: str) -> str:
    """The path part of an old permalink, decoded as requests arrive; its ?p= or ?page_id= kept."""
    parts = urlsplit(link.strip())
    path = unquote(parts.path) or "/"
    query = parse_qs(parts.query)
    for name in ("p", "page_id"):
        if query.get(name, [""])[0].isdecimal():
            return f"{path}?{name}={query[name][0]}"
    return path


def plain(text: str) -> str:
    """Text without tags, entities decoded, on one line (titles, names)."""
    return " ".join(html_to_text(text or "").split())


def _valid_email(value):
    try:
        _email_validator(value)
    except ValidationError:
        return ""
    return value


def _aware(moment):
    return timezone.make_aware(moment) if moment else None


class Importer:
    def __init__(self, path, *, uploads=None, files=None, progress=None):
        self.path = path
        self.uploads = uploads  # a wp_uploads.UploadsFolder, or None
        self.files = files or MediaFiles()
        self.progress = progress or (lambda done, total: None)
        self.report = Report()
        self.index = None
        self.site = ""
        self.authors = {}  # login -> Author
        self.categories = {}  # WordPress category slug -> Category
        self.category_terms = {}  # WordPress category slug -> wordpress.Term
        self.tags = {}  # lower-case name -> Tag
        self.uploaded = {}  # path under uploads -> new URL, or None when it could not be copied
        self.seen_posts = set()
        self.images_left = 0  # images and covers left behind for want of --uploads
        self.accounts_created = 0

    def run(self) -> Report:
        self.index = index = wordpress.read_index(self.path)
        self.site = site_key(index.site_url)
        self.report.source = f"{self.path.name} (WXR {index.version}, {index.site_url or 'no site address'})"
        for author in index.authors:
            self._author(author)
        self._categories(index.categories)
        for term in index.tags:
            self._tag(term.name or unquote(term.slug), term.slug, count=True)
        for done, item in enumerate(wordpress.read_items(self.path), start=1):
            try:
                self._item(item)
            except (DatabaseError, OSError) as error:
                raise ImportFailed(f"{item.post_type or 'item'} {item.label}: {error}") from error
            self.progress(done, index.item_count)
        self._final_notes()
        return self.report

    # --- bookkeeping ------------------------------------------------------------------------

    def _record(self, kind, wp_id):
        return ImportedItem.objects.filter(site=self.site, kind=kind, wp_id=str(wp_id)).first()

    def _remember(self, kind, wp_id, target, digest="", record=None):
        record = record or ImportedItem(site=self.site, kind=kind, wp_id=str(wp_id))
        record.object_id, record.fingerprint, record.imported_at = target.pk, digest, timezone.now()
        record.save()
        return record

    def _records(self, kind, wp_ids):
        """{WordPress id: ImportedItem} for those of `wp_ids` imported before, in one query."""
        wp_ids = {str(wp_id) for wp_id in wp_ids}
        records = ImportedItem.objects.filter(site=self.site, kind=kind, wp_id__in=wp_ids) if wp_ids else []
        return {record.wp_id: record for record in records}

    def _redirect(self, old, new):
        self._redirects([(old, new)])

    def _redirects(self, pairs):
        """Add each old -> new unless the path is the home page, too long, or already redirected."""
        pairs = {Redirect.normalize(old): new for old, new in pairs}
        pairs = {
            old: new
            for old, new in pairs.items()
            if old.startswith("/") and old not in {"/", new} and max(len(old), len(new)) <= MAX_PATH_LENGTH
        }
        existing = dict(Redirect.objects.filter(old_path__in=pairs).values_list("old_path", "new_path"))
        for old, new in pairs.items():
            if old not in existing:
                Redirect.objects.create(old_path=old, new_path=new)
                self.report.count("redirects", "imported")
            elif existing[old] == new:
                self.report.count("redirects", "unchanged")
            else:
                self.report.count("redirects", "skipped")
                self.report.problem("redirect", "", f"{old} already leads to {existing[old]}; left as it is")

    def _final_notes(self):
        if self.images_left:
            self.report.note(
                f"{self.images_left} images and featured images were not copied: give the uploads folder with "
                "--uploads (body images still point at the old site)."
            )
        if self.accounts_created:
            self.report.note(
                f"Inactive accounts without password made for writers: {self.accounts_created} (login and e-mail "
                "kept). Activate one and send a password reset to let its writer in."
            )

    # --- authors, categories, tags ----------------------------------------------------------

    def _author(self, wp_author):
        login = wp_author.login
        if login in self.authors:
            return self.authors[login]
        record = self._record(ImportedItem.Kind.AUTHOR, login)
        author = Author.objects.filter(pk=record.object_id).first() if record else None
        if author is None:
            author = self._matching_author(wp_author)
            if author is None:
                author = self._new_author(wp_author)
                self.report.count("authors", "imported")
            else:
                self.report.count("authors", "unchanged")
            self._remember(ImportedItem.Kind.AUTHOR, login, author, record=record)
        else:
            self.report.count("authors", "unchanged")
        self.authors[login] = author
        if login:  # WordPress's author page: /author/<login made into a slug>/
            self._redirect(f"/author/{french_slugify(login, 100)}/", author.get_absolute_url())
        return author

    @staticmethod
    def _public_name(wp_author):
        full_name = f"{wp_author.first_name} {wp_author.last_name}".strip()
        return (plain(wp_author.display_name) or full_name or wp_author.login or "Rédaction")[:100]

    def _matching_author(self, wp_author):
        """The Refbax author who already is this writer: same account login, else same public name."""
        user = get_user_model().objects.filter(username=wp_author.login).first() if wp_author.login else None
        if user is not None and (author := Author.objects.filter(user=user).first()):
            return author
        return Author.objects.filter(slug=french_slugify(self._public_name(wp_author), 100)).first()

    def _new_author(self, wp_author):
        return Author.objects.create(
            name=self._public_name(wp_author),
            bio=html_to_text(wp_author.description),
            user=self._account(wp_author),
        )

    def _account(self, wp_author):
        """The writer's account: an existing one without profile, or a new inactive one that cannot log in."""
        login = wp_author.login
        try:
            _username_validator(login)
        except ValidationError:
            return None
        User = get_user_model()
        if len(login) > User._meta.get_field("username").max_length:
            return None
        user = User.objects.filter(username=login).first()
        if user is None:
            user = User(
                username=login,
                email=_valid_email(wp_author.email),
                first_name=plain(wp_author.first_name)[:150],
                last_name=plain(wp_author.last_name)[:150],
                is_active=False,
            )
            user.set_unusable_password()
            user.save()
            self.accounts_created += 1
        return user

    def _categories(self, terms):
        self.category_terms = {term.slug: term for term in terms if term.slug}
        sub_categories = []
        for term in self.category_terms.values():
            if self._top_slug(term.slug) == term.slug:
                self._category(term)
            else:
                sub_categories.append(term)
        for term in sub_categories:
            tag = self._tag(term.name or unquote(term.slug), term.slug)
            self._redirect(f"/category/{self._category_path(term.slug)}/", reverse("articles:tag", args=[tag.slug]))
            self.report.count("categories", "skipped")
        if sub_categories:
            names = ", ".join(term.name for term in sub_categories)
            self.report.note(f"Sub-categories made into tags (their posts are in the top category): {names}.")

    def _ancestors(self, slug):
        """`slug` and its parents, up to the top-level category (a loop in the export stops the climb)."""
        chain = [slug]
        while (term := self.category_terms.get(chain[-1])) and term.parent_slug and term.parent_slug not in chain:
            if term.parent_slug not in self.category_terms:
                break
            chain.append(term.parent_slug)
        return chain

    def _top_slug(self, slug):
        return self._ancestors(slug)[-1]

    def _category_path(self, slug):
        return "/".join(unquote(part) for part in reversed(self._ancestors(slug)))

    def _category(self, term):
        if term.slug in self.categories:
            return self.categories[term.slug]
        record = self._record(ImportedItem.Kind.CATEGORY, term.slug)
        category = Category.objects.filter(pk=record.object_id).first() if record else None
        if category is None:
            name = (plain(term.name) or unquote(term.slug))[:80]
            slug = french_slugify(unquote(term.slug) or name, 80)
            category = Category.objects.filter(slug=slug).first() or Category.objects.filter(name__iexact=name).first()
            if category is None:
                category = Category.objects.create(name=name, slug=slug, description=html_to_text(term.description))
                self.report.count("categories", "imported")
            else:
                self.report.count("categories", "unchanged")
            self._remember(ImportedItem.Kind.CATEGORY, term.slug, category, record=record)
        else:
            self.report.count("categories", "unchanged")
        self.categories[term.slug] = category
        self._redirect(f"/category/{unquote(term.slug)}/", category.get_absolute_url())
        return category

    def _fixed_category(self, name, slug):
        """A category the import needs ("Pages", "Non classé"): found by slug or name, else made."""
        if slug not in self.categories:
            category = Category.objects.filter(slug=slug).first() or Category.objects.filter(name__iexact=name).first()
            if category is None:
                category = Category.objects.create(name=name, slug=slug)
                self.report.count("categories", "imported")
            else:
                self.report.count("categories", "unchanged")
            self.categories[slug] = category
        return self.categories[slug]

    def _tag(self, name, wp_slug="", *, count=False):
        name = plain(name)[:100] or unquote(wp_slug)[:100]
        key = name.lower()
        if key not in self.tags:
            tag = Tag.objects.filter(name__iexact=name).first()
            if tag is None:
                slug = french_slugify(unquote(wp_slug) or name, 100)
                tag = Tag.objects.create(name=name, slug="" if Tag.objects.filter(slug=slug).exists() else slug)
                self.report.count("tags", "imported")
            elif count:
                self.report.count("tags", "unchanged")
            self.tags[key] = tag
            if wp_slug:
                self._redirect(f"/tag/{unquote(wp_slug)}/", reverse("articles:tag", args=[tag.slug]))
        return self.tags[key]

    def _classify(self, item):
        """(category, tags) of an item: one top-level category, everything else as tags."""
        tags = [self._tag(term.name, term.slug) for term in item.terms if term.domain in {"post_tag", "tag"}]
        if item.post_type == "page":
            return self._fixed_category(*PAGES_CATEGORY), tags
        slugs = [term.slug for term in item.terms if term.domain == "category" and term.slug]
        for term in item.terms:  # categories the export did not declare (a partial export)
            if term.domain == "category" and term.slug and term.slug not in self.category_terms:
                self.category_terms[term.slug] = wordpress.Term(slug=term.slug, name=term.name)
        if not slugs:
            return self._fixed_category(*FALLBACK_CATEGORY), tags
        primary_id = item.meta.get("_yoast_wpseo_primary_category", "").strip()
        primary = next((slug for slug in slugs if str(self.category_terms[slug].term_id) == primary_id), None)
        real = [slug for slug in slugs if slug not in DEFAULT_CATEGORY_SLUGS]
        top = self._top_slug(primary or (real or slugs)[0])
        category = self._category(self.category_terms[top])
        for slug in slugs:
            if slug != top and slug not in DEFAULT_CATEGORY_SLUGS:  # a sub-category or a second category
                tags.append(self._tag(self.category_terms[slug].name or unquote(slug), slug))
        return category, list(dict.fromkeys(tags))

    # --- posts and pages ---------------------------------------------------------------------

    def _item(self, item):
        if item.post_type == "attachment":
            return  # read in the first pass; their files come with the posts that show them
        kind = {"post": "posts", "page": "pages"}.get(item.post_type)
        if kind is None:
            self.report.other_types[item.post_type or "(none)"] += 1
            return
        if item.id is None:
            self.report.count(kind, "skipped")
            self.report.problem(item.post_type, item.label, "no <wp:post_id>: not imported")
            return
        if item.id in self.seen_posts:
            self.report.count(kind, "skipped")
            self.report.problem(item.post_type, item.label, "appears twice in the export: the second copy ignored")
            return
        self.seen_posts.add(item.id)
        if item.status in IGNORED_STATUSES:
            self.report.count(kind, "skipped")
            if item.status == "trash":
                self.report.problem(item.post_type, item.label, "in the WordPress trash: not imported")
            return
        article = self._article(item, kind)
        if article is not None:
            self._item_redirects(item, article)
            self._comments(item, article)

    def _item_fingerprint(self, item):
        thumbnail = self.index.attachments.get(item.thumbnail_id)
        return fingerprint(
            item.post_type, item.status, item.title, item.slug, item.content, item.excerpt, item.date, item.date_gmt,
            item.creator, item.comment_status, bool(item.password), item.sticky,
            [(term.domain, term.slug, term.name) for term in item.terms],
            item.meta.get("_yoast_wpseo_primary_category"),
            thumbnail and (thumbnail.file, thumbnail.alt, thumbnail.title),
        )  # fmt: skip

    def _article(self, item, kind):
        digest = self._item_fingerprint(item)
        record = self._record(ImportedItem.Kind.POST, item.id)
        if record is None:
            article, outcome = Article(), "imported"
        else:
            article = Article.objects.filter(pk=record.object_id).first()
            if article is None:
                self.report.count(kind, "skipped")
                self.report.problem(item.post_type, item.label, "deleted in Refbax after an earlier import: left out")
                return None
            if record.fingerprint == digest:
                self.report.count(kind, "unchanged")
                return article
            if article.updated_at > record.imported_at:
                self.report.count(kind, "skipped")
                self.report.problem(
                    item.post_type,
                    item.label,
                    "changed in WordPress but also edited in Refbax: the Refbax text is kept",
                )
                return article
            outcome = "updated"
        previous_url = article.get_absolute_url() if article.pk else None
        tags = self._fill(article, item)
        new_cover = self._cover(article, item)
        article.save()
        if new_cover:
            renditions = article.cover_renditions
            self.files.remember(
                *(entry["name"] for entry in [*renditions.get("images", []), renditions.get("social")] if entry)
            )
        article.tags.set(tags)
        # The content last changed in WordPress, not at the import (sitemaps and "updated on" say so).
        changed = max(item.modified_gmt or article.published_at, article.published_at)
        Article.objects.filter(pk=article.pk).update(content_changed_at=changed)
        ArticleRevision.objects.record(article)
        self._remember(ImportedItem.Kind.POST, item.id, article, digest, record)
        self.report.count(kind, outcome)
        if previous_url and previous_url != article.get_absolute_url():
            self._redirect(previous_url, article.get_absolute_url())
        return article

    def _fill(self, article, item):
        """Set the article's fields from the item; return its tags (set once it is saved)."""
        problem = lambda message: self.report.problem(item.post_type, item.label, message)  # noqa: E731
        article.title = plain(item.title)[:200]
        if not article.title:
            article.title = "Sans titre"
            problem("no title: imported as “Sans titre”")
        article.slug = self._slug(article, item, problem)
        converted = convert(item.content, attachments=self.index.attachments, post_id=item.id)
        for note in converted.notes:
            problem(note)
        article.body = rewrite_uploads(converted.html, lambda url: self._body_image(url, item))
        standfirst = plain(item.excerpt) or html_to_text(converted.teaser) or html_to_text(converted.html)
        article.standfirst = truncate_at_word(standfirst, STANDFIRST_LENGTH) or article.title
        self._status(article, item, problem)
        article.featured = item.sticky
        article.comments_open = item.comment_status != "closed"
        author = self._author(wordpress.Author(login=item.creator))
        if not item.creator:
            problem(f"no author in the export: attributed to “{author.name}”")
        article.author = author
        article.category, tags = self._classify(item)
        return tags

    def _slug(self, article, item, problem):
        wanted = (
            french_slugify(unquote(item.slug), Article._meta.get_field("slug").max_length - 6) if item.slug else ""
        )
        if not wanted:
            if item.status in PUBLISHED_STATUSES:  # drafts have no slug until WordPress publishes them
                problem("no slug in the export: one made from the title")
            return unique_slug(article, article.title)
        slug = unique_slug(article, wanted)
        if slug != wanted:
            problem(f"the address “{wanted}” is already taken: imported as “{slug}”")
        return slug

    def _status(self, article, item, problem):
        moment = item.date_gmt or _aware(item.date)
        if item.status in PUBLISHED_STATUSES and not item.password:
            article.status = Article.Status.PUBLISHED
            if moment is None:
                problem("no publication date in the export: published now")
        elif item.status == "pending" and not item.password:
            article.status = Article.Status.IN_REVIEW
        else:
            article.status = Article.Status.DRAFT
            if item.password:
                problem("password-protected in WordPress: imported as a draft")
            elif item.status == "private":
                problem("private in WordPress: imported as a draft")
            elif item.status not in DRAFT_STATUSES:
                problem(f"unknown status “{item.status}”: imported as a draft")
        if moment is not None:
            article.published_at = moment
        elif article.pk is None:
            article.published_at = timezone.now()

    def _item_redirects(self, item, article):
        new_url = article.get_absolute_url()
        home = urlsplit(self.index.site_url).path.rstrip("/") + "/"  # a blog may live under /blog/
        paths = [old_path(item.link)] if item.link else []
        paths.append(f"{home}?p={item.id}")
        if item.post_type == "page":
            paths.append(f"{home}?page_id={item.id}")
        self._redirects((path, new_url) for path in paths)

    # --- files ---------------------------------------------------------------------------------

    def _source(self, relative, item, what):
        """The file of the uploads folder at `relative`, or None with the reason reported."""
        try:
            path = self.uploads.find(relative)
        except UnsafePath:
            self.report.problem(
                item.post_type, item.label, f"{what} “{relative}” leads out of the uploads folder: refused"
            )
            return None
        if path is None:
            self.report.problem(item.post_type, item.label, f"{what} “{relative}” is not in the uploads folder")
        return path

    def _checked(self, file, relative, item, what):
        try:
            validate_image_upload(file)
        except ValidationError as error:
            self.report.problem(item.post_type, item.label, f"{what} “{relative}”: {' '.join(error.messages)}")
            return False
        return True

    def _cover(self, article, item):
        """Set the cover from the featured image; True when a new file was stored."""
        if not item.thumbnail_id:
            return False
        attachment = self.index.attachments.get(item.thumbnail_id)
        if attachment is None:
            self.report.problem(
                item.post_type, item.label, f"featured image (attachment {item.thumbnail_id}) not in the export"
            )
            return False
        if self.uploads is None:
            self.images_left += 1
            return False
        # Very old WordPress stored absolute paths: keep what follows wp-content/uploads/.
        relative = attachment.file.split(UPLOADS_MARKER.lstrip("/"), 1)[-1] or upload_path(attachment.url) or ""
        path = self._source(relative, item, "featured image") if relative else None
        if path is None:
            self.report.count("images", "skipped")
            return False
        with self.uploads.open(path) as file:
            if article.cover and same_content(article.cover.storage, article.cover.name, file):
                outcome = "unchanged"
            elif self._checked(file, relative, item, "featured image"):
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
            return self.uploaded[relative]
        self.uploaded[relative] = None
        if self.uploads is None:
            self.images_left += 1
            return None
        path = self._source(relative, item, "image")
        if path is None:
            self.report.count("images", "skipped")
            return None
        with self.uploads.open(path) as file:
            if not self._checked(file, relative, item, "image"):
                self.report.count("images", "skipped")
                return None
            name, written = self.files.store(file, f"wordpress/{relative}")
        self.report.count("images", "imported" if written else "unchanged")
        new_url = self.files.storage.url(name)
        self._redirect(unquote(urlsplit(url).path), new_url)  # the old image address, linked from elsewhere
        self.uploaded[relative] = new_url
        return new_url

    # --- comments ------------------------------------------------------------------------------

    def _comments(self, item, article):
        """Import the item's comments, parents before their replies; threads keep their shape."""
        real = []
        for comment in item.comments:
            if comment.type in LINKBACK_TYPES:
                self.report.count("pingbacks and trackbacks", "skipped")
            elif comment.id is None:
                self.report.count("comments", "skipped")
                self.report.problem("comment", f"on {item.label}", "no <wp:comment_id>: not imported")
            else:
                real.append(comment)
        in_export = {comment.id for comment in real}
        # Two queries for what earlier imports made of these comments and their parents, not two per comment.
        records = self._records(ImportedItem.Kind.COMMENT, in_export | {c.parent for c in real if c.parent})
        existing = Comment.objects.in_bulk([record.object_id for record in records.values()])
        saved = {}  # WordPress comment id -> Comment
        done = set()
        changed = False
        pending = real
        while pending:
            ready = [c for c in pending if c.parent not in in_export or c.parent in done or c.parent == c.id]
            for comment in ready or pending[:1]:  # none ready: parents in a loop, break it at the first
                changed |= self._comment(comment, item, article, saved, records, existing)
                done.add(comment.id)
            pending = [c for c in pending if c.id not in done]
        if changed:
            update_comment_count(article.pk)

    @staticmethod
    def _comment_parent(comment, article, saved, records, existing):
        if not comment.parent:
            return None
        parent = saved.get(comment.parent)
        if parent is None and (record := records.get(str(comment.parent))):
            parent = existing.get(record.object_id)
        return parent if parent is not None and parent.article_id == article.pk else None

    def _comment(self, wp_comment, item, article, saved, records, existing):
        """Import one comment; True when the database changed."""
        label = f"by {wp_comment.author or 'anonymous'} (id {wp_comment.id}) on {item.label}"
        digest = fingerprint(
            wp_comment.author, wp_comment.email, wp_comment.url, wp_comment.date, wp_comment.date_gmt,
            wp_comment.content, wp_comment.approved, wp_comment.parent,
        )  # fmt: skip
        record = records.get(str(wp_comment.id))
        comment = existing.get(record.object_id) if record else None
        if record is not None:
            if comment is None:  # deleted by a moderator: not brought back
                self.report.count("comments", "skipped")
                return False
            saved[wp_comment.id] = comment
            if record.fingerprint == digest:
                self.report.count("comments", "unchanged")
                return False
            if comment.moderated_at and comment.moderated_at > record.imported_at:
                self.report.count("comments", "skipped")
                self.report.problem("comment", label, "changed in WordPress but moderated in Refbax: left as it is")
                return False
        parent = self._comment_parent(wp_comment, article, saved, records, existing)
        if wp_comment.parent and parent is None:
            self.report.problem(
                "comment", label, f"replies to comment {wp_comment.parent}, missing from the export: made top-level"
            )
        status = COMMENT_STATUSES.get(wp_comment.approved)
        if status is None:
            status = Comment.Status.PENDING
            self.report.problem("comment", label, f"unknown state “{wp_comment.approved}”: held for moderation")
        comment = comment or Comment(article=article)
        comment.parent = parent
        comment.author_name = plain(wp_comment.author)[:100] or "Anonyme"
        comment.author_email = _valid_email(wp_comment.email)[:254]
        url = wp_comment.url if wp_comment.url.startswith(("http://", "https://")) else ""
        comment.author_url = url if len(url) <= 200 else ""
        comment.body = comment_text(wp_comment.content)
        comment.status = status
        comment.created_at = wp_comment.date_gmt or _aware(wp_comment.date) or article.published_at
        comment.ip_hash = ip_hash(wp_comment.ip) if wp_comment.ip else ""  # the address itself is never kept
        outcome = "updated" if comment.pk else "imported"
        comment.save()
        records[str(wp_comment.id)] = self._remember(ImportedItem.Kind.COMMENT, wp_comment.id, comment, digest, record)
        self.report.count("comments", outcome)
        saved[wp_comment.id] = comment
        return True
