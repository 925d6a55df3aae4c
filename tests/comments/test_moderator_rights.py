"""What a moderator gets in the admin: the pending count on its index, the blocklist, and nothing else."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from comments.models import BlockedWord, Comment
from site_settings.roles import MODERATORS
from tests.helpers import COMMENTS_CHANGELIST_URL as CHANGELIST_URL
from tests.helpers import changelist, get_page, latest_comment, post_comment, row_of, text_of

pytestmark = pytest.mark.django_db


# The admin index


def test_the_admin_index_shows_the_pending_count(moderator_client, queue):
    soup = get_page(moderator_client, reverse("admin:index"))
    link = soup.select_one("#pending-comments a")
    assert text_of(link) == "2 commentaires attendent votre modération"
    assert link["href"] == f"{CHANGELIST_URL}?status__exact=pending"


def test_the_admin_index_says_when_nothing_waits(moderator_client):
    soup = get_page(moderator_client, reverse("admin:index"))
    pending = soup.select_one("#pending-comments .pending-comments")
    assert text_of(pending) == "Aucun commentaire n’attend de modération."


def test_the_pending_count_is_hidden_from_staff_who_cannot_see_comments(editor_client, editor, queue):
    assert not editor.has_perm("comments.view_comment")
    assert get_page(editor_client, reverse("admin:index")).select_one("#pending-comments") is None


# What a moderator may not do


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:articles_article_changelist",
        "admin:articles_article_add",
        "admin:articles_author_changelist",
        "admin:articles_category_changelist",
        "admin:auth_user_changelist",
        "admin:auth_group_changelist",
        "admin:site_settings_sitesettings_changelist",
    ],
)
def test_a_moderator_cannot_open_the_other_admin_pages(moderator_client, url_name):
    assert moderator_client.get(reverse(url_name)).status_code == 403


def test_a_moderator_cannot_open_or_edit_an_article(moderator_client, make_article):
    article = make_article(title="Titre d’origine")
    url = reverse("admin:articles_article_change", args=[article.pk])
    assert moderator_client.get(url).status_code == 403
    assert moderator_client.post(url, {"title": "Titre changé"}).status_code == 403
    article.refresh_from_db()
    assert article.title == "Titre d’origine"


def test_a_moderator_cannot_edit_users_or_groups(moderator_client, moderator):
    user_url = reverse("admin:auth_user_change", args=[moderator.pk])
    assert moderator_client.get(user_url).status_code == 403
    assert moderator_client.post(user_url, {"is_superuser": "on"}).status_code == 403
    group = Group.objects.get(name=MODERATORS)
    assert moderator_client.get(reverse("admin:auth_group_change", args=[group.pk])).status_code == 403
    moderator.refresh_from_db()
    assert not moderator.is_superuser


def test_a_moderator_cannot_delete_comments(moderator_client, queue):
    url = reverse("admin:comments_comment_delete", args=[queue["spam"].pk])
    assert moderator_client.post(url, {"post": "yes"}).status_code == 403
    assert Comment.objects.filter(pk=queue["spam"].pk).exists()


def test_the_admin_index_lists_only_comments_for_a_moderator(moderator_client):
    soup = get_page(moderator_client, reverse("admin:index"))
    links = {link["href"] for link in soup.select("#content-main a")}
    assert CHANGELIST_URL in links
    assert reverse("admin:comments_blockedword_changelist") in links
    assert reverse("admin:articles_article_changelist") not in links
    assert reverse("admin:auth_user_changelist") not in links


# The blocklist


def test_a_moderator_adds_a_blocked_word_that_sends_the_next_comment_to_spam(moderator_client, make_article):
    response = moderator_client.post(reverse("admin:comments_blockedword_add"), {"word": "  Casino "})
    assert response.status_code == 302
    assert list(BlockedWord.objects.values_list("word", flat=True)) == ["casino"]

    post_comment(Client(), make_article(), body="Le meilleur CASINO en ligne.")
    comment = latest_comment()
    assert (comment.status, comment.reason, comment.reason_detail) == (
        Comment.Status.SPAM,
        Comment.Reason.BLOCKED_WORD,
        "casino",
    )
    row = row_of(changelist(moderator_client), comment)
    assert text_of(row.select_one(".field-reason_display")) == "mot bloqué : casino"


def test_a_moderator_removes_a_blocked_word(moderator_client, make_article):
    word = BlockedWord.objects.create(word="casino")
    BlockedWord.current()  # now cached
    response = moderator_client.post(reverse("admin:comments_blockedword_delete", args=[word.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert BlockedWord.current() == []
