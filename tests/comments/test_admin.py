"""The moderators' admin: the comment queue, its filters and its bulk actions."""

import pytest
from django.urls import reverse

from comments.models import Comment
from tests.helpers import COMMENTS_CHANGELIST_URL as CHANGELIST_URL
from tests.helpers import changelist, listed_ids, make_comment, messages_after, refreshed, row_of, soup_of, text_of

pytestmark = pytest.mark.django_db


# The queue


def test_a_moderator_sees_every_comment_in_the_list(moderator_client, queue):
    assert listed_ids(changelist(moderator_client)) == {comment.pk for comment in queue.values()}


def test_the_list_shows_status_excerpt_author_article_and_reason(moderator_client, queue):
    row = row_of(changelist(moderator_client), queue["spam"])
    assert text_of(row.select_one(".field-status")) == "Indésirable"
    assert text_of(row.select_one(".field-excerpt")) == "Casino gratuit"
    assert text_of(row.select_one(".field-author_name")) == "Robot"
    article = row.select_one(".field-article_link a")
    assert text_of(article) == "Les nouvelles"
    assert article["href"] == queue["spam"].get_absolute_url()
    assert text_of(row.select_one(".field-reason_display")) == "mot bloqué : casino"


def test_the_list_shows_a_short_excerpt_of_long_comments(moderator_client, make_article):
    comment = make_comment(make_article(), body="mot " * 100)
    excerpt = text_of(row_of(changelist(moderator_client), comment).select_one(".field-excerpt"))
    assert len(excerpt) <= 90
    assert excerpt.endswith("…")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?status__exact=pending", {"held", "links"}),
        ("?status__exact=spam", {"spam"}),
        ("?status__exact=approved", {"approved"}),
        ("?status__exact=removed", {"removed"}),
        ("?reason=links", {"links"}),
        ("?reason=blocked_word", {"spam"}),
        ("?q=Anne", {"held"}),
        ("?q=robot@spam.example", {"spam"}),
        ("?q=gratuit", {"spam"}),
        ("?q=guide", {"held", "links"}),
    ],
)
def test_the_list_filters_by_status_and_reason_and_searches(moderator_client, queue, query, expected):
    assert listed_ids(changelist(moderator_client, query)) == {queue[name].pk for name in expected}


def test_the_list_filters_by_article(moderator_client, queue):
    guide = queue["held"].article
    soup = changelist(moderator_client, f"?article__id__exact={guide.pk}")
    assert listed_ids(soup) == {queue["held"].pk, queue["links"].pk}


def test_the_reason_filter_offers_every_reason_in_french(moderator_client, queue):
    soup = changelist(moderator_client)
    labels = {text_of(link) for link in soup.select("#changelist-filter a") if "reason=" in link["href"]}
    assert {"trop de liens", "mot bloqué", "champ piège rempli", "jeton réutilisé"} <= labels


def test_a_moderator_can_open_a_comment(moderator_client, queue):
    comment = queue["links"]
    response = moderator_client.get(reverse("admin:comments_comment_change", args=[comment.pk]))
    assert response.status_code == 200
    soup = soup_of(response)
    assert text_of(soup.select_one(".field-reason_display .readonly")) == "3 liens"
    assert soup.find("textarea", attrs={"name": "body"}).get_text().strip() == comment.body


def test_the_ip_hash_is_read_only_in_the_admin(moderator_client, queue):
    response = moderator_client.get(reverse("admin:comments_comment_change", args=[queue["held"].pk]))
    assert soup_of(response).find(attrs={"name": "ip_hash"}) is None


def test_there_is_no_add_comment_in_the_admin(moderator_client, admin_client, queue):
    assert moderator_client.get(reverse("admin:comments_comment_add")).status_code == 403
    assert admin_client.get(reverse("admin:comments_comment_add")).status_code == 403
    assert changelist(admin_client).select_one(".object-tools .addlink") is None


# Bulk actions


def run_action(client, action, comments):
    return client.post(
        CHANGELIST_URL,
        {"action": action, "_selected_action": [comment.pk for comment in comments], "index": 0},
    )


def test_the_bulk_actions_are_approve_spam_remove_restore(moderator_client, queue):
    options = changelist(moderator_client).select("select[name=action] option[value]")
    assert {option["value"] for option in options if option["value"]} == {
        "approve",
        "mark_spam",
        "remove",
        "restore",
    }


@pytest.mark.parametrize(
    ("action", "names", "status"),
    [
        ("approve", ["held", "links", "spam"], Comment.Status.APPROVED),
        ("mark_spam", ["held", "approved"], Comment.Status.SPAM),
        ("remove", ["approved", "links"], Comment.Status.REMOVED),
        ("restore", ["spam", "removed"], Comment.Status.PENDING),
    ],
)
def test_a_bulk_action_decides_for_every_selected_comment_and_records_who_and_when(
    moderator_client, moderator, queue, action, names, status
):
    response = run_action(moderator_client, action, [queue[name] for name in names])
    assert response.status_code == 302
    for name in names:
        comment = refreshed(queue[name])
        assert comment.status == status
        assert comment.moderated_by == moderator
        assert comment.moderated_at is not None
    untouched = refreshed(queue["held"]) if "held" not in names else refreshed(queue["removed"])
    assert untouched.moderated_by is None


@pytest.mark.parametrize(
    ("action", "names", "message"),
    [
        ("approve", ["held", "links"], "2 commentaires approuvés."),
        ("mark_spam", ["held"], "1 commentaire marqué comme indésirable."),
        ("remove", ["held", "links"], "2 commentaires supprimés."),
        ("restore", ["spam"], "1 commentaire remis en attente."),
    ],
)
def test_a_bulk_action_says_in_french_how_many_comments_it_decided(moderator_client, queue, action, names, message):
    response = run_action(moderator_client, action, [queue[name] for name in names])
    assert messages_after(moderator_client, response) == [message]


def test_approving_in_bulk_updates_the_articles_comment_count(moderator_client, queue):
    guide = queue["held"].article
    run_action(moderator_client, "approve", [queue["held"], queue["links"]])
    guide.refresh_from_db()
    assert guide.comment_count == 2
    run_action(moderator_client, "remove", [queue["held"]])
    guide.refresh_from_db()
    assert guide.comment_count == 1


def test_deleting_approved_comments_in_bulk_updates_the_articles_comment_count(admin_client, queue):
    guide = queue["held"].article
    for comment in (queue["held"], queue["links"]):
        comment.approve()
    response = admin_client.post(
        reverse("admin:comments_comment_changelist"),
        {"action": "delete_selected", "_selected_action": [queue["held"].pk, queue["links"].pk], "post": "yes"},
    )
    assert response.status_code == 302
    guide.refresh_from_db()
    assert guide.comment_count == 0
