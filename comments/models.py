import hashlib
import re
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.models import Article

AVATAR_COLOURS = 12


def _leading_number(text):
    match = re.match(r"\d+(?:[.,]\d+)?", text)
    return float(match.group().replace(",", ".")) if match else None


class CommentQuerySet(models.QuerySet):
    def approved(self):
        """What readers may see of the comments."""
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def thread_for(self, article, *, including=()):
        """The comments of `article` readers see, oldest first, ready to be nested (comments/tree.py).

        The approved ones, the places of those their authors deleted (shown
        where replies hang from them), and `including`: the ids of the reader's
        own comments awaiting moderation, which only they see.
        """
        shown = Q(status__in=[Comment.Status.APPROVED, Comment.Status.WITHDRAWN])
        if including:
            shown |= Q(pk__in=including)
        return self.filter(shown, article=article).order_by("created_at", "pk")

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
        # Taken back by its author: emptied of everything personal, kept only where replies hang from it.
        WITHDRAWN = "withdrawn", _("Deleted by its author")

    class Reason(models.TextChoices):
        """Why the moderation rules held, published or rejected a comment: short, for moderators."""

        FIRST_COMMENT = "first_comment", _("first comment from this person")
        ALL_HELD = "all_held", _("every comment is reviewed")
        LINKS = "links", _("too many links")
        BLOCKED_WORD = "blocked_word", _("blocked word")
        HONEYPOT = "honeypot", _("trap field filled in")
        TOO_FAST = "too_fast", _("sent too quickly")
        BAD_TOKEN = "bad_token", _("form token missing or forged")
        TOKEN_REUSED = "token_reused", _("token reused")
        NAME_DIFFERS = "name_differs", _("name differs from the approved comment")
        KNOWN_COMMENTER = "known_commenter", _("known commenter")
        OPEN = "open", _("published without moderation")

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
    # The number used once of the form token it was sent with (comments/tokens.py): a second use is known.
    token_nonce = models.CharField(max_length=16, blank=True, editable=False)
    edited_at = models.DateTimeField(_("edited by its author"), null=True, blank=True, editable=False)
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
            models.Index(fields=["token_nonce", "ip_hash"], name="comment_token_idx"),
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

    @property
    def reason_text(self):
        """The reason of the verdict, with what triggered it: "3 liens", "mot bloqué : casino"."""
        detail = self.reason_detail
        if not detail:
            return self.get_reason_display()
        match self.reason:
            case Comment.Reason.LINKS if detail.isdecimal():
                return ngettext("%(count)s link", "%(count)s links", int(detail)) % {"count": detail}
            case Comment.Reason.BLOCKED_WORD:
                return _("blocked word: %(word)s") % {"word": detail}
            case Comment.Reason.TOO_FAST if (seconds := _leading_number(detail)) is not None:
                return _("answered in %(seconds)s s") % {"seconds": number_format(seconds, 1)}
            case Comment.Reason.NAME_DIFFERS:
                return _("name differs from the approved comment (“%(name)s”)") % {"name": detail}
        return f"{self.get_reason_display()} ({detail})"

    @property
    def editable_until(self):
        return self.created_at + timedelta(seconds=settings.COMMENTS_EDIT_SECONDS)

    def can_be_edited(self):
        """Its author may edit it for COMMENTS_EDIT_SECONDS after posting (and delete it at any time)."""
        return self.status != Comment.Status.WITHDRAWN and timezone.now() < self.editable_until

    def withdraw(self):
        """Its author takes it back: gone, or, where replies hang from it, an empty place with nothing personal."""
        if not self.replies.exclude(status__in=[Comment.Status.SPAM, Comment.Status.REMOVED]).exists():
            self.delete()
            return
        self.status = Comment.Status.WITHDRAWN
        self.author_name = self.author_email = self.author_url = self.body = ""
        self.ip_hash = self.user_agent = self.token_nonce = ""
        self.notify_on_publish = self.notify_on_reply = False
        self.save()

    # Moderation: the admin's actions, its one-click buttons and the tests all go through these.

    def moderate(self, status, user=None):
        """Move to `status`, record who and when, and follow up once the change is committed.

        A comment its author deleted stays so: there is nothing left of it to publish.
        """
        previous = self.status
        if previous == Comment.Status.WITHDRAWN:
            return
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


def same_name(first, second):
    """Whether two names are the same person's way of writing it: case and spacing aside."""
    return " ".join(first.split()).casefold() == " ".join(second.split()).casefold()


def proof_of(email, name, comment_ids):
    """What the commenter's signed cookie proves: ("proven", name), ("other_name", name) or (None, "").

    Knowing an approved commenter's name and e-mail is not enough: the proof is
    the signed cookie set in the browser that posted an approved comment, with
    the same e-mail and the same name. With the same e-mail under another name,
    the comment is held ("other_name", and the name that was approved).
    """
    if not comment_ids:
        return None, ""
    names = list(
        Comment.objects.approved()
        .filter(Q(pk__in=comment_ids[-20:]), author_email__iexact=email.strip())
        .values_list("author_name", flat=True)
    )
    if any(same_name(name, approved) for approved in names):
        return "proven", name
    return ("other_name", names[0]) if names else (None, "")
