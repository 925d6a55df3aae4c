"""E-mails about comments: to moderators when one waits, to commenters who asked, plain French text."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail
from django.tasks import default_task_backend
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from comments.notifications import notify_reply, read_unsubscribe_token
from refbax.environment import email_settings
from site_settings.roles import MODERATORS
from tests.helpers import latest_comment, make_comment, post_comment, squash, unsubscribe_url_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderators(django_user_model):
    """Two moderators with an e-mail, one without, and a former one whose account is inactive."""
    group = Group.objects.get(name=MODERATORS)
    users = [
        django_user_model.objects.create_user("anne", "anne@refbax.example", is_staff=True),
        django_user_model.objects.create_user("bruno", "bruno@refbax.example", is_staff=True),
        django_user_model.objects.create_user("sans-adresse", "", is_staff=True),
        django_user_model.objects.create_user("ancien", "ancien@refbax.example", is_staff=True, is_active=False),
    ]
    group.user_set.add(*users)
    return users


def sent_to(address):
    return [message for message in mail.outbox if address in message.to]


def is_receipt(message):
    """The e-mail every commenter gets when their comment arrives, with the links to edit or delete it."""
    return "est bien arrivé" in message.subject


def notifications():
    """The e-mails sent, less the commenters' receipts."""
    return [message for message in mail.outbox if not is_receipt(message)]


def test_tasks_run_immediately_in_tests():
    assert settings.TASKS["default"]["BACKEND"] == "django.tasks.backends.immediate.ImmediateBackend"


# Moderators


def test_moderators_get_one_email_when_a_comment_is_held(client, make_article, moderators, commit):
    article = make_article(title="Le guide")
    commit(post_comment, client, article, body="Un avis à modérer.")
    comment = latest_comment()
    assert len(notifications()) == 1
    message = notifications()[0]
    assert message.to == ["anne@refbax.example", "bruno@refbax.example"]
    assert squash(message.subject) == "[Refbax] Un commentaire attend votre modération : « Le guide »"
    assert "Un avis à modérer." in message.body
    assert settings.SITE_URL + reverse("admin:comments_comment_change", args=[comment.pk]) in message.body
    assert settings.SITE_URL + article.get_absolute_url() in message.body
    assert "Motif : premier commentaire de cette personne" in squash(message.body)


def test_superusers_are_told_of_held_comments_too(client, make_article, django_user_model, commit):
    django_user_model.objects.create_superuser("chef", "chef@refbax.example", "motdepasse-solide")
    commit(post_comment, client, make_article())
    assert [message.to for message in notifications()] == [["chef@refbax.example"]]


def test_moderators_get_no_email_for_spam(client, make_article, moderators, commit):
    commit(post_comment, client, make_article(), homepage="https://spam.example")
    assert latest_comment().status == Comment.Status.SPAM
    assert mail.outbox == []


def test_moderators_get_no_email_for_a_comment_published_at_once(client, make_article, moderators, commit, settings):
    settings.COMMENTS_MODERATION = "none"
    commit(post_comment, client, make_article())
    assert notifications() == []


def test_nothing_is_sent_before_the_comment_is_committed(client, make_article, moderators):
    # Without the commit, e-mails would announce comments a rollback could still undo.
    post_comment(client, make_article())
    assert mail.outbox == []


# The commenter, when published


def test_a_commenter_who_asked_gets_one_email_when_their_comment_is_approved(client, make_article, commit):
    article = make_article(title="Le guide")
    commit(post_comment, client, article, notify_on_publish="on", body="Tom & Jerry's <b>avis</b>")
    comment = latest_comment()
    assert notifications() == []
    commit(comment.approve)
    assert len(notifications()) == 1
    message = notifications()[0]
    assert message.to == ["claire@example.com"]
    assert squash(message.subject) == "Votre commentaire sur « Le guide » est publié"
    assert message.body.startswith("Bonjour Claire Morel,")
    assert f"{settings.SITE_URL}{article.get_absolute_url()}#comment-{comment.pk}" in message.body


def test_approving_twice_sends_one_email(make_article, commit):
    comment = make_comment(make_article(), status=Comment.Status.PENDING, notify_on_publish=True)
    commit(comment.approve)
    commit(comment.approve)
    commit(comment.remove)
    commit(comment.approve)
    assert len(mail.outbox) == 1


def test_a_commenter_who_did_not_ask_gets_no_email(make_article, commit):
    comment = make_comment(make_article(), status=Comment.Status.PENDING)
    commit(comment.approve)
    assert mail.outbox == []


def test_a_comment_published_at_once_tells_its_author_once(client, make_article, commit, settings):
    settings.COMMENTS_MODERATION = "none"
    commit(post_comment, client, make_article(), notify_on_publish="on")
    assert [message.to for message in notifications()] == [["claire@example.com"]]


def test_marking_spam_or_removing_sends_nothing(make_article, commit):
    article = make_article()
    for method in ["mark_spam", "remove", "requeue"]:
        comment = make_comment(article, status=Comment.Status.PENDING, notify_on_publish=True, notify_on_reply=True)
        commit(getattr(comment, method))
    assert mail.outbox == []


# The commenter, when someone replies


@pytest.fixture
def conversation(make_article):
    """Claire's approved comment, asking to be told of replies."""
    article = make_article(title="Le guide")
    return make_comment(article, author_name="Claire", author_email="claire@example.com", notify_on_reply=True)


def test_a_commenter_who_asked_gets_one_email_when_a_reply_is_approved(conversation, commit):
    reply = make_comment(
        conversation.article,
        parent=conversation,
        status=Comment.Status.PENDING,
        author_name="Marc",
        body="Je ne suis pas d’accord & je le dis.",
    )
    assert mail.outbox == []
    commit(reply.approve)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["claire@example.com"]
    assert squash(message.subject) == "Marc a répondu à votre commentaire sur « Le guide »"
    assert message.body.startswith("Bonjour Claire,")
    assert "Je ne suis pas d’accord & je le dis." in message.body
    assert f"{settings.SITE_URL}{conversation.article.get_absolute_url()}#comment-{reply.pk}" in message.body


def test_the_reply_email_is_sent_once_per_reply(conversation, commit):
    first = make_comment(conversation.article, parent=conversation, status=Comment.Status.PENDING)
    second = make_comment(conversation.article, parent=conversation, status=Comment.Status.PENDING)
    commit(first.approve)
    commit(first.mark_spam)
    commit(first.approve)
    commit(second.approve)
    assert len(sent_to("claire@example.com")) == 2


def test_no_email_when_the_commenter_replies_to_themselves(conversation, commit):
    reply = make_comment(
        conversation.article, parent=conversation, status=Comment.Status.PENDING, author_email="CLAIRE@example.com"
    )
    commit(reply.approve)
    assert mail.outbox == []


def test_no_reply_email_for_a_commenter_who_did_not_ask(make_article, commit):
    parent = make_comment(make_article(), author_email="claire@example.com")
    reply = make_comment(parent.article, parent=parent, status=Comment.Status.PENDING)
    commit(reply.approve)
    assert mail.outbox == []


def test_no_reply_email_for_a_reply_that_is_not_approved(conversation, commit):
    reply = make_comment(conversation.article, parent=conversation, status=Comment.Status.PENDING)
    commit(reply.mark_spam)
    assert mail.outbox == []


def test_a_published_reply_tells_both_authors_who_asked(conversation, commit):
    reply = make_comment(
        conversation.article,
        parent=conversation,
        status=Comment.Status.PENDING,
        author_email="marc@example.com",
        notify_on_publish=True,
    )
    commit(reply.approve)
    assert sorted(message.to[0] for message in mail.outbox) == ["claire@example.com", "marc@example.com"]


def test_a_reply_posted_by_a_proven_commenter_tells_the_parents_author(client, conversation, commit, settings):
    settings.COMMENTS_MODERATION = "none"
    commit(post_comment, client, conversation.article, parent=str(conversation.pk), author_email="marc@example.com")
    assert [message.to for message in notifications()] == [["claire@example.com"]]


# What every e-mail to a commenter is made of


@pytest.fixture
def published_email(make_article, commit):
    comment = make_comment(
        make_article(), status=Comment.Status.PENDING, notify_on_publish=True, body="<script>1</script> & 'ok'"
    )
    commit(comment.approve)
    (message,) = notifications()
    return message


def test_emails_are_plain_text_in_french(published_email):
    assert published_email.content_subtype == "plain"
    assert getattr(published_email, "alternatives", []) == []
    assert "Vous recevez cet e-mail parce que vous l’avez demandé en commentant." in squash(published_email.body)
    # Plain text: nothing is HTML-escaped.
    assert "&amp;" not in published_email.body
    assert "&#x27;" not in published_email.body


def test_emails_carry_a_signed_unsubscribe_link_and_list_unsubscribe_headers(published_email):
    url = unsubscribe_url_in(published_email)
    assert url.startswith(settings.SITE_URL + "/comments/unsubscribe/")
    assert published_email.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert published_email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert read_unsubscribe_token(token) == published_email.to[0]


def test_the_reply_email_carries_an_unsubscribe_link_for_its_recipient(conversation, commit):
    reply = make_comment(conversation.article, parent=conversation, status=Comment.Status.PENDING)
    commit(reply.approve)
    (message,) = mail.outbox
    token = unsubscribe_url_in(message).rstrip("/").rsplit("/", 1)[1]
    assert read_unsubscribe_token(token) == "claire@example.com"
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe_url_in(message)}>"


# When sending fails


def test_a_reply_email_that_fails_is_not_marked_sent_and_is_tried_again_later(conversation, settings, caplog):
    kept = settings.MAILERS
    settings.MAILERS = email_settings("smtp://127.0.0.1:9?tls=0")  # the discard port: nothing answers there
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    reply = make_comment(
        conversation.article, parent=conversation, author_name="Marc", author_email="marc@example.com"
    )
    notify_reply.call(reply.pk)
    reply.refresh_from_db()
    assert reply.reply_notified_at is None
    (retry,) = default_task_backend.results
    assert retry.args == [reply.pk, 2]
    assert retry.task.run_after > timezone.now()
    assert "retried later (attempt 1)" in caplog.text
    # The mail server is back: the retry sends it, once.
    settings.MAILERS = kept
    notify_reply.call(*retry.args)
    notify_reply.call(*retry.args)
    assert [message.to for message in mail.outbox] == [["claire@example.com"]]
    reply.refresh_from_db()
    assert reply.reply_notified_at is not None


def test_an_old_name_holding_a_line_break_still_gives_a_one_line_subject(conversation, commit):
    """Names are refused with control characters now; one stored before still sends its e-mail."""
    reply = make_comment(
        conversation.article, parent=conversation, status=Comment.Status.PENDING, author_name="Marc\r\nBcc: x@y.z"
    )
    commit(reply.approve)
    (message,) = sent_to("claire@example.com")
    assert "\n" not in message.subject and "Marc Bcc: x@y.z" in message.subject
