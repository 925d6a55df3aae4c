"""The article page as readers see it, and the preview editors get of what readers cannot see yet."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.helpers import days_ago, get_page, soup_of

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


# Article page


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
