"""The 404 log: what readers did not find, counted in batches, nothing personal, bounded."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from redirects import not_found
from redirects.models import NotFound, Redirect

pytestmark = pytest.mark.django_db


@pytest.fixture
def written_at_once(settings):
    settings.NOT_FOUND_FLUSH_SECONDS = 0


def logged():
    return {row.path: row.hits for row in NotFound.objects.all()}


def test_a_missing_page_is_logged_with_its_hits_and_the_referring_host_only(client, written_at_once):
    for _ in range(3):
        response = client.get(
            "/ancienne-page/?utm_source=lettre",
            HTTP_REFERER="https://forum.example.org/sujet/42?session=secret",
            HTTP_USER_AGENT="Mozilla/5.0 (personne)",
            REMOTE_ADDR="203.0.113.9",
        )
        assert response.status_code == 404
    row = NotFound.objects.get()
    assert (row.path, row.hits, row.referrer_host) == ("/ancienne-page/", 3, "forum.example.org")
    assert row.first_seen <= row.last_seen
    stored = " ".join(str(value) for value in NotFound.objects.values().get().values())
    assert "203.0.113.9" not in stored and "secret" not in stored and "personne" not in stored


def test_wordpress_id_links_keep_their_id_and_nothing_else_of_the_query(client, written_at_once):
    client.get("/archives/", {"p": "12", "utm_medium": "x"})
    client.get("/archives/", {"page_id": "7"})
    assert logged() == {"/archives/?p=12": 1, "/archives/?page_id=7": 1}


def test_many_missing_pages_make_no_write_until_the_period_ends(client, settings):
    settings.NOT_FOUND_FLUSH_SECONDS = 3600
    with CaptureQueriesContext(connection) as queries:
        for number in range(50):
            assert client.get(f"/absente-{number % 5}/").status_code == 404
    assert not any("redirects_notfound" in query["sql"] for query in queries.captured_queries)
    not_found.flush()
    assert logged() == {f"/absente-{number}/": 10 for number in range(5)}


def test_counts_written_by_several_workers_add_up(client, settings):
    settings.NOT_FOUND_FLUSH_SECONDS = 3600
    client.get("/partout/")
    not_found.flush()  # one worker's batch
    client.get("/partout/")
    client.get("/partout/")
    not_found.flush()  # another's
    assert logged() == {"/partout/": 3}


def test_a_flood_of_distinct_paths_is_bounded_in_memory(client, settings):
    settings.NOT_FOUND_FLUSH_SECONDS = 3600
    settings.NOT_FOUND_BATCH = 10
    for number in range(30):
        client.get(f"/scan-{number}/")
    client.get("/scan-0/")
    not_found.flush()
    assert NotFound.objects.count() == 10
    assert logged()["/scan-0/"] == 2


def test_a_flood_is_written_period_after_period(client, settings, monkeypatch):
    settings.NOT_FOUND_FLUSH_SECONDS = 10
    settings.NOT_FOUND_BATCH = 5
    clock = [1000.0]
    monkeypatch.setattr(not_found.time, "monotonic", lambda: clock[0])
    for number in range(20):
        client.get(f"/scan-{number}/")
    assert logged() == {}  # the first period is not over
    clock[0] += 10
    client.get("/apres/")  # a new period: the first five are written, this one counted
    assert logged() == {f"/scan-{number}/": 1 for number in range(5)}
    clock[0] += 10
    client.get("/encore/")
    assert "/apres/" in logged()


def test_the_table_keeps_the_most_useful_rows(settings):
    settings.NOT_FOUND_MAX_ROWS = 3
    now = timezone.now()
    for path, hits, days in [("/frequente/", 50, 30), ("/recente/", 1, 0), ("/vieille/", 1, 30), ("/moyenne/", 5, 10)]:
        moment = now - timedelta(days=days)
        NotFound.objects.create(path=path, hits=hits, first_seen=moment, last_seen=moment)
    not_found.prune()
    assert set(logged()) == {"/frequente/", "/recente/", "/moyenne/"}


@pytest.mark.parametrize("path", ["/wp-login.php", "/xmlrpc.php", "/.env", "/.git/config", "/backup.sql"])
def test_bots_probes_are_not_logged(client, written_at_once, path):
    assert client.get(path).status_code == 404
    assert logged() == {}


def test_old_pages_of_the_site_are_logged_even_from_wordpress(client, written_at_once):
    client.get("/wp-content/uploads/2019/05/photo.jpg")
    assert list(logged()) == ["/wp-content/uploads/2019/05/photo.jpg"]


def test_a_redirected_path_is_not_logged(client, written_at_once):
    Redirect.objects.create(old_path="/ancien/", new_path="/nouveau/")
    assert client.get("/ancien/").status_code == 301
    assert logged() == {}


def test_a_path_that_gets_its_slash_appended_is_not_logged(client, written_at_once, make_article):
    make_article(slug="un-article")
    assert client.get("/articles/un-article").status_code == 301
    assert logged() == {}


def test_a_very_long_path_is_answered_404_and_not_logged(client, written_at_once):
    response = client.get("/" + "a" * 10_000)
    assert response.status_code == 404
    assert logged() == {}


def test_a_nul_byte_is_refused_before_anything_reads_it(client, written_at_once):
    assert client.get("/page%00.html").status_code == 400
    assert logged() == {}


def test_the_404_page_still_answers_while_the_log_cannot_be_written(client, written_at_once, monkeypatch):
    def refuse(*args, **kwargs):
        from django.db import OperationalError

        raise OperationalError("database is locked")

    monkeypatch.setattr(not_found, "prune", refuse)
    assert client.get("/introuvable/").status_code == 404
