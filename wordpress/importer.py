"""A WordPress export brought into Refbax: authors, categories, tags, posts, pages, comments, images, redirects.

Guarantees, for the import_wordpress command that runs this in one transaction:

- Idempotent: every item is matched on its WordPress id (wordpress.ImportedItem,
  per exported site), so a second run of the same export writes nothing and a
  later export adds only what is new.
- An editor's work wins: an item changed in WordPress since the last import is
  updated only if nobody edited (or moderated) it in Refbax meanwhile.
- Each item-level problem (a missing or taken slug, a missing parent comment, a
  missing file) is reported with the item's title and id, and the rest is imported;
  every item is accounted for (imported, updated, unchanged, or skipped with a reason).
- Every imported public post keeps its old addresses: its permalink and ?p=ID
  answer with a 301 through the Redirect table; an item that is not public has none.
- Two exports never share a key: the site's address, else the export's title and
  its items' GUIDs (wordpress.values.site_key).

How WordPress maps onto Refbax: publish and future posts are published (a
future date schedules them), pending ones go to review, draft, private and
password-protected ones become drafts; sticky posts are featured; pages go to a
"Pages" category.
Refbax categories are flat and shown in the site's navigation, so a
sub-category becomes a tag and its posts go to its top-level category; a post's
other categories become tags too. Writers get an author profile and an
inactive account without password (their login and e-mail kept).
"""

from urllib.parse import unquote

from django.db import DatabaseError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from redirects.models import Redirect
from wordpress import reader
from wordpress.authors_and_terms import AuthorsAndTermsImport
from wordpress.comments import CommentsImport
from wordpress.models import ImportedItem
from wordpress.posts import PostsImport
from wordpress.report import SUBJECTS, Report
from wordpress.uploads import MediaFiles
from wordpress.values import export_key

MAX_PATH_LENGTH = Redirect._meta.get_field("old_path").max_length


class ImportFailed(Exception):
    """An item could not be written; the whole import is rolled back and the message names the item."""


class Importer(AuthorsAndTermsImport, PostsImport, CommentsImport):
    """The import of one export file; each part of it (authors and terms, posts, comments) is a mixin."""

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
        self.category_terms = {}  # WordPress category slug -> export.Term
        self.tags = {}  # WordPress tag (or sub-category) slug -> Tag
        self.exported_authors = {}  # login -> export.ExportedAuthor
        self.uploaded = {}  # path under uploads -> new URL, or None when it could not be copied
        self.left_on_old_site = set()  # addresses of body images not copied, as the content spells them
        self.seen_posts = set()
        self.images_left = 0  # images and covers left behind for want of --uploads
        self.item_images_left = 0  # the same, for the item being imported
        self.attachments_read = 0
        self.scheduled_without_redirects = 0
        self.redirects_removed = 0  # they led to articles that readers can no longer see
        self.accounts_created = 0

    def run(self) -> Report:
        with reader.opened(self.path) as (readable, index):
            self.index = index
            self.site = export_key(index)
            self.report.source = _("%(file)s (WXR %(version)s, %(site)s)") % {
                "file": self.path.name,
                "version": index.version,
                "site": index.site_url or _("no site address: key “%(key)s”") % {"key": self.site},
            }
            for note in index.notes:
                self.report.problem("file", "", note)
            self.exported_authors = {author.login: author for author in index.authors}
            for author in index.authors:
                self._author(author)
            self._categories(index.categories)
            for term in index.tags:
                self._tag(term.name or unquote(term.slug), term.slug, count=True)
            for done, item in enumerate(reader.read_items(readable), start=1):
                try:
                    for note in item.notes:
                        self.report.problem(item.post_type, item.label, note)
                    self._item(item)
                except (DatabaseError, OSError) as error:
                    subject = SUBJECTS.get(item.post_type, item.post_type or "item")
                    raise ImportFailed(f"{subject} {item.label}\u00a0: {error}") from error
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
                self.report.problem(
                    "redirect",
                    "",
                    _("%(old)s already leads to %(new)s: left as it is") % {"old": old, "new": existing[old]},
                )

    def _final_notes(self):
        if self.images_left:
            self.report.note(
                ngettext(
                    "%(count)d image or cover stays on the old site (in posts, a link to it until then): "
                    "run the import again with --uploads and the uploads folder to bring it in.",
                    "%(count)d images and covers stay on the old site (in posts, links to them until then): "
                    "run the import again with --uploads and the uploads folder to bring them in.",
                    self.images_left,
                )
                % {"count": self.images_left}
            )
        if self.attachments_read:
            self.report.note(
                ngettext(
                    "%(count)d attachment (media) read for the covers and images of posts.",
                    "%(count)d attachments (media) read for the covers and images of posts.",
                    self.attachments_read,
                )
                % {"count": self.attachments_read}
            )
        if self.scheduled_without_redirects:
            self.report.note(
                ngettext(
                    "%(count)d scheduled post has no redirect from its old addresses yet (they would reveal it): "
                    "import again once it is published.",
                    "%(count)d scheduled posts have no redirect from their old addresses yet (they would reveal "
                    "them): import again once they are published.",
                    self.scheduled_without_redirects,
                )
                % {"count": self.scheduled_without_redirects}
            )
        if self.redirects_removed:
            self.report.note(
                ngettext(
                    "%(count)d redirect removed: it led to an article that readers can no longer see.",
                    "%(count)d redirects removed: they led to articles that readers can no longer see.",
                    self.redirects_removed,
                )
                % {"count": self.redirects_removed}
            )
        if self.accounts_created:
            self.report.note(
                _(
                    "Inactive accounts without password made for writers: %(count)d (login and e-mail kept). "
                    "Activate one and send a password reset to let its writer in."
                )
                % {"count": self.accounts_created}
            )
