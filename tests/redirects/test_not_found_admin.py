"""The 404 log in the admin: by hits, three suggestions, a redirect in one click, "Ignorer"."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from redirects.models import NotFound, Redirect
from redirects.suggestions import path_words, suggest

pytestmark = pytest.mark.django_db


def make_not_found(path, hits=1, **fields):
    now = timezone.now()
    return NotFound.objects.create(path=path, hits=hits, first_seen=now, last_seen=now, **fields)


def rows(response):
    return BeautifulSoup(response.content, "html.parser").select("#result_list tbody tr")


def test_the_log_is_sorted_by_hits_and_shows_suggestions(editor_client, make_article):
    make_article(title="Le référencement local en 2026", slug="referencement-local")
    make_not_found("/rare/", hits=2)
    make_not_found("/2019/05/referencment-local.html", hits=40)
    response = editor_client.get(reverse("admin:redirects_notfound_changelist"))
    assert response.status_code == 200
    found = rows(response)
    assert [row.th.get_text() for row in found] == ["/2019/05/referencment-local.html", "/rare/"]
    buttons = found[0].select("button[name=target]")
    assert [button["value"] for button in buttons] == ["/articles/referencement-local/"]
    assert buttons[0]["form"] == "notfound-quick"
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select_one("form#notfound-quick input[name=csrfmiddlewaretoken]")


def test_suggestions_are_the_closest_published_pages_three_at_most(make_article, make_category):
    for slug in ["guide-seo-local", "guide-seo-technique", "guide-seo-contenu", "guide-seo-liens"]:
        make_article(title=slug.replace("-", " "), slug=slug)
    make_article(title="Guide SEO local brouillon", slug="guide-seo-loca", status="draft")
    make_category(name="Guides")
    suggestions = suggest("/guide-seo-locale/")
    assert len(suggestions) == 3
    assert suggestions[0][0] == "/articles/guide-seo-local/"
    assert "/articles/guide-seo-loca/" not in dict(suggestions)


def test_a_path_without_words_gets_no_suggestion(make_article):
    make_article()
    assert path_words("/2019/05/12/") == []
    assert suggest("/2019/05/12/") == []


def test_one_click_creates_the_redirect_and_clears_the_row(editor_client, client, make_article):
    make_article(slug="bon-article")
    missing = make_not_found("/mauvais-article/")
    url = reverse("admin:redirects_notfound_redirect", args=[missing.pk])
    response = editor_client.post(url, {"target": "/articles/bon-article/"}, follow=True)
    assert response.status_code == 200
    assert Redirect.objects.get().new_path == "/articles/bon-article/"
    assert not NotFound.objects.exists()
    assert "Redirection créée" in response.content.decode()
    editor_client.logout()
    assert client.get("/mauvais-article/")["Location"] == "/articles/bon-article/"


def test_a_target_on_another_site_is_refused_by_one_click(editor_client):
    missing = make_not_found("/page/")
    url = reverse("admin:redirects_notfound_redirect", args=[missing.pk])
    response = editor_client.post(url, {"target": "https://ailleurs.example/"}, follow=True)
    assert not Redirect.objects.exists()
    assert "ailleurs.example" in response.content.decode()


def test_ignore_hides_the_row_from_the_list(editor_client):
    missing = make_not_found("/bruit/")
    editor_client.post(reverse("admin:redirects_notfound_ignore", args=[missing.pk]))
    missing.refresh_from_db()
    assert missing.ignored
    assert rows(editor_client.get(reverse("admin:redirects_notfound_changelist"))) == []
    ignored = editor_client.get(reverse("admin:redirects_notfound_changelist"), {"state": "ignored"})
    assert [row.th.get_text() for row in rows(ignored)] == ["/bruit/"]


def test_one_click_views_refuse_get_and_strangers(client, editor_client, django_user_model):
    missing = make_not_found("/page/")
    url = reverse("admin:redirects_notfound_ignore", args=[missing.pk])
    assert editor_client.get(url).status_code == 405
    stranger = django_user_model.objects.create_user("passant", password="x", is_staff=True)
    client.force_login(stranger)
    assert client.post(url).status_code == 403


# The redirect form


def test_a_target_on_another_host_needs_a_confirmation(editor_client):
    url = reverse("admin:redirects_redirect_add")
    response = editor_client.post(url, {"old_path": "/partenaire/", "new_path": "https://partenaire.example/"})
    errors = response.context["adminform"].form.errors
    assert "partenaire.example" in errors["new_path"][0]
    editor_client.post(
        url, {"old_path": "/partenaire/", "new_path": "https://partenaire.example/", "to_another_site": "on"}
    )
    assert Redirect.objects.get().new_path == "https://partenaire.example/"


def test_a_full_address_of_this_site_is_kept_as_its_path(editor_client, settings):
    url = reverse("admin:redirects_redirect_add")
    editor_client.post(url, {"old_path": "/vieux/", "new_path": f"{settings.SITE_URL}/articles/neuf/"})
    assert Redirect.objects.get().new_path == "/articles/neuf/"


def test_a_loop_typed_by_hand_is_refused_with_a_clear_message(editor_client):
    Redirect.objects.create(old_path="/b/", new_path="/c/")
    Redirect.objects.create(old_path="/c/", new_path="/a/")
    response = editor_client.post(reverse("admin:redirects_redirect_add"), {"old_path": "/a/", "new_path": "/b/"})
    assert "boucle" in response.context["adminform"].form.errors["new_path"][0]
    assert Redirect.objects.count() == 2


def test_a_redirect_to_a_redirected_path_goes_straight_to_the_end(editor_client):
    Redirect.objects.create(old_path="/b/", new_path="/c/")
    editor_client.post(reverse("admin:redirects_redirect_add"), {"old_path": "/a/", "new_path": "/b/"})
    assert Redirect.objects.get(old_path="/a/").new_path == "/c/"


def test_a_path_with_a_nul_byte_is_refused(editor_client):
    response = editor_client.post(reverse("admin:redirects_redirect_add"), {"old_path": "/a\x00b/", "new_path": "/b/"})
    assert response.status_code == 200
    assert "old_path" in response.context["adminform"].form.errors
