"""The redirect table: old addresses answer 301 where the site has no page, and editors keep it."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from redirects.models import Redirect

pytestmark = pytest.mark.django_db


def test_an_old_path_with_no_page_answers_with_a_permanent_redirect(client):
    Redirect.objects.create(old_path="/2019/05/mon-article/", new_path="/articles/mon-article/")
    response = client.get("/2019/05/mon-article/")
    assert response.status_code == 301
    assert response["Location"] == "/articles/mon-article/"


def test_the_trailing_slash_is_optional(client):
    Redirect.objects.create(old_path="/2019/05/mon-article/", new_path="/articles/mon-article/")
    assert client.get("/2019/05/mon-article")["Location"] == "/articles/mon-article/"


def test_a_non_ascii_path_matches_whether_typed_or_percent_encoded(client):
    Redirect.objects.create(old_path="/l%C3%A9t%C3%A9/", new_path="/articles/ete/")
    assert Redirect.objects.get().old_path == "/lété/"
    assert client.get("/l%C3%A9t%C3%A9/")["Location"] == "/articles/ete/"


def test_campaign_parameters_follow_the_redirect(client):
    Redirect.objects.create(old_path="/ancien/", new_path="/articles/nouveau/")
    assert client.get("/ancien/?utm_source=lettre")["Location"] == "/articles/nouveau/?utm_source=lettre"


def test_a_wordpress_id_link_on_the_home_page_redirects_and_the_home_page_stays(client):
    Redirect.objects.create(old_path="/?p=12", new_path="/articles/douze/")
    response = client.get("/", {"p": "12"})
    assert response.status_code == 301
    assert response["Location"] == "/articles/douze/"
    assert client.get("/").status_code == 200
    assert client.get("/", {"p": "13"}).status_code == 200  # an unknown id: the home page, as before


def test_a_redirect_never_hides_a_page_of_the_site(client):
    Redirect.objects.create(old_path="/search/", new_path="/ailleurs/")
    Redirect.objects.create(old_path="/feed/", new_path="/ailleurs/")
    assert client.get("/search/").status_code == 200
    assert client.get("/feed/").status_code == 200


def test_an_unknown_path_is_still_not_found(client):
    assert client.get("/nulle-part/").status_code == 404


def test_only_reading_requests_are_redirected(client):
    Redirect.objects.create(old_path="/ancien/", new_path="/nouveau/")
    assert client.post("/ancien/").status_code == 404


def test_ordinary_pages_cost_no_redirect_query(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert not any("refbax_redirect" in query["sql"] for query in queries.captured_queries)


# In the admin


def test_editors_find_redirects_by_path_in_the_admin(editor_client):
    Redirect.objects.create(old_path="/2019/05/seo/", new_path="/articles/seo/")
    Redirect.objects.create(old_path="/2018/01/django/", new_path="/articles/django/")
    response = editor_client.get(reverse("admin:redirects_redirect_changelist"), {"q": "seo"})
    assert response.status_code == 200
    rows = BeautifulSoup(response.content, "html.parser").select("#result_list tbody tr")
    assert [row.th.get_text() for row in rows] == ["/2019/05/seo/"]


def test_editors_add_a_redirect_and_a_bad_one_is_refused(editor_client):
    url = reverse("admin:redirects_redirect_add")
    response = editor_client.post(url, {"old_path": "ancien", "new_path": "javascript:alert(1)"})
    assert response.status_code == 200
    assert set(response.context["adminform"].form.errors) == {"old_path", "new_path"}
    response = editor_client.post(url, {"old_path": "/ancien/", "new_path": "/ancien/"})
    assert "new_path" in response.context["adminform"].form.errors
    editor_client.post(url, {"old_path": "/ancien/", "new_path": "/articles/nouveau/"})
    assert Redirect.objects.get().new_path == "/articles/nouveau/"
