"""The moderators' admin: the comment queue, its filters and actions, and nothing else."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from comments.models import BlockedWord, Comment
from tests.comment_helpers import latest_comment, make_comment, post_comment, soup_of, text_of

pytestmark = pytest.mark.django_db

CHANGELIST_URL = reverse("admin:comments_comment_changelist")


@pytest.fixture
def moderator(django_user_model):
    """A member of the "Modérateurs" group: staff, not superuser, with only the group's permissions."""
    user = django_user_model.objects.create_user(
        "moderatrice", "moderatrice@example.com", "motdepasse-solide", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Modérateurs"))
    return user


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


def changelist(client, query=""):
    response = client.get(CHANGELIST_URL + query)
    assert response.status_code == 200
    return soup_of(response)


def listed_ids(soup):
    """The ids of the comments in the changelist, from their selection boxes."""
    return {int(box["value"]) for box in soup.select("#result_list input[name=_selected_action]")}


def row_of(soup, comment):
    return soup.select_one(f"#result_list input[name=_selected_action][value='{comment.pk}']").find_parent("tr")


def refreshed(comment):
    comment.refresh_from_db()
    return comment


# The group


def test_the_moderators_group_has_exactly_the_comment_permissions():
    permissions = Group.objects.get(name="Modérateurs").permissions.all()
    assert {(p.content_type.app_label, p.codename) for p in permissions} == {
        ("comments", "view_comment"),
        ("comments", "change_comment"),
        ("comments", "view_blockedword"),
        ("comments", "add_blockedword"),
        ("comments", "change_blockedword"),
        ("comments", "delete_blockedword"),
    }


def test_nobody_may_add_or_delete_comments_through_the_moderators_group():
    codenames = set(Group.objects.get(name="Modérateurs").permissions.values_list("codename", flat=True))
    assert not {"add_comment", "delete_comment"} & codenames


# The queue


@pytest.fixture
def queue(make_article):
    """Comments of every kind on two articles."""
    guide, news = make_article(title="Le guide SEO"), make_article(title="Les nouvelles")
    return {
        "held": make_comment(
            guide,
            status=Comment.Status.PENDING,
            reason=Comment.Reason.FIRST_COMMENT,
            author_name="Anne",
            body="Premier commentaire d’Anne.",
        ),
        "links": make_comment(
            guide,
            status=Comment.Status.PENDING,
            reason=Comment.Reason.LINKS,
            reason_detail="3",
            author_name="Bruno",
            body="https://a.example https://b.example https://c.example",
        ),
        "spam": make_comment(
            news,
            status=Comment.Status.SPAM,
            reason=Comment.Reason.BLOCKED_WORD,
            reason_detail="casino",
            author_name="Robot",
            author_email="robot@spam.example",
            body="Casino gratuit",
        ),
        "approved": make_comment(news, author_name="Chloé", body="Très utile, merci."),
        "removed": make_comment(news, status=Comment.Status.REMOVED, author_name="Troll", body="Hors sujet."),
    }


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
    assert text_of(row.select_one(".field-reason_display")) == "Contient un mot bloqué (casino)"


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
    assert {"Trop de liens", "Contient un mot bloqué", "Champ anti-robot caché rempli"} <= labels


def test_a_moderator_can_open_a_comment(moderator_client, queue):
    comment = queue["links"]
    response = moderator_client.get(reverse("admin:comments_comment_change", args=[comment.pk]))
    assert response.status_code == 200
    soup = soup_of(response)
    assert text_of(soup.select_one(".field-reason_display .readonly")) == "Trop de liens (3)"
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


def messages_after(client, response):
    return [text_of(item) for item in soup_of(client.get(response["Location"])).select(".messagelist li")]


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


# One click per comment


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


# The admin index


def test_the_admin_index_shows_the_pending_count(moderator_client, queue):
    soup = soup_of(moderator_client.get(reverse("admin:index")))
    link = soup.select_one("#pending-comments a")
    assert text_of(link) == "2 commentaires attendent votre modération"
    assert link["href"] == f"{CHANGELIST_URL}?status__exact=pending"


def test_the_admin_index_says_when_nothing_waits(moderator_client):
    soup = soup_of(moderator_client.get(reverse("admin:index")))
    pending = soup.select_one("#pending-comments .pending-comments")
    assert text_of(pending) == "Aucun commentaire n’attend de modération."


def test_the_pending_count_is_hidden_from_staff_who_cannot_see_comments(editor_client, editor, queue):
    assert not editor.has_perm("comments.view_comment")
    assert soup_of(editor_client.get(reverse("admin:index"))).select_one("#pending-comments") is None


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
    group = Group.objects.get(name="Modérateurs")
    assert moderator_client.get(reverse("admin:auth_group_change", args=[group.pk])).status_code == 403
    moderator.refresh_from_db()
    assert not moderator.is_superuser


def test_a_moderator_cannot_delete_comments(moderator_client, queue):
    url = reverse("admin:comments_comment_delete", args=[queue["spam"].pk])
    assert moderator_client.post(url, {"post": "yes"}).status_code == 403
    assert Comment.objects.filter(pk=queue["spam"].pk).exists()


def test_the_admin_index_lists_only_comments_for_a_moderator(moderator_client):
    soup = soup_of(moderator_client.get(reverse("admin:index")))
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
    assert text_of(row.select_one(".field-reason_display")) == "Contient un mot bloqué (casino)"


def test_a_moderator_removes_a_blocked_word(moderator_client, make_article):
    word = BlockedWord.objects.create(word="casino")
    BlockedWord.current()  # now cached
    response = moderator_client.post(reverse("admin:comments_blockedword_delete", args=[word.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert BlockedWord.current() == []
