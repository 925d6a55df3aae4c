import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from refbax.views import SearchView, server_error
from site_settings.models import SiteSettings

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
NBSP = "\u00a0"


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def get_page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return soup_of(response)


def card_titles(soup):
    """The titles of the article cards of a list page, in order."""
    return [title.get_text(strip=True) for title in soup.select(".card__title")]


def is_data_block(script):
    """A <script> that browsers never run (structured data for search engines): CSP allows it."""
    return script.get("type") == "application/ld+json" and not script.get("src")


def body_of_words(count):
    return "<p>" + " ".join(["mot"] * count) + "</p>"


def days_ago(days):
    return timezone.now() - timedelta(days=days)


# Home


def test_the_home_page_shows_the_featured_article_then_the_latest(client, make_article):
    older = make_article(title="Plus ancien", published_at=days_ago(3))
    featured = make_article(title="À la une", featured=True, published_at=days_ago(10))
    newer = make_article(title="Plus récent", published_at=days_ago(1))
    make_article(title="Brouillon", status=Article.Status.DRAFT)
    soup = get_page(client, "/")

    featured_block = soup.select_one(".featured")
    assert featured_block.find("a", href=featured.get_absolute_url())
    # The featured article comes first in the page, and is not repeated below.
    first_link = soup.find("main").find("a", href=lambda href: href and href.startswith("/articles/"))
    assert first_link["href"] == featured.get_absolute_url()
    assert card_titles(soup) == [newer.title, older.title]


def test_the_home_page_is_paginated(client, make_article, settings):
    settings.ARTICLES_PER_PAGE = 3
    articles = [make_article(title=f"Article {day}", published_at=days_ago(day)) for day in range(1, 8)]
    first = get_page(client, "/")
    assert card_titles(first) == [article.title for article in articles[:3]]
    assert first.select_one('a[rel="next"]')["href"] == "?page=2"
    third = get_page(client, "/?page=3")
    assert card_titles(third) == [articles[6].title]
    assert third.select_one('a[rel="prev"]')["href"] == "?page=2"
    assert third.select_one('a[rel="next"]') is None


def test_the_featured_article_is_only_on_the_first_page(client, make_article, settings):
    settings.ARTICLES_PER_PAGE = 2
    make_article(featured=True)
    for day in range(1, 5):
        make_article(published_at=days_ago(day))
    assert get_page(client, "/").select_one(".featured")
    assert get_page(client, "/?page=2").select_one(".featured") is None


def test_the_home_page_works_with_no_article_at_all(client):
    soup = get_page(client, "/")
    assert card_titles(soup) == []


@pytest.mark.parametrize("page", ["abc", "99999", "0", "-1", "1.5"])
def test_a_bad_page_number_is_a_404(client, make_article, page):
    make_article()
    assert client.get(f"/?page={page}").status_code == 404


# Article page


@pytest.fixture
def full_article(make_article, make_author, make_category, settings):
    """An article with everything its page can show, published on 9 July 2026 (Paris time)."""
    settings.SITE_URL = "https://www.refbax.example"
    SiteSettings(
        cta_title="La lettre de Refbax",
        cta_text="Un e-mail par mois.",
        cta_label="Je m’abonne",
        cta_url="/newsletter/",
    ).save()
    author = make_author(name="Claire Morel", bio="Consultante SEO depuis douze ans.")
    category = make_category(name="Référencement")
    article = make_article(
        title="Audit SEO technique",
        standfirst="Le guide complet.",
        body=body_of_words(937),
        author=author,
        category=category,
        # Just after midnight in Paris: still the 8th in UTC.
        published_at=datetime(2026, 7, 9, 0, 30, tzinfo=PARIS),
        tags=["SEO", "Sécurité", "Core Web Vitals"],
    )
    related = make_article(title="Maillage interne", body=body_of_words(100), tags=["SEO"])
    return article, related


def test_the_article_page_shows_title_date_author_and_category(client, full_article):
    article, _related = full_article
    soup = get_page(client, article.get_absolute_url())
    assert soup.find("h1").get_text(strip=True) == "Audit SEO technique"
    assert [h1.get_text() for h1 in soup.find_all("h1")] == ["Audit SEO technique"]
    time = soup.select_one(".article__header time")
    assert time.get_text(strip=True) == "9 juillet 2026"
    assert time["datetime"].startswith("2026-07-09T00:30:00")
    header = soup.select_one(".article__header")
    assert header.find("a", href="/category/referencement/").get_text(strip=True) == "Référencement"
    assert header.find("a", href="/author/claire-morel/").get_text(strip=True) == "Claire Morel"
    assert soup.find("html")["lang"] == "fr"


def test_the_article_page_shows_the_reading_time_in_french(client, full_article):
    article, related = full_article
    soup = get_page(client, article.get_absolute_url())
    assert (
        soup.select_one(".article__header .reading-time").get_text(strip=True) == f"Temps de lecture{NBSP}: 4 minutes"
    )
    # The related article's card says "1 minute", in the singular.
    related_card = soup.select_one(".related")
    assert related_card.select_one(".reading-time").get_text(strip=True) == f"Temps de lecture{NBSP}: 1 minute"
    soup = get_page(client, related.get_absolute_url())
    assert (
        soup.select_one(".article__header .reading-time").get_text(strip=True) == f"Temps de lecture{NBSP}: 1 minute"
    )


def test_the_article_page_shows_the_author_box(client, full_article):
    article, _related = full_article
    box = get_page(client, article.get_absolute_url()).select_one(".author-box")
    assert box.find(["h2", "h3"]).get_text(strip=True) == f"Qui suis-je{NBSP}?"
    assert box.find("a", href="/author/claire-morel/").get_text(strip=True) == "Claire Morel"
    assert "Consultante SEO depuis douze ans." in box.get_text()


def test_the_article_page_links_to_its_tags(client, full_article):
    article, _related = full_article
    soup = get_page(client, article.get_absolute_url())
    tag_links = {link["href"]: link.get_text(strip=True) for link in soup.select(".article__tags a")}
    assert tag_links == {
        "/tag/seo/": "#SEO",
        "/tag/securite/": "#Sécurité",
        "/tag/core-web-vitals/": "#Core Web Vitals",
    }


def test_the_article_page_shows_related_articles_on_the_same_theme(client, full_article):
    article, related = full_article
    soup = get_page(client, article.get_absolute_url())
    heading = soup.find(["h2", "h3"], string="Sur le même thème")
    section = heading.find_parent("section")
    assert [link["href"] for link in section.select(".card__title a")] == [related.get_absolute_url()]


def test_the_article_page_hides_the_related_block_when_there_is_none(client, make_article):
    soup = get_page(client, make_article(tags=["unique"]).get_absolute_url())
    assert soup.find(string="Sur le même thème") is None


def test_the_article_page_shows_the_call_to_action_from_site_settings(client, full_article):
    article, _related = full_article
    cta = get_page(client, article.get_absolute_url()).select_one(".cta")
    assert cta.find(["h2", "h3"]).get_text(strip=True) == "La lettre de Refbax"
    assert "Un e-mail par mois." in cta.get_text()
    assert cta.find("a", href="/newsletter/").get_text(strip=True) == "Je m’abonne"


def test_the_call_to_action_is_hidden_until_configured(client, make_article):
    assert get_page(client, make_article().get_absolute_url()).select_one(".cta") is None


def test_the_canonical_link_is_absolute_on_the_site_url(client, full_article):
    article, _related = full_article
    soup = get_page(client, article.get_absolute_url())
    assert soup.find("link", rel="canonical")["href"] == "https://www.refbax.example/articles/audit-seo-technique/"


def test_the_article_body_is_shown_as_html(client, make_article):
    article = make_article(body='<h2>Section</h2><p>Un <a href="https://example.com/">lien</a>.</p>')
    prose = get_page(client, article.get_absolute_url()).select_one(".prose")
    assert prose.h2.get_text() == "Section"
    assert prose.find("a", href="https://example.com/")


def test_the_cover_is_shown_with_its_alternative_text(client, make_article, make_image):
    article = make_article(cover=make_image(width=40, height=20), cover_alt="Un graphique")
    image = get_page(client, article.get_absolute_url()).select_one(".article__cover img")
    assert image["alt"] == "Un graphique"
    assert image["src"].startswith("/media/renditions/covers/")
    assert (image["width"], image["height"]) == ("40", "20")


# Drafts, scheduled articles and preview


@pytest.fixture
def hidden_articles(make_article):
    return [
        make_article(title="Brouillon", status=Article.Status.DRAFT, published_at=days_ago(2)),
        make_article(title="Programmé", published_at=timezone.now() + timedelta(days=2)),
    ]


def test_drafts_and_scheduled_articles_are_404_for_readers(client, hidden_articles):
    for article in hidden_articles:
        assert client.get(article.get_absolute_url()).status_code == 404


def test_an_unknown_article_is_a_404(client):
    assert client.get("/articles/nexiste-pas/").status_code == 404


def test_editors_can_preview_drafts_and_scheduled_articles(editor_client, hidden_articles):
    for article in hidden_articles:
        response = editor_client.get(reverse("articles:preview", args=[article.pk]))
        assert response.status_code == 200
        soup = soup_of(response)
        assert soup.find("h1").get_text(strip=True) == article.title
        assert "noindex" in soup.find("meta", attrs={"name": "robots"})["content"]
        assert "noindex" in response["X-Robots-Tag"]


def test_readers_cannot_preview(client, hidden_articles):
    for article in hidden_articles:
        response = client.get(reverse("articles:preview", args=[article.pk]))
        assert response.status_code in {302, 403}
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("admin:login"))


def test_staff_without_the_article_permission_cannot_preview(client, django_user_model, hidden_articles):
    client.force_login(django_user_model.objects.create_user("stagiaire", is_staff=True))
    assert client.get(reverse("articles:preview", args=[hidden_articles[0].pk])).status_code == 403


def test_a_staff_member_with_the_view_permission_can_preview(client, django_user_model, hidden_articles):
    user = django_user_model.objects.create_user("relectrice", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(user)
    assert client.get(reverse("articles:preview", args=[hidden_articles[0].pk])).status_code == 200


# Category, tag and author pages


@pytest.fixture
def library(make_article, make_author, make_category):
    """Published, draft and scheduled articles of two authors, two categories and two tags."""
    claire, julien = make_author(name="Claire Morel"), make_author(name="Julien Besson")
    seo, dev = make_category(name="SEO"), make_category(name="Développement")
    future = timezone.now() + timedelta(days=3)
    return {
        "seo by claire": make_article(author=claire, category=seo, tags=["python"], published_at=days_ago(1)),
        "dev by claire": make_article(author=claire, category=dev, tags=["django"], published_at=days_ago(2)),
        "dev by julien": make_article(author=julien, category=dev, tags=["python"], published_at=days_ago(3)),
        "draft": make_article(author=claire, category=seo, tags=["python"], status=Article.Status.DRAFT),
        "scheduled": make_article(author=claire, category=seo, tags=["python"], published_at=future),
        "draft only tag": make_article(author=julien, category=dev, tags=["brouillon"], status=Article.Status.DRAFT),
    }


def test_the_category_page_lists_only_its_published_articles(client, library):
    soup = get_page(client, "/category/seo/")
    assert soup.find("h1").get_text(strip=True) == "SEO"
    assert card_titles(soup) == [library["seo by claire"].title]
    assert card_titles(get_page(client, "/category/developpement/")) == [
        library["dev by claire"].title,
        library["dev by julien"].title,
    ]


def test_the_tag_page_lists_only_published_articles_with_that_tag(client, library):
    soup = get_page(client, "/tag/python/")
    assert soup.find("h1").get_text(strip=True) == "#python"
    assert card_titles(soup) == [library["seo by claire"].title, library["dev by julien"].title]


def test_the_author_page_lists_only_their_published_articles(client, library):
    soup = get_page(client, "/author/claire-morel/")
    assert soup.find("h1").get_text(strip=True) == "Claire Morel"
    assert card_titles(soup) == [library["seo by claire"].title, library["dev by claire"].title]
    assert soup.select_one(".author-box")


def test_an_unknown_tag_is_a_404(client, library):
    assert client.get("/tag/inconnu/").status_code == 404


def test_a_tag_without_any_published_article_is_a_404(client, library):
    assert client.get("/tag/brouillon/").status_code == 404


@pytest.mark.parametrize("url", ["/category/inconnue/", "/author/personne/", "/category/seo/?page=abc"])
def test_unknown_lists_and_bad_pages_are_404(client, library, url):
    assert client.get(url).status_code == 404


def test_the_header_links_to_every_category(client, library):
    nav = get_page(client, "/").select_one("nav.site-nav")
    assert [link["href"] for link in nav.find_all("a")] == ["/category/developpement/", "/category/seo/"]


# Search


@pytest.fixture
def searchable(make_article):
    return {
        "title": make_article(title="Le guide du maillage interne", body="<p>Rien.</p>"),
        "standfirst": make_article(title="Autre", standfirst="Tout sur le netlinking propre."),
        "body": make_article(title="Encore", body="<p>Les <strong>Core</strong> Web Vitals expliqués.</p>"),
        "draft": make_article(
            title="Brouillon sur le maillage", body="<p>netlinking vitals</p>", status=Article.Status.DRAFT
        ),
    }


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


# Robots, health and errors


def test_robots_txt_disallows_the_admin_and_search(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    disallowed = {
        line.split(":", 1)[1].strip() for line in response.text.splitlines() if line.lower().startswith("disallow:")
    }
    assert {"/admin/", "/search/"} <= disallowed


def test_healthz_answers_json(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content)["status"] == "ok"


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


def test_an_unknown_article_gets_the_same_404_page(client, settings):
    settings.DEBUG = False
    soup = get_page(client, "/articles/inconnu/", status=404)
    assert soup.find("h1").get_text(strip=True) == "Cette page n’existe pas (ou plus)"


def test_the_500_page_is_in_french_and_needs_no_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    soup = soup_of(response)
    assert soup.find("h1").get_text(strip=True) == "Un problème est survenu de notre côté"


# Strict front-end: first-party CSS and JS, no inline code, a strict CSP


@pytest.fixture
def reader_urls(library, searchable, full_article):
    article, _related = full_article
    return [
        "/",
        article.get_absolute_url(),
        "/category/seo/",
        "/tag/python/",
        "/author/claire-morel/",
        "/search/?q=maillage",
        "/search/",
    ]


def test_reader_pages_use_the_sites_css_and_js(client, reader_urls):
    for url in reader_urls:
        soup = get_page(client, url)
        assert soup.find("link", rel="stylesheet", href=lambda href: href.endswith("site.css")), url
        assert soup.find("script", src=lambda src: src and src.endswith("site.js")), url


def test_reader_pages_have_no_inline_script_or_style(client, reader_urls, settings):
    settings.DEBUG = False
    for url in [*reader_urls, "/nexiste-pas/"]:
        response = client.get(url)
        soup = soup_of(response)
        # JSON-LD blocks are data, never executed: the policy does not apply to them.
        for script in soup.find_all("script", type=lambda kind: kind != "application/ld+json"):
            assert script.get("src"), (url, script)
            assert not script.get_text(strip=True), (url, script)
        assert soup.find("style") is None, url
        assert soup.find(style=True) is None, url
        assert not [element for element in soup.find_all(True) if any(a.startswith("on") for a in element.attrs)]


def test_reader_pages_send_a_strict_content_security_policy(client, reader_urls):
    for url in reader_urls:
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
        assert "'unsafe-inline'" not in policy, url
        assert "'unsafe-eval'" not in policy, url
        assert directives["default-src"] == ["'self'"]
        assert "'self'" in directives["script-src"]
        assert directives["frame-ancestors"] == ["'none'"]
        assert directives["object-src"] == ["'none'"]
