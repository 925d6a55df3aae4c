"""The import of comments, threads kept, parents before their replies."""

from django.utils.translation import gettext as _

from comments.models import Comment
from comments.throttle import ip_hash
from wordpress.content import comment_text
from wordpress.models import ImportedItem
from wordpress.values import aware, fingerprint, plain, valid_email

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


class CommentsImport:
    """Part of wordpress.importer.Importer."""

    def _comments(self, item, article):
        """Import the item's comments, parents before their replies; threads keep their shape."""
        real = []
        for comment in item.comments:
            if comment.type in LINKBACK_TYPES:
                self.report.count("pingbacks and trackbacks", "skipped")
            elif comment.id is None:
                self.report.count("comments", "skipped")
                self.report.problem("comment", _("on %s") % item.label, _("no <wp:comment_id>: not imported"))
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
            Comment.objects.recount([article.pk])

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
        label = _("by %(author)s (id %(id)s) on %(item)s") % {
            "author": wp_comment.author or _("anonymous"),
            "id": wp_comment.id,
            "item": item.label,
        }
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
                self.report.problem("comment", label, _("changed in WordPress but moderated in Refbax: left as it is"))
                return False
        parent = self._comment_parent(wp_comment, article, saved, records, existing)
        if wp_comment.parent and parent is None:
            self.report.problem(
                "comment",
                label,
                _("replies to comment %(parent)s, missing from the export: made top-level")
                % {"parent": wp_comment.parent},
            )
        status = COMMENT_STATUSES.get(wp_comment.approved)
        if status is None:
            status = Comment.Status.PENDING
            self.report.problem(
                "comment",
                label,
                _("unknown state “%(state)s”: held for moderation") % {"state": wp_comment.approved},
            )
        comment = comment or Comment(article=article)
        comment.parent = parent
        comment.author_name = plain(wp_comment.author)[:100] or "Anonyme"
        comment.author_email = valid_email(wp_comment.email)[:254]
        url = wp_comment.url if wp_comment.url.startswith(("http://", "https://")) else ""
        comment.author_url = url if len(url) <= 200 else ""
        comment.body = comment_text(wp_comment.content)
        comment.status = status
        comment.created_at = wp_comment.date_gmt or aware(wp_comment.date) or article.published_at
        comment.ip_hash = ip_hash(wp_comment.ip) if wp_comment.ip else ""  # the address itself is never kept
        outcome = "updated" if comment.pk else "imported"
        comment.save(recount=False)  # once for the whole thread, below
        records[str(wp_comment.id)] = self._remember(ImportedItem.Kind.COMMENT, wp_comment.id, comment, digest, record)
        self.report.count("comments", outcome)
        saved[wp_comment.id] = comment
        return True
