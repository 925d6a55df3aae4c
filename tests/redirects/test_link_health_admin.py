"""Link checks where editors work: the list per article, the dashboard's block, the writing screen's warnings."""

import json

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from redirects.models import Link, Redirect

pytestmark = pytest.mark.django_db


def make_link(url, state, *articles, **fields):
    link = Link.objects.create(url=url, internal=url.startswith("/"), state=state, checked_at=timezone.now(), **fields)
    link.articles.set(articles)
    return link


def check(client, links):
    return client.post(reverse("admin:redirects_link_check"), {"links": links}, content_type="application/json")


def test_broken_and_redirected_links_are_listed_per_article(editor_client, make_article):
    seo, other = make_article(title="Guide SEO"), make_article(title="Autre")
    make_link("https://mort.example/", Link.State.BROKEN, seo, status_code=404)
    make_link("https://bouge.example/", Link.State.REDIRECTED, seo, other, redirected_to="https://ici.example/")
    make_link("https://vivant.example/", Link.State.OK, seo)
    url = reverse("admin:redirects_link_changelist")
    page = BeautifulSoup(editor_client.get(url).content, "html.parser")
    assert [row.th.get_text() for row in page.select("#result_list tbody tr")] == [
        "https://bouge.example/",
        "https://mort.example/",
    ]
    page = BeautifulSoup(editor_client.get(url, {"article": other.pk}).content, "html.parser")
    assert [row.th.get_text() for row in page.select("#result_list tbody tr")] == ["https://bouge.example/"]


def test_the_dashboard_names_the_articles_with_broken_links(editor_client, make_article):
    seo = make_article(title="Guide SEO")
    make_link("https://mort.example/", Link.State.BROKEN, seo)
    make_link("/articles/disparu/", Link.State.BROKEN, seo)
    page = BeautifulSoup(editor_client.get(reverse("admin:index")).content, "html.parser")
    block = page.select_one("#broken-links")
    assert "2 liens cassés" in block.get_text(" ", strip=True)
    row = block.select_one("tbody tr")
    assert row.th.a.get_text() == "Guide SEO"
    assert row.th.a["href"].endswith(f"?article={seo.pk}")
    assert row.td.get_text() == "2"


def test_the_dashboard_says_when_links_were_never_checked(editor_client):
    page = BeautifulSoup(editor_client.get(reverse("admin:index")).content, "html.parser")
    assert "check_links" in page.select_one("#broken-links").get_text()


def test_moderators_see_no_link_block(moderator_client):
    page = BeautifulSoup(moderator_client.get(reverse("admin:index")).content, "html.parser")
    assert page.select_one("#broken-links") is None


# The writing screen


def test_the_writing_screen_loads_the_link_warnings_with_their_address(editor_client, make_article):
    article = make_article()
    response = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select_one('script[src$="js/admin-links.js"]')
    data = json.loads(page.select_one("#article-editing-data").string)
    assert data["checks"]["links"]["url"] == reverse("admin:redirects_link_check")


def test_a_broken_internal_link_is_reported_while_one_types(writer_client, make_article):
    make_article(slug="existe")
    Redirect.objects.create(old_path="/ancien/", new_path="/articles/existe/")
    response = check(
        writer_client, ["/articles/existe/", "/articles/n-existe-pas/", "/ancien/", "#plan", "mailto:a@b.fr"]
    )
    assert response.status_code == 200
    found = {link["url"]: link for link in response.json()["links"]}
    assert set(found) == {"/articles/n-existe-pas/", "/ancien/"}
    assert found["/articles/n-existe-pas/"]["problem"] == "Aucune page à cette adresse."
    assert found["/ancien/"]["target"] == "/articles/existe/"


def test_links_to_other_sites_are_never_fetched_only_looked_up(writer_client, make_article):
    make_link("https://mort.example/", Link.State.BROKEN, make_article(), status_code=410, error="Le site répond 410.")
    found = check(writer_client, ["https://mort.example/", "https://inconnu.example/"]).json()["links"]
    assert found == [
        {"url": "https://mort.example/", "state": "broken", "problem": "Le site répond 410.", "target": ""}
    ]


@pytest.mark.parametrize("payload", ["pas du json", "[]", '{"links": "x"}', '{"links": [1, 2]}'])
def test_bad_input_gets_a_clear_answer(writer_client, payload):
    response = writer_client.post(reverse("admin:redirects_link_check"), payload, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]


def test_only_people_who_write_may_ask(moderator_client):
    assert check(moderator_client, ["/"]).status_code == 403


def test_a_body_with_thousands_of_links_costs_a_bounded_answer(writer_client):
    response = check(writer_client, [f"/page-{number}/" for number in range(5000)])
    assert response.status_code == 200
    assert len(response.json()["links"]) == 300
