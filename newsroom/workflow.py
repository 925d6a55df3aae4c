"""The review workflow: who may edit an article, and move it from which status to which.

Writers (the "Rédacteurs" group) write drafts and submit them for review; whoever
holds PUBLISH_PERMISSION (the "Éditeurs", superusers) also publishes, schedules
(publishes with a date to come) and sends back. The admin's form, actions and
views ask these functions; none of them trusts what the browser sent.
"""

from enum import StrEnum

from articles.models import Article

PUBLISH_PERMISSION = "articles.publish_article"
Status = Article.Status
# What a writer may set: keep a draft, or hand it to the editors.
WRITER_STATUSES = (Status.DRAFT, Status.IN_REVIEW)


class Event(StrEnum):
    """A change of status somebody is told about by e-mail (articles/notifications.py)."""

    SUBMITTED = "submitted"
    PUBLISHED = "published"
    SENT_BACK = "sent_back"


def can_publish(user):
    return user.has_perm(PUBLISH_PERMISSION)


def is_writer_of(user, article):
    return article.author_id is not None and article.author.user_id == user.pk


def can_edit(user, article):
    """Publishers edit any article; writers only their own drafts (new or sent back).

    Once submitted, an article is the editors' until they send it back; once
    published, changing what readers see is theirs alone.
    """
    return can_publish(user) or (article.status == Status.DRAFT and is_writer_of(user, article))


def allowed_statuses(user):
    return tuple(Status) if can_publish(user) else WRITER_STATUSES


def may_move(user, old_status, new_status):
    """Whether `user` may take an article from `old_status` (None when new) to `new_status`."""
    if can_publish(user):
        return True
    return old_status in {None, Status.DRAFT} and new_status in WRITER_STATUSES


def event(old_status, new_status):
    """The Event a change of status makes, or None (a scheduled article's new date makes none)."""
    if new_status == old_status:
        return None
    if new_status == Status.IN_REVIEW:
        return Event.SUBMITTED
    if new_status == Status.PUBLISHED:
        return Event.PUBLISHED
    if old_status == Status.IN_REVIEW and new_status == Status.DRAFT:
        return Event.SENT_BACK
    return None
