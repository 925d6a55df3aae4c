"""E-mails of the review workflow, sent through the tasks framework once the change is committed.

Editors hear of an article submitted for review; its writer, of its publication
(or scheduling) and of its return with the editors' note. Nobody is told of their
own action, and a task that runs late sends nothing if the article moved on since.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from articles.models import Article
from newsroom.workflow import PUBLISH_PERMISSION, Event
from site_settings.address import absolute_url
from site_settings.models import SiteSettings
from site_settings.roles import emails_of


def editor_emails(exclude_user_id=None):
    """Whoever may publish: they are the ones to review."""
    return emails_of(PUBLISH_PERMISSION, exclude_user_id)


def writer_email(article, exclude_user_id=None):
    """The e-mail of the account behind the article's author profile, if it should hear from us."""
    user = article.author.user
    if user is None or not user.is_active or not user.email or user.pk == exclude_user_id:
        return None
    return user.email


def _send(template, subject, recipients, article):
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "article": article,
            "site": SiteSettings.load().name,
            "SITE_URL": settings.SITE_URL,
            "change_url": absolute_url(reverse("admin:articles_article_change", args=[article.pk])),
            "published_at": date_format(timezone.localtime(article.published_at), "DATETIME_FORMAT"),
        }
        subject = translation.gettext(subject) % {"site": context["site"], "article": article.title}
        body = render_to_string(template, context)
        EmailMessage(subject, body, to=recipients).send()


@task
def notify_review_requested(article_id, actor_id=None):
    article = Article.objects.select_related("author").filter(pk=article_id, status=Article.Status.IN_REVIEW).first()
    recipients = editor_emails(exclude_user_id=actor_id)
    if article is None or not recipients:
        return
    # gettext_noop: translated in _send, under the site's language.
    subject = translation.gettext_noop("[%(site)s] To review: “%(article)s”")
    _send("articles/email/review_requested.txt", subject, recipients, article)


def _for_writer(article_id, status, actor_id):
    """(article, its writer's e-mail) while the article is still in `status` and the writer should hear of it."""
    article = Article.objects.select_related("author__user").filter(pk=article_id, status=status).first()
    recipient = writer_email(article, exclude_user_id=actor_id) if article else None
    return (article, recipient) if recipient else (None, None)


@task
def notify_writer_published(article_id, actor_id=None):
    article, recipient = _for_writer(article_id, Article.Status.PUBLISHED, actor_id)
    if recipient is None:
        return
    if article.is_scheduled:
        subject = translation.gettext_noop("[%(site)s] “%(article)s” is scheduled")
    else:
        subject = translation.gettext_noop("[%(site)s] “%(article)s” is published")
    _send("articles/email/published.txt", subject, [recipient], article)


@task
def notify_sent_back(article_id, actor_id=None):
    article, recipient = _for_writer(article_id, Article.Status.DRAFT, actor_id)
    if recipient is not None:
        subject = translation.gettext_noop("[%(site)s] “%(article)s” is sent back to you")
        _send("articles/email/sent_back.txt", subject, [recipient], article)


TASKS = {
    Event.SUBMITTED: notify_review_requested,
    Event.PUBLISHED: notify_writer_published,
    Event.SENT_BACK: notify_sent_back,
}


def announce(article, event, actor):
    """Queue the e-mail `event` owes, once the transaction that made it commits."""
    if event is None:
        return
    notify, article_id, actor_id = TASKS[event], article.pk, getattr(actor, "pk", None)
    transaction.on_commit(lambda: notify.enqueue(article_id, actor_id))
