"""Search: every word of the query, in title, standfirst or body, accents ignored; drafts and markup never."""

import pytest

from refbax.views import SearchView
from tests.helpers import card_titles, days_ago, get_page, soup_of

pytestmark = pytest.mark.django_db


def search(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return soup_of(response)


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("maillage", "title"),
        ("MAILLAGE interne", "title"),
        ("netlinking", "standfirst"),
        ("core vitals", "body"),
    ],
)
def test_search_finds_words_in_title_standfirst_and_body(client, searchable, query, found):
    assert card_titles(search(client, query)) == [searchable[found].title]


@pytest.mark.parametrize("query", ["état", "écrire"])
def test_search_ignores_the_case_of_accented_letters(client, make_article, query):
    article = make_article(title="État des lieux", body="<p>Écrire pour le web.</p>")
    assert card_titles(search(client, query)) == [article.title]


def test_search_results_are_paginated_with_the_query_kept(client, make_article, settings):
    settings.ARTICLES_PER_PAGE = 2
    for day in range(1, 6):
        make_article(title=f"Guide {day}", published_at=days_ago(day))
    make_article(title="Autre sujet")
    soup = search(client, "guide")
    assert card_titles(soup) == ["Guide 1", "Guide 2"]
    next_url = soup.select_one('a[rel="next"]')["href"]
    assert card_titles(get_page(client, "/search/" + next_url)) == ["Guide 3", "Guide 4"]


@pytest.mark.parametrize(
    ("matches", "said"),
    [(3, "3 articles trouvés pour « guide »."), (4, "Plus de 3 articles trouvés pour « guide »")],
)
def test_search_counts_its_matches_up_to_a_cap(client, make_article, monkeypatch, matches, said):
    monkeypatch.setattr(SearchView, "count_cap", 3)
    for day in range(1, matches + 1):
        make_article(title=f"Guide {day}", published_at=days_ago(day))
    status = search(client, "guide").select_one('[role="status"]').get_text(" ", strip=True)
    assert said in status.replace("\xa0", " ").replace("\u202f", " ")


def test_search_requires_every_word(client, searchable):
    assert card_titles(search(client, "maillage netlinking")) == []


def test_search_ignores_drafts(client, searchable):
    assert searchable["draft"].title not in card_titles(search(client, "brouillon"))
    assert card_titles(search(client, "brouillon")) == []


def test_search_does_not_match_markup(client, searchable):
    assert card_titles(search(client, "strong")) == []


@pytest.mark.parametrize("query", ["x" * 300, "seo " * 100, "%", "_", "' OR 1=1 --", "\ufffd\u202e", "🔎 réf"])
def test_hostile_search_queries_give_an_empty_result_page(client, searchable, query):
    soup = search(client, query)
    assert card_titles(soup) == []


def test_an_empty_search_shows_the_empty_form(client, searchable):
    for soup in [search(client, ""), get_page(client, "/search/")]:
        assert soup.find("input", attrs={"name": "q", "id": "search-page-q"})
        assert card_titles(soup) == []
        assert soup.select_one(".errorlist") is None


def test_search_pages_are_not_indexed(client, searchable):
    assert "noindex" in search(client, "maillage").find("meta", attrs={"name": "robots"})["content"]
