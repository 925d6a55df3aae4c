"""No lost work: backup copies of the article form, offered back, and who else is editing an article."""

import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from articles.models import Article
from newsroom import presence
from newsroom.models import Autosave
from tests.helpers import change_url, form_values

pytestmark = pytest.mark.django_db

AUTOSAVE_URL = reverse("admin:articles_article_autosave")
ADD_URL = reverse("admin:articles_article_add")


def presence_url(article):
    return reverse("admin:articles_article_presence", args=[article.pk])


def post_json(client, url, payload, **headers):
    body = payload if isinstance(payload, str | bytes) else json.dumps(payload)
    return client.post(url, body, content_type="application/json", headers=headers)


def editing_data(response):
    """The JSON data block the change form's script reads."""
    return json.loads(BeautifulSoup(response.content, "html.parser").find(id="article-editing-data").string)


@pytest.fixture
def viewer_client(client, django_user_model):
    """Staff who may only look at articles."""
    user = django_user_model.objects.create_user("lecteur", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(user)
    return client


# Autosave


def test_an_autosave_keeps_the_editors_text_and_nothing_else(editor_client, editor, make_article):
    article = make_article()
    fields = {
        "title": "Titre en cours",
        "body": "<p>Un paragraphe pas encore enregistré.</p>",
        "tags": "seo, python",
        "status": "published",  # not a draft's business
        "loaded_version": "1",  # the conflict check's, never restored from a copy
    }
    response = post_json(editor_client, AUTOSAVE_URL, {"article": article.pk, "fields": fields})
    assert response.status_code == 200
    assert "saved_at" in response.json()
    draft = Autosave.objects.get()
    assert (draft.user, draft.article) == (editor, article)
    assert draft.data == {"title": "Titre en cours", "body": fields["body"], "tags": "seo, python"}
    article.refresh_from_db()
    assert article.title != "Titre en cours"  # the article itself is untouched


def test_a_later_autosave_replaces_the_earlier_one(editor_client, make_article):
    article = make_article()
    for title in ("Premier jet", "Second jet"):
        post_json(editor_client, AUTOSAVE_URL, {"article": article.pk, "fields": {"title": title}})
    assert list(Autosave.objects.values_list("data", flat=True)) == [{"title": "Second jet"}]


def test_a_new_article_has_a_copy_too(editor_client, editor):
    response = post_json(editor_client, AUTOSAVE_URL, {"article": None, "fields": {"title": "Idée"}})
    assert response.status_code == 200
    assert Autosave.objects.get(user=editor, article=None).data == {"title": "Idée"}


def test_reopening_the_form_offers_the_copy_back(editor_client, make_article):
    article = make_article()
    post_json(editor_client, AUTOSAVE_URL, {"article": article.pk, "fields": {"title": "Titre perdu"}})
    response = editor_client.get(change_url(article))
    page = BeautifulSoup(response.content, "html.parser")
    notice = page.find(id="article-draft")
    assert notice is not None
    assert {button["data-draft-action"] for button in notice.find_all("button")} == {"restore", "discard"}
    data = editing_data(response)
    assert data["draft"] == {"fields": {"title": "Titre perdu"}, "newerSave": False}
    assert data["article"] == article.pk
    assert "loaded_version" not in data["draftFields"]


def test_the_copy_of_a_new_article_is_offered_on_the_add_form(editor_client):
    post_json(editor_client, AUTOSAVE_URL, {"article": None, "fields": {"title": "Idée"}})
    assert editing_data(editor_client.get(ADD_URL))["draft"]["fields"] == {"title": "Idée"}


def test_the_notice_says_when_the_article_was_saved_since_the_copy(editor_client, make_article):
    article = make_article()
    post_json(editor_client, AUTOSAVE_URL, {"article": article.pk, "fields": {"title": "Ancien jet"}})
    article.title = "Enregistré depuis par quelqu’un d’autre"
    article.save()
    assert editing_data(editor_client.get(change_url(article)))["draft"]["newerSave"] is True


def test_another_editors_copy_is_never_shown_or_touched(editor_client, make_editor, make_article):
    article = make_article()
    post_json(editor_client, AUTOSAVE_URL, {"article": article.pk, "fields": {"title": "À moi"}})
    colleague = make_editor("collegue")
    response = colleague.get(change_url(article))
    assert response.status_code == 200
    assert editing_data(response)["draft"] is None
    assert "À moi" not in response.content.decode()
    post_json(colleague, AUTOSAVE_URL, {"article": article.pk, "discard": True})
    post_json(colleague, AUTOSAVE_URL, {"article": article.pk, "fields": {"title": "À elle"}})
    assert {draft.data["title"] for draft in Autosave.objects.all()} == {"À moi", "À elle"}


def test_ignoring_the_copy_deletes_it(editor_client, make_article):
    article = make_article()
    post_json(editor_client, AUTOSAVE_URL, {"article": article.pk, "fields": {"title": "Brouillon"}})
    response = post_json(editor_client, AUTOSAVE_URL, {"article": article.pk, "discard": True})
    assert response.json() == {"discarded": True}
    assert not Autosave.objects.exists()
    assert (
        BeautifulSoup(editor_client.get(change_url(article)).content, "html.parser").find(id="article-draft") is None
    )


def test_saving_the_article_deletes_the_editors_copy(editor_client, make_editor, make_article):
    article = make_article()
    post_json(editor_client, AUTOSAVE_URL, {"article": article.pk, "fields": {"title": "Brouillon"}})
    colleague = make_editor("collegue")
    post_json(colleague, AUTOSAVE_URL, {"article": article.pk, "fields": {"title": "Le sien"}})
    values = {**form_values(editor_client.get(change_url(article)), "article_form"), "_save": "Enregistrer"}
    assert editor_client.post(change_url(article), {**values, "title": "Enregistré"}).status_code == 302
    assert [draft.data["title"] for draft in Autosave.objects.all()] == ["Le sien"]


def test_creating_the_article_deletes_the_copy_of_the_new_article(editor_client, make_author, make_category):
    post_json(editor_client, AUTOSAVE_URL, {"article": None, "fields": {"title": "Idée"}})
    values = form_values(editor_client.get(ADD_URL), "article_form")
    values |= {
        "title": "Idée aboutie",
        "standfirst": "Un chapô.",
        "body": "<p>Le texte.</p>",
        "author": make_author().pk,
        "category": make_category().pk,
        "_save": "Enregistrer",
    }
    response = editor_client.post(ADD_URL, values)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Article.objects.filter(title="Idée aboutie").exists()
    assert not Autosave.objects.exists()


def test_a_form_sent_back_with_errors_offers_no_older_copy(editor_client, make_article):
    article = make_article()
    post_json(editor_client, AUTOSAVE_URL, {"article": article.pk, "fields": {"title": "Ancien"}})
    values = {**form_values(editor_client.get(change_url(article)), "article_form"), "title": ""}
    response = editor_client.post(change_url(article), values)
    assert response.status_code == 200
    assert editing_data(response)["draft"] is None


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ("{not json", 400),
        ('"a string"', 400),
        ("[1, 2]", 400),
        (json.dumps({"article": "1", "fields": {}}), 400),
        (json.dumps({"article": True, "fields": {}}), 400),
        (json.dumps({"article": None, "fields": ["title"]}), 400),
        (json.dumps({"article": None, "fields": {"title": 12}}), 400),
        (json.dumps({"article": None, "fields": {"body": "x" * (3 * 1024 * 1024)}}), 400),
        (json.dumps({"article": 999999, "fields": {}}), 404),
        (b"\xff\xfe", 400),
    ],
    ids=[
        "malformed",
        "string",
        "array",
        "article-as-text",
        "article-as-boolean",
        "fields-not-an-object",
        "field-not-text",
        "too-large",
        "unknown-article",
        "not-utf8",
    ],
)
def test_a_bad_autosave_is_refused_and_changes_nothing(editor_client, body, status):
    response = post_json(editor_client, AUTOSAVE_URL, body)
    assert response.status_code == status
    assert "error" in response.json()
    assert not Autosave.objects.exists()


def test_an_autosave_must_be_json_and_posted(editor_client):
    assert editor_client.post(AUTOSAVE_URL, {"article": "", "fields": "x"}).status_code == 400
    assert editor_client.get(AUTOSAVE_URL).status_code == 405


def test_an_autosave_needs_the_csrf_token(editor, make_article):
    article = make_article()
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    payload = {"article": article.pk, "fields": {"title": "x"}}
    assert post_json(client, AUTOSAVE_URL, payload).status_code == 403
    page = BeautifulSoup(client.get(change_url(article)).content, "html.parser")
    token = page.find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]
    assert post_json(client, AUTOSAVE_URL, payload, X_CSRFToken=token).status_code == 200


def test_an_autosave_needs_the_admins_permissions(viewer_client, make_article):
    article = make_article()
    payload = {"article": article.pk, "fields": {"title": "x"}}
    assert post_json(Client(), AUTOSAVE_URL, payload).status_code == 302  # to the login page
    assert post_json(viewer_client, AUTOSAVE_URL, payload).status_code == 403
    assert post_json(viewer_client, AUTOSAVE_URL, {"article": None, "fields": {"title": "x"}}).status_code == 403
    assert post_json(viewer_client, AUTOSAVE_URL, {"article": article.pk, "discard": True}).status_code == 403
    assert not Autosave.objects.exists()


def test_a_read_only_form_has_no_autosave_presence_or_aids(viewer_client, make_article):
    page = BeautifulSoup(viewer_client.get(change_url(make_article())).content, "html.parser")
    assert page.find(id="article-editing-data") is None
    assert page.find(id="writing-aids") is None


def test_the_form_loads_first_party_files_only(editor_client, make_article):
    response = editor_client.get(change_url(make_article()))
    page = BeautifulSoup(response.content, "html.parser")
    scripts = page.find_all("script")
    assert any(script.get("src", "").endswith("js/admin-article.js") for script in scripts)
    assert any(link["href"].endswith("css/admin-article.css") for link in page.find_all("link", rel="stylesheet"))
    # Data blocks are not run; every script that runs is a file of the site or carries the page's nonce.
    nonce = response.headers["Content-Security-Policy"].split("'nonce-", 1)[1].split("'", 1)[0]
    for script in scripts:
        assert script.get("type") == "application/json" or script.get("src") or script.get("nonce") == nonce
    assert page.find(id="article-editing-data")["type"] == "application/json"


# Presence


def test_two_editors_on_one_article_see_each_other(make_editor, make_article):
    article = make_article()
    alice, bruno = make_editor("alice", "Alice"), make_editor("bruno", "Bruno")
    assert post_json(alice, presence_url(article), {}).json() == {"others": []}
    others = post_json(bruno, presence_url(article), {}).json()["others"]
    assert [other["name"] for other in others] == ["Alice"]
    assert others[0]["since"].endswith("+00:00")
    assert [other["name"] for other in post_json(alice, presence_url(article), {}).json()["others"]] == ["Bruno"]


def test_an_editor_who_leaves_is_no_longer_listed(make_editor, make_article):
    article = make_article()
    alice, bruno = make_editor("alice", "Alice"), make_editor("bruno", "Bruno")
    post_json(alice, presence_url(article), {})
    post_json(alice, presence_url(article), {"leaving": True})
    assert post_json(bruno, presence_url(article), {}).json() == {"others": []}


def test_an_editor_who_stopped_beating_is_forgotten(make_editor, make_article, monkeypatch):
    article = make_article()
    alice, bruno = make_editor("alice", "Alice"), make_editor("bruno", "Bruno")
    post_json(alice, presence_url(article), {})
    later = presence.time.time() + presence.PRESENCE_SECONDS + 1
    monkeypatch.setattr(presence.time, "time", lambda: later)
    assert post_json(bruno, presence_url(article), {}).json() == {"others": []}


def test_presence_is_per_article(make_editor, make_article):
    first, second = make_article(), make_article()
    alice, bruno = make_editor("alice", "Alice"), make_editor("bruno", "Bruno")
    post_json(alice, presence_url(first), {})
    assert post_json(bruno, presence_url(second), {}).json() == {"others": []}


def test_presence_needs_the_change_permission_and_the_csrf_token(viewer_client, editor, make_article):
    article = make_article()
    assert post_json(Client(), presence_url(article), {}).status_code == 302
    assert post_json(viewer_client, presence_url(article), {}).status_code == 403
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    assert post_json(strict, presence_url(article), {}).status_code == 403


@pytest.mark.parametrize(("body", "status"), [("{nope", 400), ("[]", 400)])
def test_a_bad_heartbeat_is_refused(editor_client, make_article, body, status):
    assert post_json(editor_client, presence_url(make_article()), body).status_code == status


def test_a_heartbeat_for_an_unknown_article_is_not_found(editor_client):
    assert post_json(editor_client, reverse("admin:articles_article_presence", args=[999999]), {}).status_code == 404


def test_the_change_form_has_the_presence_notice_and_its_address(editor_client, make_article):
    article = make_article()
    response = editor_client.get(change_url(article))
    notice = BeautifulSoup(response.content, "html.parser").find(id="article-presence")
    assert notice["role"] == "status" and notice.has_attr("hidden")
    data = editing_data(response)
    assert data["presenceUrl"] == presence_url(article)
    assert data["heartbeatSeconds"] == 20 and data["autosaveSeconds"] == 30
    assert editing_data(editor_client.get(ADD_URL))["presenceUrl"] is None  # nobody else edits a new article
