"""The import of posts and pages, with their covers and body images."""

from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.models import Article
from articles.slugs import french_slugify, unique_slug
from articles.text import html_to_text, truncate_at_word
from media_library.uploads import validate_image_upload
from newsroom.models import ArticleRevision
from wordpress.content import UPLOADS_MARKER, convert, rewrite_uploads, upload_path
from wordpress.export import ExportedAuthor
from wordpress.models import ImportedItem
from wordpress.uploads import UnsafePath, same_content
from wordpress.values import aware, fingerprint, old_path, plain

STANDFIRST_LENGTH = 300
PUBLISHED_STATUSES = {"publish", "future"}
DRAFT_STATUSES = {"draft", "pending", "private"}
IGNORED_STATUSES = {"trash", "auto-draft", "inherit"}


class PostsImport:
    """Part of wordpress.importer.Importer."""

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
        author = self._author(ExportedAuthor(login=item.creator))
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
        moment = item.date_gmt or aware(item.date)
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
