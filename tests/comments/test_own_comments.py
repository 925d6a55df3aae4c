"""A commenter's own view: their comment awaiting moderation shown to them alone, edited for a while, deleted at
any time (from the browser that posted it, or the e-mailed link), with nothing personal left behind."""

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from tests.helpers import latest_comment, make_comment, post_comment, soup_of, text_of

pytestmark = pytest.mark.django_db

DELETED = "Commentaire supprimé par son auteur."


def links_of(page, comment):
    return {text_of(link): link["href"] for link in soup_of(page).select(f"#comment-{comment.pk} .comment__own a")}


def receipt_links(comment):
    """The edit and delete links of the receipt e-mailed to the comment's author."""
    (message,) = [message for message in mail.outbox if "est bien arrivé" in message.subject]
    assert message.to == [comment.author_email]
    found = re.findall(r"^https?://\S+/comments/\d+/(?:edit|delete)/\?key=\S+$", message.body, re.MULTILINE)
    return {url.split("/")[-2]: "/" + url.split("//", 1)[1].split("/", 1)[1] for url in found}


def test_the_author_sees_their_waiting_comment_and_its_links_and_nobody_else_does(client, make_article):
    article = make_article()
    post_comment(client, article, body="Mon avis, en attente.")
    comment = latest_comment()
    page = client.get(article.get_absolute_url())
    assert links_of(page, comment) == {
        "Modifier votre commentaire": reverse("comments:edit", args=[comment.pk]),
        "Supprimer votre commentaire": reverse("comments:delete", args=[comment.pk]),
    }
    # Their page is their own: never kept, never shared.
    assert page["Cache-Control"] == "private, no-cache"
    assert page.get("X-Page-Cache") is None
    anonymous = Client().get(article.get_absolute_url())
    assert "Mon avis, en attente." not in anonymous.content.decode()


def test_the_author_edits_their_comment_for_a_while(client, make_article):
    article = make_article()
    post_comment(client, article, body="Une fote de frappe.")
    comment = latest_comment()
    edit_url = reverse("comments:edit", args=[comment.pk])
    assert "Une fote de frappe." in client.get(edit_url).content.decode()
    response = client.post(edit_url, {"body": "Une faute de frappe, corrigée."})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert (comment.body, comment.status) == ("Une faute de frappe, corrigée.", Comment.Status.PENDING)
    assert comment.edited_at is not None


def test_after_the_edit_window_the_comment_can_only_be_deleted(client, make_article, settings):
    article = make_article()
    post_comment(client, article)
    comment = latest_comment()
    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - timedelta(seconds=settings.COMMENTS_EDIT_SECONDS + 1)
    )
    assert list(links_of(client.get(article.get_absolute_url()), comment)) == ["Supprimer votre commentaire"]
    response = client.post(reverse("comments:edit", args=[comment.pk]), {"body": "Trop tard."})
    assert response.status_code == 403
    assert "Vous pouvez toujours le supprimer" in text_of(soup_of(response))
    assert Comment.objects.get(pk=comment.pk).body != "Trop tard."


def test_an_approved_comment_edited_to_hold_links_goes_back_to_moderation(client, make_article, settings):
    settings.COMMENTS_MODERATION = "none"
    article = make_article()
    post_comment(client, article)
    comment = latest_comment()
    client.post(reverse("comments:edit", args=[comment.pk]), {"body": "https://a.example https://b.example"})
    comment.refresh_from_db()
    assert (comment.status, comment.reason_text) == (Comment.Status.PENDING, "2 liens")
    article.refresh_from_db()
    assert article.comment_count == 0


def test_an_empty_edit_is_refused_and_changes_nothing(client, make_article):
    post_comment(client, make_article(), body="Gardé.")
    comment = latest_comment()
    response = client.post(reverse("comments:edit", args=[comment.pk]), {"body": "   "})
    assert response.status_code == 200
    assert "Votre commentaire est vide." in text_of(soup_of(response))
    assert Comment.objects.get(pk=comment.pk).body == "Gardé."


def test_a_comment_without_replies_deleted_by_its_author_is_gone(client, make_article, settings):
    settings.COMMENTS_MODERATION = "none"
    article = make_article()
    post_comment(client, article)
    comment = latest_comment()
    assert client.get(reverse("comments:delete", args=[comment.pk])).status_code == 200  # asks first
    assert client.post(reverse("comments:delete", args=[comment.pk])).status_code == 302
    assert not Comment.objects.filter(pk=comment.pk).exists()
    article.refresh_from_db()
    assert article.comment_count == 0


def test_a_comment_with_replies_leaves_an_empty_place_and_nothing_personal(client, make_article, settings):
    settings.COMMENTS_MODERATION = "none"
    article = make_article()
    post_comment(client, article, author_name="Claire Morel", body="Mon avis.", author_url="https://claire.example")
    comment = latest_comment()
    reply = make_comment(article, parent=comment, author_name="Marc", body="Je réponds à Claire.")
    client.post(reverse("comments:delete", args=[comment.pk]))
    comment.refresh_from_db()
    assert comment.status == Comment.Status.WITHDRAWN
    personal = [comment.author_name, comment.author_email, comment.author_url, comment.body, comment.ip_hash]
    assert personal == ["", "", "", "", ""]
    page = Client().get(article.get_absolute_url())
    place = soup_of(page).select_one(f"#comment-{comment.pk}")
    assert text_of(place.select_one(".comment__withdrawn")) == DELETED
    assert text_of(place.select_one(f"#comment-{reply.pk} .comment__text")) == "Je réponds à Claire."
    assert "Claire Morel" not in page.content.decode()
    article.refresh_from_db()
    assert article.comment_count == 1
    # Deleted once: the links lead nowhere now.
    assert client.post(reverse("comments:delete", args=[comment.pk])).status_code == 404


@pytest.mark.parametrize("view", ["edit", "delete"])
def test_nobody_else_can_edit_or_delete_a_comment(client, make_article, view):
    post_comment(client, make_article())
    comment = latest_comment()
    url = reverse(f"comments:{view}", args=[comment.pk])
    for key in ["", "123", "eyJ9:faux"]:
        assert Client().get(url, {"key": key}).status_code == 404
        assert Client().post(url, {"key": key, "body": "Piraté"}).status_code == 404
    other = make_comment(comment.article)
    assert client.get(reverse(f"comments:{view}", args=[other.pk])).status_code == 404
    assert Comment.objects.count() == 2


def test_the_emailed_links_work_from_any_browser(client, make_article, commit):
    article = make_article(title="Le guide")
    commit(post_comment, client, article, body="Envoyé depuis mon téléphone.")
    comment = latest_comment()
    links = receipt_links(comment)
    assert set(links) == {"edit", "delete"}
    elsewhere = Client()
    assert "Envoyé depuis mon téléphone." in elsewhere.get(links["edit"]).content.decode()
    key = parse_qs(urlsplit(links["delete"]).query)["key"][0]
    assert elsewhere.post(reverse("comments:delete", args=[comment.pk]), {"key": key}).status_code == 302
    assert not Comment.objects.exists()


def test_no_receipt_for_spam(client, make_article, commit):
    commit(post_comment, client, make_article(), homepage="https://spam.example")
    assert latest_comment().status == Comment.Status.SPAM
    assert mail.outbox == []


# The commenter's fields: nothing that would break an e-mail header.


@pytest.mark.parametrize("field", ["author_name", "author_email", "author_url"])
@pytest.mark.parametrize("value", ["Claire\r\nBcc: victime@example.com", "Claire\x07", "Claire\u2028Morel"])
def test_control_characters_in_the_commenters_fields_are_refused_text_kept(client, make_article, field, value):
    if field == "author_url":
        value = "https://example.com/" + value
    elif field == "author_email":
        value = value.replace("Claire", "claire@example.com")
    response = post_comment(client, make_article(), **{field: value}, body="Mon texte à garder.")
    assert response.status_code == 400
    errors = [text_of(item) for item in soup_of(response).select(f"#id_{field}_error li")]
    assert errors and errors[0] == "Ce champ ne peut contenir ni retour à la ligne ni autre caractère de contrôle."
    assert "Mon texte à garder." in response.content.decode()
    assert not Comment.objects.exists()


def test_moderators_see_a_deleted_comments_place_and_cannot_bring_it_back(client, moderator_client, make_article):
    article = make_article()
    post_comment(client, article)
    comment = latest_comment()
    make_comment(article, parent=comment)
    client.post(reverse("comments:delete", args=[comment.pk]))
    response = moderator_client.get(reverse("admin:comments_comment_changelist"))
    assert response.status_code == 200
    row = soup_of(response).select_one(f"#result_list input[value='{comment.pk}']").find_parent("tr")
    assert row.select(".comment-decision") == []
    moderator_client.post(reverse("admin:comments_comment_moderate", args=[comment.pk, "approve"]))
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.WITHDRAWN
