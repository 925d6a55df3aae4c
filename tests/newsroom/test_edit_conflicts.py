"""No silent overwrite: a save over someone else's newer save is refused, with a way to compare."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from articles.models import Article
from newsroom.models import ArticleRevision
from tests.helpers import change_url, errors_of, form_values

pytestmark = pytest.mark.django_db


def open_form(client, article):
    """The change form's values as the browser loaded them."""
    return {**form_values(client.get(change_url(article)), "article_form"), "_save": "Enregistrer"}


def error_codes(response):
    return [error.code for error in errors_of(response).as_data().get("__all__", [])]


@pytest.fixture
def article(make_article):
    article = make_article(title="Titre d’origine")
    ArticleRevision.objects.record(article)
    return article


@pytest.fixture
def colleague(make_editor):
    """A second editor, in a browser of her own."""
    return make_editor("collegue", "Chloé")


def test_the_change_form_carries_the_version_it_was_loaded_with(editor_client, article):
    field = BeautifulSoup(editor_client.get(change_url(article)).content, "html.parser").find(
        "input", attrs={"name": "loaded_version"}
    )
    assert field["type"] == "hidden"
    assert field["value"] == str(article.version)


def test_saving_over_a_newer_save_is_refused_with_a_link_to_compare(editor_client, colleague, article):
    mine = open_form(editor_client, article)
    theirs = open_form(colleague, article)
    assert colleague.post(change_url(article), {**theirs, "title": "Titre de Chloé"}).status_code == 302

    response = editor_client.post(change_url(article), {**mine, "title": "Mon titre"})
    assert response.status_code == 200
    assert error_codes(response) == ["conflict"]
    article.refresh_from_db()
    assert article.title == "Titre de Chloé"
    assert article.revisions.count() == 2  # the refused save kept nothing

    soup = BeautifulSoup(response.content, "html.parser")
    error = soup.select_one("ul.errorlist.nonfield")
    assert "Chloé" in error.get_text()
    link = error.find("a")
    started_from, latest = article.revisions.last(), article.revisions.first()
    assert link["href"] == (
        reverse("admin:articles_article_revision_compare", args=[article.pk])
        + f"?from={started_from.pk}&to={latest.pk}"
    )
    comparison = BeautifulSoup(editor_client.get(link["href"]).content, "html.parser")
    title = comparison.find(id="diff-title")
    assert [(tag.name, tag.get_text()) for tag in title.select("del, ins")] == [
        ("del", "d’origine"),
        ("ins", "de Chloé"),
    ]
    # The editor's own text is still in the form, to keep.
    assert soup.find("input", attrs={"name": "title"})["value"] == "Mon titre"


def test_saving_again_after_the_refusal_replaces_the_newer_save_knowingly(editor_client, colleague, article):
    mine = open_form(editor_client, article)
    colleague.post(change_url(article), {**open_form(colleague, article), "title": "Titre de Chloé"})
    refused = editor_client.post(change_url(article), {**mine, "title": "Mon titre"})
    again = form_values(refused, "article_form")
    assert again["loaded_version"] == str(Article.objects.get().version)

    response = editor_client.post(change_url(article), {**again, "_save": "Enregistrer"})
    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    assert article.title == "Mon titre"


def test_an_action_in_between_counts_as_a_newer_save(editor_client, colleague, make_article):
    draft = make_article(status=Article.Status.DRAFT)
    mine = open_form(editor_client, draft)
    colleague.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_now", "_selected_action": [draft.pk], "index": 0},
    )
    response = editor_client.post(change_url(draft), {**mine, "title": "Encore un brouillon"})
    assert error_codes(response) == ["conflict"]
    draft.refresh_from_db()
    assert draft.is_public


def test_a_form_without_its_version_is_refused(editor_client, article):
    data = open_form(editor_client, article)
    del data["loaded_version"]
    response = editor_client.post(change_url(article), {**data, "title": "Sans version"})
    assert error_codes(response) == ["no_version"]
    article.refresh_from_db()
    assert article.title == "Titre d’origine"


def test_a_comment_count_update_does_not_conflict_with_an_editor(editor_client, article):
    mine = open_form(editor_client, article)
    article.comment_count = 3
    article.save(update_fields=["comment_count"])
    response = editor_client.post(change_url(article), {**mine, "title": "Titre retouché"})
    assert response.status_code == 302, errors_of(response)


def test_each_save_moves_the_version_on(editor_client, article):
    version = article.version
    editor_client.post(change_url(article), {**open_form(editor_client, article), "title": "Un"})
    editor_client.post(change_url(article), {**open_form(editor_client, article), "title": "Deux"})
    article.refresh_from_db()
    assert (article.title, article.version) == ("Deux", version + 2)
