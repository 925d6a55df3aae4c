"""The review workflow, what a writer may do: write and submit their own drafts, never publish."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from newsroom import workflow
from newsroom.models import ArticleRevision
from tests.helpers import change_url, errors_of, form_values, post_change

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:articles_article_add")
CHANGELIST_URL = reverse("admin:articles_article_changelist")
Status = Article.Status


def buttons(response):
    """The (action, label) of the publication box's visible buttons."""
    box = BeautifulSoup(response.content, "html.parser").select_one(".desk-box")
    return [(button["value"], button.get_text(strip=True)) for button in box.select("button[name=action]")]


def input_names(response):
    form = BeautifulSoup(response.content, "html.parser").find("form", id="article_form")
    return {field.get("name") for field in form.find_all(["input", "select", "textarea"])}


def test_editors_and_superusers_publish_writers_do_not(editor, writer, admin_user):
    assert workflow.can_publish(editor)
    assert workflow.can_publish(admin_user)
    assert not workflow.can_publish(writer)


# What a writer may do


def test_a_writer_gets_a_form_without_what_only_editors_decide(writer_client):
    response = writer_client.get(ADD_URL)
    assert response.status_code == 200
    assert buttons(response) == [("submit", "Soumettre à relecture"), ("save", "Enregistrer le brouillon")]
    names = input_names(response)
    assert {"title", "standfirst", "body", "status", "tags"} <= names
    assert not names & {"author", "published_at", "featured", "review_note"}


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
        published_at="2099-01-01T08:00",
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


# The moves between statuses


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
