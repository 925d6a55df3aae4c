"""The import of posts and pages, with their covers and body images.

Re-imports follow WordPress: an item trashed, made private, draft or pending
there is no longer public here, whatever was edited in Refbax meanwhile (its
text is kept), and no redirect leads to an article that readers cannot see.
"""

from urllib.parse import unquote, urlsplit

from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article
from articles.slugs import french_slugify, unique_slug, unique_slug_from
from articles.text import html_to_text, truncate_at_word
from newsroom.models import ArticleRevision
from redirects.models import Redirect
from wordpress.authors_and_terms import TAKEN_ADDRESS
from wordpress.content import convert
from wordpress.export import ExportedAuthor
from wordpress.image_links import rewrite_uploads, unlink_images
from wordpress.images import ImagesImport
from wordpress.models import ImportedItem
from wordpress.values import aware, fingerprint, legacy_fingerprint, old_path, plain

STANDFIRST_LENGTH = 300
STANDFIRST_SOURCE = 20_000  # characters of HTML read for a standfirst when the post has no excerpt
TITLE_LENGTH = Article._meta.get_field("title").max_length
PUBLISHED_STATUSES = {"publish", "future"}
DRAFT_STATUSES = {"draft", "pending", "private"}
# Not content: WordPress's own drafts of a draft and revisions ("inherit").
IGNORED_STATUSES = {"trash", "auto-draft", "inherit"}
# The fingerprint of an item whose images are still on the old site: a run with --uploads brings them.
IMAGES_LEFT = "images left on the old site"


class PostsImport(ImagesImport):
    """Part of wordpress.importer.Importer."""

    def _item(self, item):
        if item.post_type == "attachment":
            self.attachments_read += 1  # read in the first pass; their files come with the posts that show them
            return
        kind = {"post": "posts", "page": "pages"}.get(item.post_type)
        if kind is None:
            self.report.other_types[item.post_type or "(none)"] += 1
            return
        if item.id is None:
            self.report.count(kind, "skipped")
            self.report.problem(item.post_type, item.label, _("no <wp:post_id>: not imported"))
            return
        if item.id in self.seen_posts:
            self.report.count(kind, "skipped")
            self.report.problem(item.post_type, item.label, _("appears twice in the export: the second copy ignored"))
            return
        self.seen_posts.add(item.id)
        if item.status in IGNORED_STATUSES:
            self._ignored(item, kind)
            return
        article = self._article(item, kind)
        if article is not None:
            self._item_redirects(item, article)
            self._comments(item, article)

    def _ignored(self, item, kind):
        """A trashed item, or one WordPress keeps for itself; one imported before is unpublished."""
        record = self._record(ImportedItem.Kind.POST, item.id)
        article = Article.objects.filter(pk=record.object_id).first() if record else None
        if article is None:
            self.report.count(kind, "skipped")
            self.report.skipped_statuses[item.status] += 1
            if item.status == "trash":
                self.report.problem(item.post_type, item.label, _("in the WordPress trash: not imported"))
            return
        if self._unpublish(article):
            self.report.count(kind, "updated")
            self.report.problem(item.post_type, item.label, _("in the WordPress trash: unpublished in Refbax"))
        else:
            self.report.count(kind, "unchanged")

    def _unpublish(self, article):
        """Take `article` away from readers (it becomes a draft) and drop the redirects leading to it.

        True when it was public or scheduled. The status alone is written: the editor's text and
        the date that tells an edit in Refbax apart are left as they are.
        """
        self._drop_redirects(article)
        if article.status != Article.Status.PUBLISHED:
            return False
        article.status = Article.Status.DRAFT
        article.save(update_fields=["status"])
        return True

    def _drop_redirects(self, article):
        removed, _by_model = Redirect.objects.filter(new_path=article.get_absolute_url()).delete()
        self.redirects_removed += removed

    def _item_fingerprint(self, item):
        thumbnail = self.index.attachments.get(item.thumbnail_id)
        return fingerprint(
            item.post_type, item.status, item.title, item.slug, item.content, item.excerpt, item.date, item.date_gmt,
            item.pub_date, item.creator, item.comment_status, bool(item.password), item.sticky,
            [(term.domain, term.slug, term.name) for term in item.terms],
            item.meta.get("_yoast_wpseo_primary_category"), item.meta.get("footnotes"),
            thumbnail and (thumbnail.file, thumbnail.url, thumbnail.alt, thumbnail.title),
        )  # fmt: skip

    def _legacy_fingerprint(self, item):
        """What releases before the images-on-any-run one kept: an unchanged post must not look changed."""
        thumbnail = self.index.attachments.get(item.thumbnail_id)
        return legacy_fingerprint(
            item.post_type, item.status, item.title, item.slug, item.content, item.excerpt, item.date, item.date_gmt,
            item.creator, item.comment_status, bool(item.password), item.sticky,
            [(term.domain, term.slug, term.name) for term in item.terms],
            item.meta.get("_yoast_wpseo_primary_category"),
            thumbnail and (thumbnail.file, thumbnail.alt, thumbnail.title),
        )  # fmt: skip

    def _article(self, item, kind):
        digest = self._item_fingerprint(item)
        images_left_digest = fingerprint(digest, IMAGES_LEFT)
        record = self._record(ImportedItem.Kind.POST, item.id)
        # A digest kept by an earlier release, of the same post: not a change.
        if (
            record
            and record.fingerprint not in {digest, images_left_digest}
            and (record.fingerprint == self._legacy_fingerprint(item))
        ):
            ImportedItem.objects.filter(pk=record.pk).update(fingerprint=digest)
            record.fingerprint = digest
        if record is None:
            article, outcome = Article(), "imported"
        else:
            article = Article.objects.filter(pk=record.object_id).first()
            if article is None:
                self.report.count(kind, "skipped")
                self.report.problem(
                    item.post_type, item.label, _("deleted in Refbax after an earlier import: left out")
                )
                return None
            images_left = record.fingerprint == images_left_digest
            if record.fingerprint == digest or (images_left and self.uploads is None):
                if images_left:
                    self.images_left += 1
                self.report.count(kind, "unchanged")
                return article
            if article.updated_at > record.imported_at:
                self._edited_in_refbax(item, kind, article, record, digest, images_left)
                return article
            outcome = "updated"
        previous_url = article.get_absolute_url() if article.pk else None
        self.item_images_left = 0
        tags = self._fill(article, item)
        new_cover = self._cover(article, item)
        article.save()
        if new_cover:
            self._remember_renditions(article)
        article.tags.set(tags)
        # The content last changed in WordPress, not at the import (sitemaps and "updated on" say so).
        changed = max(item.modified_gmt or article.published_at, article.published_at)
        Article.objects.filter(pk=article.pk).update(content_changed_at=changed)
        ArticleRevision.objects.record(article)
        self._remember(
            ImportedItem.Kind.POST, item.id, article, images_left_digest if self.item_images_left else digest, record
        )
        self.report.count(kind, outcome)
        if previous_url and previous_url != article.get_absolute_url() and article.is_public:
            self._redirect(previous_url, article.get_absolute_url())
        return article

    def _edited_in_refbax(self, item, kind, article, record, digest, images_left):
        """WordPress changed an item that an editor also changed in Refbax: the Refbax text is kept.

        What WordPress took away from readers is taken away here too, and a cover still
        missing is brought in from --uploads. The record keeps its date, so the editor's
        change still wins next time.
        """
        problem = lambda message: self.report.problem(item.post_type, item.label, message)  # noqa: E731
        if not self._public_in_wordpress(item) and self._unpublish(article):
            self.report.count(kind, "updated")
            problem(_("no longer public in WordPress (%(status)s): unpublished in Refbax") % {"status": item.status})
        elif images_left:
            self.item_images_left = 0
            if not article.cover and self._cover(article, item):
                article.save()
                self._remember_renditions(article)
                self.report.count(kind, "updated")
            else:
                self.report.count(kind, "unchanged")
            problem(_("edited in Refbax since the last import: the images in its text are left as they are"))
            ImportedItem.objects.filter(pk=record.pk).update(fingerprint=digest)
        else:
            self.report.count(kind, "skipped")
            problem(_("changed in WordPress but also edited in Refbax: the Refbax text is kept"))

    @staticmethod
    def _public_in_wordpress(item):
        return item.status in PUBLISHED_STATUSES and not item.password

    def _fill(self, article, item):
        """Set the article's fields from the item; return its tags (set once it is saved)."""
        problem = lambda message: self.report.problem(item.post_type, item.label, message)  # noqa: E731
        title = plain(item.title)
        article.title = truncate_at_word(title, TITLE_LENGTH)
        if article.title != title:
            problem(
                _("title longer than %(limit)d characters: cut after “%(end)s”")
                % {"limit": TITLE_LENGTH, "end": article.title[-40:]}
            )
        if not article.title:
            article.title = "Sans titre"
            problem(_("no title: imported as “Sans titre”"))
        article.slug = self._slug(article, item, problem)
        # Read once for the fingerprint; from here on, the lighter content is enough.
        item.content = self._embedded_images(item.content, item)
        converted = convert(
            item.content, attachments=self.index.attachments, post_id=item.id, footnotes=item.meta.get("footnotes")
        )
        item.content = ""  # converted: a long post is not kept twice while the article is saved
        for note in converted.notes:
            problem(note)
        body = rewrite_uploads(converted.html, lambda url: self._body_image(url, item))
        article.body = unlink_images(body, self.left_on_old_site)
        opening = converted.teaser or converted.html[:STANDFIRST_SOURCE]  # not the whole of a long post
        standfirst = plain(item.excerpt) or html_to_text(opening)
        article.standfirst = truncate_at_word(standfirst, STANDFIRST_LENGTH) or article.title
        self._status(article, item, problem)
        article.featured = item.sticky
        article.comments_open = item.comment_status != "closed"
        article.author = self._item_author(item, problem)
        article.category, tags = self._classify(item)
        return tags

    def _item_author(self, item, problem):
        """The author: the first of the Co-Authors Plus list when there is one, else <dc:creator>."""
        coauthors = [term for term in item.terms if term.domain == "author"]
        if coauthors:
            logins = [unquote(term.slug).removeprefix("cap-") or term.name for term in coauthors]
            first = coauthors[0]
            author = self._author(self.exported_authors.get(logins[0]) or ExportedAuthor(logins[0], "", first.name))
            if len(coauthors) > 1 or logins[0] != item.creator:
                names = ", ".join(plain(term.name) or login for term, login in zip(coauthors, logins, strict=True))
                problem(
                    _("co-authors in WordPress: %(names)s; the first, “%(author)s”, is the article’s author")
                    % {"names": names, "author": author.name}
                )
            return author
        author = self._author(self.exported_authors.get(item.creator) or ExportedAuthor(login=item.creator))
        if not item.creator:
            problem(_("no author in the export: attributed to “%(name)s”") % {"name": author.name})
        return author

    def _slug(self, article, item, problem):
        max_length = Article._meta.get_field("slug").max_length - 6
        wanted = french_slugify(unquote(item.slug), max_length) if item.slug else ""
        if not wanted:
            if item.status in PUBLISHED_STATUSES:  # drafts have no slug until WordPress publishes them
                problem(_("no slug in the export: one made from the title"))
            return unique_slug(article, article.title)
        slug = unique_slug_from(article, wanted)
        if slug != wanted:
            other = Article.objects.filter(slug=wanted).values_list("title", flat=True).first()
            problem(TAKEN_ADDRESS % {"wanted": wanted, "other": other, "slug": slug})
        return slug

    def _status(self, article, item, problem):
        moment = item.date_gmt or aware(item.date) or item.pub_date
        if self._public_in_wordpress(item):
            article.status = Article.Status.PUBLISHED
            if moment is None:
                problem(_("no publication date in the export: published now"))
        elif item.status == "pending" and not item.password:
            article.status = Article.Status.IN_REVIEW
        else:
            article.status = Article.Status.DRAFT
            if item.password:
                problem(_("password-protected in WordPress: imported as a draft"))
            elif item.status == "private":
                problem(_("private in WordPress: imported as a draft"))
            elif item.status not in DRAFT_STATUSES:
                problem(_("unknown status “%(status)s”: imported as a draft") % {"status": item.status})
        if moment is not None:
            article.published_at = moment
        elif article.pk is None:
            article.published_at = timezone.now()

    def _item_redirects(self, item, article):
        """The old addresses of a public article lead to it; those of any other lead nowhere."""
        if not article.is_public:
            self._drop_redirects(article)
            if article.is_scheduled:
                self.scheduled_without_redirects += 1
            return
        new_url = article.get_absolute_url()
        home = urlsplit(self.index.site_url).path.rstrip("/") + "/"  # a blog may live under /blog/
        paths = [old_path(item.link)] if item.link else []
        paths.append(f"{home}?p={item.id}")
        if item.post_type == "page":
            paths.append(f"{home}?page_id={item.id}")
        self._redirects((path, new_url) for path in paths)
