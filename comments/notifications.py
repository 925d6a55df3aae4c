"""E-mails about comments, sent through the tasks framework once the change is committed.

Each e-mail to a commenter carries a signed unsubscribe link that expires
(COMMENTS_NOTIFICATION_MAX_AGE), never one that works forever. An e-mail that
is sent once only (publication, reply) is marked sent before sending, so that
two workers never both send it, and unmarked if sending fails: the task is then
tried again later (RETRY_DELAYS), with each failure logged.
"""

import logging
import unicodedata
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from comments import remember
from comments.forms import CONTROL_CATEGORIES
from comments.models import Comment
from site_settings.address import absolute_url
from site_settings.models import SiteSettings
from site_settings.roles import emails_of

UNSUBSCRIBE_SALT = "comments.unsubscribe"
# Seconds before the second, third… attempt at an e-mail that failed.
RETRY_DELAYS = (60, 600, 3600, 6 * 3600)

logger = logging.getLogger(__name__)


def unsubscribe_token(email):
    return signing.TimestampSigner(salt=UNSUBSCRIBE_SALT).sign_object({"e": email.strip().lower()})


def read_unsubscribe_token(token):
    """The e-mail address of a valid, unexpired token; raises signing.BadSignature otherwise."""
    signer = signing.TimestampSigner(salt=UNSUBSCRIBE_SALT)
    return signer.unsign_object(token, max_age=settings.COMMENTS_NOTIFICATION_MAX_AGE)["e"]


def _one_line(text):
    """A header value: no line break or other control character, whatever the comment's data holds."""
    return " ".join("".join(" " if unicodedata.category(c) in CONTROL_CATEGORIES else c for c in text).split())


def _retry(task, comment_id, attempt, error):
    """Try `task` again later, if attempts remain and the backend can wait; log the failure either way."""
    if attempt > len(RETRY_DELAYS) or not task.get_backend().supports_defer:
        logger.error("%s for comment %s failed, not retried (attempt %s): %s", task.name, comment_id, attempt, error)
        return
    logger.warning("%s for comment %s failed, retried later (attempt %s): %s", task.name, comment_id, attempt, error)
    later = timezone.now() + timedelta(seconds=RETRY_DELAYS[attempt - 1])
    task.using(run_after=later).enqueue(comment_id, attempt + 1)


def _send(template, subject, recipients, context, unsubscribe_email=None):
    subject = _one_line(str(subject))
    with translation.override(settings.LANGUAGE_CODE):
        headers = {}
        if unsubscribe_email:
            url = absolute_url(reverse("comments:unsubscribe", args=[unsubscribe_token(unsubscribe_email)]))
            context = {**context, "unsubscribe_url": url}
            # RFC 8058: mail clients may offer their own one-click button.
            headers = {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
        body = render_to_string(template, {"SITE_URL": settings.SITE_URL, **context})
        EmailMessage(subject, body, to=recipients, headers=headers).send()


def moderator_emails():
    """Whoever may moderate: they are the ones to decide."""
    return emails_of("comments.change_comment")


@task
def notify_moderators(comment_id):
    comment = Comment.objects.select_related("article").filter(pk=comment_id, status=Comment.Status.PENDING).first()
    recipients = moderator_emails()
    if comment is None or not recipients:
        return
    review_url = absolute_url(reverse("admin:comments_comment_change", args=[comment.pk]))
    with translation.override(settings.LANGUAGE_CODE):
        subject = translation.gettext("[%(site)s] A comment awaits moderation: “%(article)s”") % {
            "site": SiteSettings.load().name,
            "article": comment.article.title,
        }
    _send("comments/email/moderators.txt", subject, recipients, {"comment": comment, "review_url": review_url})


@task
def notify_commenter(comment_id, attempt=1):
    """Tell the commenter, once, that their comment is online."""
    claimed = Comment.objects.filter(
        pk=comment_id, status=Comment.Status.APPROVED, notify_on_publish=True, publication_notified_at=None
    ).update(publication_notified_at=timezone.now())
    if not claimed:  # not asked for, or already sent
        return
    comment = Comment.objects.select_related("article").get(pk=comment_id)
    with translation.override(settings.LANGUAGE_CODE):
        subject = translation.gettext("Your comment on “%(article)s” is published") % {
            "article": comment.article.title
        }
    try:
        _send(
            "comments/email/published.txt", subject, [comment.author_email], {"comment": comment}, comment.author_email
        )
    except Exception as error:  # SMTP refusals, bad addresses, headers: never marked sent
        Comment.objects.filter(pk=comment_id).update(publication_notified_at=None)
        _retry(notify_commenter, comment_id, attempt, error)


@task
def notify_reply(comment_id, attempt=1):
    """Tell the author of the comment replied to, once per reply."""
    reply = Comment.objects.select_related("article", "parent").filter(pk=comment_id).first()
    if reply is None or reply.parent is None or reply.status != Comment.Status.APPROVED:
        return
    parent = reply.parent
    if not parent.notify_on_reply or parent.author_email.lower() == reply.author_email.lower():
        return
    if not Comment.objects.filter(pk=reply.pk, reply_notified_at=None).update(reply_notified_at=timezone.now()):
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = translation.gettext("%(name)s replied to your comment on “%(article)s”") % {
            "name": reply.author_name,
            "article": reply.article.title,
        }
    try:
        _send(
            "comments/email/reply.txt",
            subject,
            [parent.author_email],
            {"comment": reply, "parent": parent},
            parent.author_email,
        )
    except Exception as error:
        Comment.objects.filter(pk=reply.pk).update(reply_notified_at=None)
        _retry(notify_reply, comment_id, attempt, error)


@task
def notify_received(comment_id, attempt=1):
    """Tell the commenter their comment arrived, with the links to edit it for a while and delete it at any time."""
    comment = Comment.objects.select_related("article").filter(pk=comment_id).first()
    if comment is None or comment.status not in {Comment.Status.PENDING, Comment.Status.APPROVED}:
        return
    key = remember.owner_key(comment)
    links = {
        name: absolute_url(f"{reverse(f'comments:{name}', args=[comment.pk])}?{urlencode({'key': key})}")
        for name in ("edit", "delete")
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = translation.gettext("Your comment on “%(article)s” has arrived") % {"article": comment.article.title}
    try:
        _send(
            "comments/email/received.txt",
            subject,
            [comment.author_email],
            {"comment": comment, "edit_url": links["edit"], "delete_url": links["delete"]},
        )
    except Exception as error:
        _retry(notify_received, comment_id, attempt, error)


def comment_received(comment):
    if comment.status == Comment.Status.PENDING:
        notify_moderators.enqueue(comment.pk)
    if comment.status in {Comment.Status.PENDING, Comment.Status.APPROVED}:
        notify_received.enqueue(comment.pk)


def comment_approved(comment_id):
    notify_commenter.enqueue(comment_id)
    notify_reply.enqueue(comment_id)
