"""The review workflow: writers write and submit, editors publish, schedule and send back; e-mails follow."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from articles.models import Article
from newsroom import workflow
from newsroom.models import ArticleRevision
from newsroom.notifications import notify_review_requested, notify_writer_published
from tests.test_admin import errors_of, form_values

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:articles_article_add")
CHANGELIST_URL = reverse("admin:articles_article_changelist")
Status = Article.Status


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def french(message):
    with translation.override(settings.LANGUAGE_CODE):
        return str(translation.gettext(message))


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run `action` and what it leaves for after the commit (the e-mails), as a real request would."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


@pytest.fixture
def editors(django_user_model, editor):
    """The "editor" fixture and a second editor, plus one without e-mail and one whose account is closed."""
    group = Group.objects.get(name="Éditeurs")
    others = [
        django_user_model.objects.create_user("chef", "chef@example.com", is_staff=True),
        django_user_model.objects.create_user("sans-adresse", "", is_staff=True),
        django_user_model.objects.create_user("partie", "partie@example.com", is_staff=True, is_active=False),
    ]
    group.user_set.add(*others)
    return [editor, *others]


@pytest.fixture
def own_draft(writer, make_article):
    return make_article(title="Mon brouillon", status=Status.DRAFT, author=writer.author_profile)


def post_change(client, article, **changes):
    """Post the article's change form as the browser shows it to this client, with `changes`."""
    data = form_values(client.get(change_url(article)), "article_form")
    return client.post(change_url(article), {**data, "_save": "Enregistrer", **changes})


def status_options(response):
    select = BeautifulSoup(response.content, "html.parser").find("select", attrs={"name": "status"})
    return [option["value"] for option in select.find_all("option")]


def input_names(response):
    form = BeautifulSoup(response.content, "html.parser").find("form", id="article_form")
    return {field.get("name") for field in form.find_all(["input", "select", "textarea"])}


# The groups


def test_the_writers_group_has_exactly_the_writing_permissions():
    group = Group.objects.get(name="Rédacteurs")
    permissions = {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list("content_type__app_label", "codename")
    }
    assert permissions == {
        "articles.add_article",
        "articles.change_article",
        "articles.view_article",
        "articles.view_author",
        "articles.view_category",
        "taggit.view_tag",
        # Writers upload and pick images (media_library/migrations/0002_groups.py).
        "media_library.add_mediaimage",
        "media_library.view_mediaimage",
    }


def test_editors_and_superusers_publish_writers_do_not(editor, writer, admin_user):
    assert workflow.can_publish(editor)
    assert workflow.can_publish(admin_user)
    assert not workflow.can_publish(writer)


# What a writer may do


def test_a_writer_gets_a_form_without_what_only_editors_decide(writer_client):
    response = writer_client.get(ADD_URL)
    assert response.status_code == 200
    assert status_options(response) == [Status.DRAFT, Status.IN_REVIEW]
    names = input_names(response)
    assert {"title", "standfirst", "body", "status", "tags"} <= names
    assert not names & {"author", "published_at_0", "published_at_1", "featured", "review_note"}


def test_a_writer_creates_a_draft_signed_with_their_own_profile(writer_client, writer, make_author, make_category):
    other = make_author(name="Quelqu’un d’autre")
    data = form_values(writer_client.get(ADD_URL), "article_form")
    response = writer_client.post(
        ADD_URL,
        {
            **data,
            "title": "Mon premier article",
            "standfirst": "Un chapô.",
            "body": "<p>Du texte.</p>",
            "category": make_category().pk,
            "author": other.pk,  # crafted: the form has no such field for a writer
            "_save": "Enregistrer",
        },
    )
    assert response.status_code == 302, errors_of(response)
    article = Article.objects.get()
    assert article.author == writer.author_profile
    assert article.status == Status.DRAFT


def test_a_writer_without_an_author_profile_is_told_so(writer_client, writer, make_category):
    writer.author_profile.delete()
    data = form_values(writer_client.get(ADD_URL), "article_form")
    response = writer_client.post(
        ADD_URL,
        {
            **data,
            "title": "Sans profil",
            "standfirst": "Chapô",
            "body": "<p>Texte</p>",
            "category": make_category().pk,
        },
    )
    assert response.status_code == 200
    assert [error.code for error in errors_of(response).as_data()["__all__"]] == ["no_author"]
    assert not Article.objects.exists()


def test_a_writer_cannot_publish_a_new_article_even_by_crafting_the_post(writer_client, make_category):
    data = form_values(writer_client.get(ADD_URL), "article_form")
    response = writer_client.post(
        ADD_URL,
        {
            **data,
            "title": "Publié en douce",
            "standfirst": "Chapô",
            "body": "<p>Texte</p>",
            "category": make_category().pk,
            "status": Status.PUBLISHED,
        },
    )
    assert response.status_code == 200
    assert "status" in errors_of(response)
    assert not Article.objects.exists()


def test_a_writer_cannot_publish_their_draft_even_by_crafting_the_post(writer_client, own_draft):
    response = post_change(writer_client, own_draft, status=Status.PUBLISHED)
    assert response.status_code == 200
    assert "status" in errors_of(response)
    own_draft.refresh_from_db()
    assert own_draft.status == Status.DRAFT
    assert not Article.objects.published().exists()


def test_a_writer_cannot_schedule_or_feature_or_reassign_an_article(writer_client, own_draft, make_author):
    published_at = own_draft.published_at
    response = post_change(
        writer_client,
        own_draft,
        status=Status.IN_REVIEW,
        published_at_0="01/01/2099",
        published_at_1="08:00:00",
        featured="on",
        author=make_author().pk,
        review_note="Je me relis moi-même.",
    )
    assert response.status_code == 302
    own_draft.refresh_from_db()
    assert own_draft.status == Status.IN_REVIEW
    assert own_draft.published_at == published_at
    assert not own_draft.featured
    assert own_draft.author.user.username == "redacteur"
    assert own_draft.review_note == ""


def test_a_writer_cannot_edit_another_authors_article(writer_client, make_article):
    others = make_article(title="L’article d’une autre", status=Status.DRAFT)
    response = writer_client.get(change_url(others))
    assert response.status_code == 200  # shown read only
    assert BeautifulSoup(response.content, "html.parser").find("input", attrs={"name": "title"}) is None
    response = writer_client.post(change_url(others), {"title": "Réécrit", "status": Status.DRAFT, "_save": "1"})
    assert response.status_code == 403
    others.refresh_from_db()
    assert others.title == "L’article d’une autre"


@pytest.mark.parametrize("status", [Status.IN_REVIEW, Status.PUBLISHED])
def test_a_writer_cannot_edit_their_article_once_submitted_or_published(writer_client, own_draft, status):
    own_draft.status = status
    own_draft.save()
    data = form_values(writer_client.get(change_url(own_draft)), "article_form")
    response = writer_client.post(change_url(own_draft), {**data, "title": "Retouché après coup", "_save": "1"})
    assert response.status_code == 403
    own_draft.refresh_from_db()
    assert own_draft.title == "Mon brouillon"


def test_a_writer_is_not_offered_the_publish_actions_and_cannot_post_them(writer_client, own_draft, make_article):
    soup = BeautifulSoup(writer_client.get(CHANGELIST_URL).content, "html.parser")
    actions = [option["value"] for option in soup.select("select[name=action] option") if option["value"]]
    assert actions == ["submit_for_review"]
    scheduled = make_article(status=Status.PUBLISHED, published_at=timezone.now() + timedelta(days=2))
    for action in ["publish_now", "unpublish"]:
        writer_client.post(
            CHANGELIST_URL, {"action": action, "_selected_action": [own_draft.pk, scheduled.pk], "index": 0}
        )
    own_draft.refresh_from_db()
    scheduled.refresh_from_db()
    assert own_draft.status == Status.DRAFT
    assert scheduled.is_scheduled


def test_a_writer_cannot_restore_into_another_authors_article(writer_client, make_article):
    others = make_article(title="Version actuelle", status=Status.DRAFT)
    old = ArticleRevision.objects.record(others)
    others.title = "Version suivante"
    others.save()
    url = reverse("admin:articles_article_revision_restore", args=[others.pk, old.pk])
    assert writer_client.post(url).status_code == 403
    others.refresh_from_db()
    assert others.title == "Version suivante"


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


@pytest.fixture
def submitted(own_draft):
    own_draft.status = Status.IN_REVIEW
    own_draft.published_at = timezone.now() - timedelta(days=10)  # when the writer started it
    own_draft.save()
    return own_draft


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
        published_at_0="01/01/2099",
        published_at_1="08:00:00",
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


# Statuses and their counts


@pytest.fixture
def desk(make_article):
    now = timezone.now()
    return {
        "draft": [make_article(status=Status.DRAFT) for _ in range(2)],
        "in_review": [make_article(status=Status.IN_REVIEW)],
        "scheduled": [make_article(published_at=now + timedelta(days=1))],
        "published": [make_article(published_at=now - timedelta(days=day)) for day in range(1, 4)],
    }


def test_every_article_counts_once_in_the_visibility_counts(desk):
    assert Article.objects.visibility_counts() == {"draft": 2, "in_review": 1, "scheduled": 1, "published": 3}


def test_articles_in_review_are_not_shown_to_readers(client, desk):
    assert set(Article.objects.published()) == set(desk["published"])
    assert client.get(desk["in_review"][0].get_absolute_url()).status_code == 404


def test_the_article_list_shows_each_visibility_with_its_count(editor_client, desk):
    soup = BeautifulSoup(editor_client.get(CHANGELIST_URL).content, "html.parser")
    links = {
        link["href"]: link.get_text(strip=True)
        for link in soup.select("#changelist-filter a")
        if "visibility=" in link["href"]
    }
    assert links == {
        "?visibility=draft": f"{french('Draft')} (2)",
        "?visibility=in_review": f"{french('In review')} (1)",
        "?visibility=scheduled": f"{french('Scheduled')} (1)",
        "?visibility=published": f"{french('Published')} (3)",
    }


@pytest.mark.parametrize("visibility", ["draft", "in_review", "scheduled", "published"])
def test_the_article_list_filters_by_each_visibility(editor_client, desk, visibility):
    response = editor_client.get(CHANGELIST_URL, {"visibility": visibility})
    assert set(response.context["cl"].result_list) == set(desk[visibility])


def test_the_list_counts_do_not_cost_a_query_per_article(editor_client, desk, make_article):
    def count_queries():
        editor_client.get(CHANGELIST_URL)  # warms the caches (navigation categories)
        with CaptureQueriesContext(connection) as context:
            editor_client.get(CHANGELIST_URL)
        return len(context.captured_queries)

    few = count_queries()
    for _ in range(5):
        make_article(status=Status.IN_REVIEW)
    assert count_queries() == few


@pytest.mark.parametrize(
    ("old", "new", "event"),
    [
        (None, Status.DRAFT, None),
        (None, Status.IN_REVIEW, workflow.Event.SUBMITTED),
        (Status.DRAFT, Status.IN_REVIEW, workflow.Event.SUBMITTED),
        (Status.IN_REVIEW, Status.DRAFT, workflow.Event.SENT_BACK),
        (Status.IN_REVIEW, Status.PUBLISHED, workflow.Event.PUBLISHED),
        (Status.DRAFT, Status.PUBLISHED, workflow.Event.PUBLISHED),
        (Status.PUBLISHED, Status.PUBLISHED, None),
        (Status.PUBLISHED, Status.DRAFT, None),
    ],
)
def test_each_change_of_status_makes_its_event(old, new, event):
    assert workflow.event(old, new) == event


@pytest.mark.parametrize(
    ("old", "new", "allowed"),
    [
        (None, Status.DRAFT, True),
        (None, Status.IN_REVIEW, True),
        (Status.DRAFT, Status.IN_REVIEW, True),
        (None, Status.PUBLISHED, False),
        (Status.DRAFT, Status.PUBLISHED, False),
        (Status.IN_REVIEW, Status.DRAFT, False),
        (Status.PUBLISHED, Status.DRAFT, False),
    ],
)
def test_a_writer_may_only_keep_a_draft_or_submit_it(writer, old, new, allowed):
    assert workflow.may_move(writer, old, new) is allowed
