import hashlib

from django.conf import settings
from django.db import models, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article

AVATAR_COLOURS = 12


class CommentQuerySet(models.QuerySet):
    def approved(self):
        """What readers may see of the comments."""
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def thread_for(self, article):
        """The approved comments of `article`, oldest first, ready to be nested."""
        return self.approved().filter(article=article).order_by("created_at", "pk")

    def recount(self, article_ids):
        """Store on each of these articles (ids, or a queryset of them) how many approved comments it has.

        The one place the count is written: Comment.save() and deletions call it,
        and bulk writers (bulk_create, update) call it once for all they wrote.
        """
        approved = (
            Comment.objects.approved()
            .filter(article=OuterRef("pk"))
            .order_by()
            .values("article")
            .annotate(total=Count("pk"))
            .values("total")
        )
        Article.objects.filter(pk__in=article_ids).update(comment_count=Coalesce(Subquery(approved), 0))


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        SPAM = "spam", _("Spam")
        REMOVED = "removed", _("Removed")

    class Reason(models.TextChoices):
        """Why the moderation rules held, published or rejected a comment."""

        FIRST_COMMENT = "first_comment", _("No approved comment proven by this commenter yet")
        ALL_HELD = "all_held", _("Every comment is held for approval")
        LINKS = "links", _("Too many links")
        BLOCKED_WORD = "blocked_word", _("Contains a blocked word")
        HONEYPOT = "honeypot", _("Hidden anti-robot field filled in")
        TOO_FAST = "too_fast", _("Form sent back too quickly")
        BAD_TOKEN = "bad_token", _("Form token missing or tampered with")
        KNOWN_COMMENTER = "known_commenter", _("Commenter with a proven approved comment")
        OPEN = "open", _("Comments published without moderation")

    article = models.ForeignKey(
        "articles.Article", verbose_name=_("article"), on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("in reply to"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
    )
    depth = models.PositiveSmallIntegerField(_("depth"), default=0, editable=False)
    author_name = models.CharField(_("name"), max_length=100)
    author_email = models.EmailField(_("e-mail"), help_text=_("Never shown publicly."))
    author_url = models.URLField(_("website"), blank=True)
    body = models.TextField(_("comment"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason, blank=True)
    reason_detail = models.CharField(_("reason detail"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    ip_hash = models.CharField(
        _("IP address hash"),
        max_length=64,
        blank=True,
        help_text=_("A keyed hash: the address itself is never stored."),
    )
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    notify_on_publish = models.BooleanField(_("notify when published"), default=False)
    notify_on_reply = models.BooleanField(_("notify of replies"), default=False)
    publication_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    reply_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(fields=["article", "status", "created_at"], name="comment_thread_idx"),
            models.Index(fields=["status", "-created_at"], name="comment_queue_idx"),
            models.Index(fields=["author_email", "status"], name="comment_author_idx"),
        ]

    def __str__(self):
        return _("%(name)s on “%(article)s”") % {"name": self.author_name, "article": self.article}

    def save(self, *args, recount=True, **kwargs):
        """Save; the article's count of approved comments follows whenever this one is or was approved.

        recount=False leaves that to the caller, who saves many and recounts once (the import).
        """
        self.depth = self.parent.depth + 1 if self.parent_id else 0
        super().save(*args, **kwargs)
        if recount and Comment.Status.APPROVED in {self.status, getattr(self, "_stored_status", None)}:
            Comment.objects.recount([self.article_id])
        self._stored_status = self.status

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#comment-{self.pk}"

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        comment = super().from_db(db, field_names, values, **kwargs)
        comment._stored_status = comment.__dict__.get("status")  # what save() compares with
        return comment

    @property
    def avatar_colour(self):
        """A stable colour class index derived from the e-mail, for the local initials avatar."""
        digest = hashlib.sha256(self.author_email.strip().lower().encode()).digest()
        return digest[0] % AVATAR_COLOURS

    @property
    def initials(self):
        letters = [word[0] for word in self.author_name.split() if word[0].isalnum()]
        return "".join(letters[:2]).upper() or "?"

    @property
    def accepts_replies(self):
        """Replies nest up to COMMENTS_MAX_DEPTH levels; the deepest comments get no "Répondre" link."""
        return self.depth < settings.COMMENTS_MAX_DEPTH - 1

    # Moderation: the admin's actions, its one-click buttons and the tests all go through these.

    def moderate(self, status, user=None):
        """Move to `status`, record who and when, and follow up once the change is committed."""
        previous = self.status
        self.status = status
        self.moderated_at = timezone.now()
        self.moderated_by = user if user and user.is_authenticated else None
        self.save(update_fields=["status", "moderated_at", "moderated_by"])
        if status == Comment.Status.APPROVED and previous != status:
            self.on_approval()

    def on_approval(self):
        """What follows a comment's approval, by a moderator or at once (a proven commenter): the e-mails
        to its author and to whom it replies, sent once the approval is committed."""
        from comments.notifications import comment_approved  # the e-mails are made from this module's models

        transaction.on_commit(lambda: comment_approved(self.pk))

    def approve(self, user=None):
        self.moderate(Comment.Status.APPROVED, user)

    def mark_spam(self, user=None):
        self.moderate(Comment.Status.SPAM, user)

    def remove(self, user=None):
        self.moderate(Comment.Status.REMOVED, user)

    def requeue(self, user=None):
        """Back into the moderation queue, to be decided again."""
        self.moderate(Comment.Status.PENDING, user)


# A signal, not a delete() method: the admin deletes selections with a queryset.
@receiver(post_delete, sender=Comment, dispatch_uid="comments-count-on-delete")
def count_after_deletion(sender, instance, **kwargs):
    if instance.status == Comment.Status.APPROVED:
        Comment.objects.recount([instance.article_id])


class BlockedWord(models.Model):
    """A word or phrase that sends a comment straight to spam."""

    word = models.CharField(
        _("word or phrase"),
        max_length=100,
        unique=True,
        help_text=_("Matched as a whole word, ignoring case, in the name, e-mail, website and comment."),
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["word"]
        verbose_name = _("blocked word")
        verbose_name_plural = _("blocked words")

    def __str__(self):
        return self.word

    def save(self, *args, **kwargs):
        self.word = self.word.strip().lower()
        super().save(*args, **kwargs)

    @classmethod
    def current(cls):
        """Read from the database for each comment posted: a word added is enforced at once, everywhere."""
        return list(cls.objects.values_list("word", flat=True))


def proven_commenter(email, comment_ids):
    """Whether one of `comment_ids` (from the commenter's signed cookie) is approved and has `email`.

    Knowing an approved commenter's name and e-mail is not enough: the proof is
    the signed cookie set in the browser that posted that approved comment.
    """
    if not comment_ids:
        return False
    return Comment.objects.approved().filter(Q(pk__in=comment_ids[-20:]), author_email__iexact=email.strip()).exists()
