"""Error pages that cannot fail: with no database, no cache and no static manifest, they still answer in French."""

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client, RequestFactory

from refbax.views import server_error
from tests.helpers import get_page, soup_of


@pytest.fixture
def before_collectstatic(settings, tmp_path):
    """Production's hashed static files, with no manifest yet: collectstatic has not run."""
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path / "static-not-collected"
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "refbax.storage.StaticFilesStorage"}}


@pytest.fixture
def nothing_answers(before_collectstatic, settings, monkeypatch):
    """No database and no cache either."""
    settings.CACHES = {
        "default": {
            "BACKEND": "pagecache.backends.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing answers there
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }

    def refuse(self):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)


@pytest.mark.django_db
def test_pages_render_before_collectstatic_with_plain_static_names(before_collectstatic, make_article):
    article = make_article()
    for url in ["/", article.get_absolute_url(), "/nulle-part/"]:
        response = Client().get(url)
        assert response.status_code in {200, 404}, url
        assert 'href="/static/css/site.css"' in response.content.decode()


def test_once_collected_a_file_missing_from_the_manifest_still_raises(before_collectstatic, settings):
    settings.STATIC_ROOT.mkdir()
    (settings.STATIC_ROOT / "staticfiles.json").write_text('{"paths": {"a.css": "a.0123.css"}, "version": "1.1"}')
    staticfiles_storage._setup()
    assert staticfiles_storage.url("a.css") == "/static/a.0123.css"
    with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
        staticfiles_storage.url("b.css")


def test_an_unknown_page_is_a_french_404_with_nothing_answering(nothing_answers):
    response = Client().get("/nulle-part/")
    assert response.status_code == 404
    assert "Cette page n’existe pas" in response.content.decode()


def test_a_page_needing_the_database_is_a_503_with_nothing_answering(nothing_answers):
    response = Client().get("/")
    assert response.status_code == 503
    assert "indisponible" in response.content.decode()


def test_the_500_page_renders_with_nothing_answering(nothing_answers):
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Un problème est survenu de notre côté" in response.content.decode()


@pytest.mark.parametrize(("url", "status"), [("/search/?q=%00", 400), ("/" + "a" * 20 + "%00", 400)])
def test_a_refused_request_is_answered_with_nothing_answering(nothing_answers, url, status):
    assert Client().get(url).status_code == status


# The styled pages, as the site serves them


@pytest.mark.django_db
def test_an_unknown_page_gets_the_styled_french_404(client, settings):
    settings.DEBUG = False
    response = client.get("/cette-page/nexiste/pas/")
    assert response.status_code == 404
    soup = soup_of(response)
    assert soup.find("html")["lang"] == "fr"
    assert soup.find("h1").get_text(strip=True) == "Cette page n’existe pas (ou plus)"
    assert soup.find("link", rel="stylesheet")["href"].endswith(".css")
    assert soup.find("form", role="search")
    assert soup.find("a", href="/")


@pytest.mark.django_db
def test_an_unknown_article_gets_the_same_404_page(client, settings):
    settings.DEBUG = False
    soup = get_page(client, "/articles/inconnu/", status=404)
    assert soup.find("h1").get_text(strip=True) == "Cette page n’existe pas (ou plus)"


@pytest.mark.django_db
def test_the_500_page_is_in_french_and_needs_no_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    soup = soup_of(response)
    assert soup.find("h1").get_text(strip=True) == "Un problème est survenu de notre côté"
