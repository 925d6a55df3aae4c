"""One click per comment in the moderators' list: each decision, its message, and who may take it."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from tests.helpers import COMMENTS_CHANGELIST_URL as CHANGELIST_URL
from tests.helpers import changelist, messages_after, refreshed, row_of

pytestmark = pytest.mark.django_db


def moderate_url(comment, decision):
    return reverse("admin:comments_comment_moderate", args=[comment.pk, decision])


@pytest.fixture
def csrf_moderator_client(moderator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    return client


def csrf_token_of_the_list(client):
    return changelist(client).select_one("#changelist-form input[name=csrfmiddlewaretoken]")["value"]


def test_each_row_has_buttons_for_the_next_decisions(moderator_client, queue):
    soup = changelist(moderator_client)

    def buttons(name):
        return {button["formaction"] for button in row_of(soup, queue[name]).select("button.comment-decision")}

    held, approved, spam = queue["held"], queue["approved"], queue["spam"]
    assert buttons("held") == {moderate_url(held, d) for d in ["approve", "spam", "remove"]}
    assert buttons("approved") == {moderate_url(approved, d) for d in ["spam", "remove"]}
    assert buttons("spam") == {moderate_url(spam, d) for d in ["approve", "restore"]}
    # The buttons submit the list's own form, which carries the CSRF token.
    assert row_of(soup, held).find_parent("form")["id"] == "changelist-form"


def test_one_click_approves_a_comment_and_records_who_and_when(csrf_moderator_client, moderator, queue):
    comment = queue["held"]
    token = csrf_token_of_the_list(csrf_moderator_client)
    response = csrf_moderator_client.post(moderate_url(comment, "approve"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert response["Location"] == CHANGELIST_URL
    comment = refreshed(comment)
    assert (comment.status, comment.moderated_by) == (Comment.Status.APPROVED, moderator)
    assert comment.moderated_at is not None
    comment.article.refresh_from_db()
    assert comment.article.comment_count == 1


@pytest.mark.parametrize(
    ("decision", "status"),
    [("spam", Comment.Status.SPAM), ("remove", Comment.Status.REMOVED), ("restore", Comment.Status.PENDING)],
)
def test_one_click_takes_every_decision(moderator_client, moderator, queue, decision, status):
    comment = queue["approved"]
    moderator_client.post(moderate_url(comment, decision))
    comment = refreshed(comment)
    assert (comment.status, comment.moderated_by) == (status, moderator)


def test_one_click_says_what_was_decided_in_french(moderator_client, queue):
    response = moderator_client.post(moderate_url(queue["held"], "approve"))
    assert messages_after(moderator_client, response) == ["Commentaire de Anne : Approuvé."]


def test_one_click_goes_back_to_the_filtered_list(moderator_client, queue):
    back = f"http://testserver{CHANGELIST_URL}?status__exact=pending"
    response = moderator_client.post(moderate_url(queue["held"], "approve"), HTTP_REFERER=back)
    assert response["Location"] == back


def test_one_click_never_sends_the_moderator_to_another_site(moderator_client, queue):
    response = moderator_client.post(
        moderate_url(queue["held"], "approve"), HTTP_REFERER="https://phishing.example/admin/"
    )
    assert response["Location"] == CHANGELIST_URL


def test_one_click_needs_the_csrf_token(csrf_moderator_client, queue):
    response = csrf_moderator_client.post(moderate_url(queue["held"], "approve"))
    assert response.status_code == 403
    assert refreshed(queue["held"]).status == Comment.Status.PENDING


def test_one_click_needs_a_post(moderator_client, queue):
    assert moderator_client.get(moderate_url(queue["held"], "approve")).status_code == 405
    assert refreshed(queue["held"]).status == Comment.Status.PENDING


def test_an_unknown_decision_changes_nothing(moderator_client, queue):
    response = moderator_client.post(moderate_url(queue["held"], "delete"))
    assert response.status_code == 302
    assert refreshed(queue["held"]).status == Comment.Status.PENDING


def test_one_click_needs_the_change_permission(client, django_user_model, queue):
    viewer = django_user_model.objects.create_user("lectrice", password="motdepasse-solide", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_comment"))
    client.force_login(viewer)
    client.post(moderate_url(queue["held"], "approve"))
    assert refreshed(queue["held"]).status == Comment.Status.PENDING


def test_one_click_is_for_staff_only(client, queue):
    response = client.post(moderate_url(queue["held"], "approve"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert refreshed(queue["held"]).status == Comment.Status.PENDING
