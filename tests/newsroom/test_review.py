"""The review workflow, around a submission: editors are told, send back with a note, publish or schedule."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from newsroom.notifications import notify_review_requested, notify_writer_published
from tests.helpers import change_url, errors_of, post_change

pytestmark = pytest.mark.django_db

CHANGELIST_URL = reverse("admin:articles_article_changelist")
Status = Article.Status


# Submitting


def test_submitting_a_draft_tells_the_editors(writer_client, own_draft, editors, commit):
    response = commit(post_change, writer_client, own_draft, status=Status.IN_REVIEW)
    assert response.status_code == 302
    own_draft.refresh_from_db()
    assert own_draft.status == Status.IN_REVIEW
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["chef@example.com", "editrice@example.com"]
    assert "Mon brouillon" in message.subject
    assert "Julien Petit" in message.body
    assert settings.SITE_URL + change_url(own_draft) in message.body


def test_the_submit_action_submits_only_the_writers_own_drafts(writer_client, own_draft, make_article, commit):
    others = make_article(status=Status.DRAFT)
    response = commit(
        writer_client.post,
        CHANGELIST_URL,
        {"action": "submit_for_review", "_selected_action": [own_draft.pk, others.pk], "index": 0},
    )
    assert response.status_code == 302
    own_draft.refresh_from_db()
    others.refresh_from_db()
    assert (own_draft.status, others.status) == (Status.IN_REVIEW, Status.DRAFT)
    assert own_draft.revisions.get().status == Status.IN_REVIEW


def test_saving_a_draft_tells_nobody(writer_client, own_draft, editors, commit):
    commit(post_change, writer_client, own_draft, title="Toujours un brouillon")
    assert mail.outbox == []


# Reviewing


def test_sending_back_takes_a_note(editor_client, submitted):
    response = post_change(editor_client, submitted, status=Status.DRAFT, review_note="  ")
    assert response.status_code == 200
    assert "review_note" in errors_of(response)
    submitted.refresh_from_db()
    assert submitted.status == Status.IN_REVIEW


def test_an_article_sent_back_shows_the_note_to_its_writer_and_emails_it(editor_client, submitted, writer, commit):
    note = "Le deuxième paragraphe manque d’exemples."
    response = commit(post_change, editor_client, submitted, status=Status.DRAFT, review_note=note)
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert (submitted.status, submitted.review_note) == (Status.DRAFT, note)
    assert [message.to for message in mail.outbox] == [["redacteur@example.com"]]
    assert note in mail.outbox[0].body
    assert settings.SITE_URL + change_url(submitted) in mail.outbox[0].body

    writer_page = Client()
    writer_page.force_login(writer)
    response = writer_page.get(change_url(submitted))
    assert note in [message.message for message in response.context["messages"]][0]
    assert BeautifulSoup(response.content, "html.parser").find("input", attrs={"name": "title"})  # editable again


def test_publishing_an_article_in_review_dates_it_now_and_tells_the_writer(editor_client, submitted, commit):
    before = timezone.now()
    submitted.review_note = "Ancienne note"
    submitted.save()
    response = commit(post_change, editor_client, submitted, status=Status.PUBLISHED)
    assert response.status_code == 302, errors_of(response)
    submitted.refresh_from_db()
    assert submitted.is_public
    assert submitted.published_at >= before  # not the day the writer started it
    assert submitted.review_note == ""
    assert [message.to for message in mail.outbox] == [["redacteur@example.com"]]
    assert settings.SITE_URL + submitted.get_absolute_url() in mail.outbox[0].body


def test_scheduling_an_article_tells_the_writer_when_it_goes_out(editor_client, submitted, commit):
    response = commit(
        post_change,
        editor_client,
        submitted,
        status=Status.PUBLISHED,
        published_at="2099-01-01T08:00",
    )
    assert response.status_code == 302, errors_of(response)
    submitted.refresh_from_db()
    assert submitted.is_scheduled
    assert len(mail.outbox) == 1
    assert "2099" in mail.outbox[0].body
    assert submitted.get_absolute_url() not in mail.outbox[0].body


def test_the_publish_action_tells_the_writer(editor_client, submitted, commit):
    response = commit(
        editor_client.post,
        CHANGELIST_URL,
        {"action": "publish_now", "_selected_action": [submitted.pk], "index": 0},
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.is_public
    assert [message.to for message in mail.outbox] == [["redacteur@example.com"]]
    assert submitted.revisions.get().status == Status.PUBLISHED


def test_nobody_is_emailed_about_their_own_action(editor_client, editor, make_article, make_author, editors, commit):
    own = make_article(title="Mon édito", status=Status.DRAFT, author=make_author(user=editor))
    commit(post_change, editor_client, own, status=Status.IN_REVIEW)
    assert [message.to for message in mail.outbox] == [["chef@example.com"]]  # the other editor, not herself
    mail.outbox.clear()
    commit(post_change, editor_client, own, status=Status.PUBLISHED)
    assert mail.outbox == []


def test_the_unpublish_action_leaves_articles_in_review_alone(editor_client, submitted, make_article):
    published = make_article()
    editor_client.post(
        CHANGELIST_URL, {"action": "unpublish", "_selected_action": [submitted.pk, published.pk], "index": 0}
    )
    submitted.refresh_from_db()
    published.refresh_from_db()
    assert (submitted.status, published.status) == (Status.IN_REVIEW, Status.DRAFT)


def test_a_late_task_sends_nothing_if_the_article_moved_on(submitted, editors):
    submitted.status = Status.DRAFT
    submitted.save()
    notify_review_requested.enqueue(submitted.pk)
    notify_writer_published.enqueue(submitted.pk)
    assert mail.outbox == []
