"""Articles, categories and authors as stored: slugs, a sanitized body, French typography, visibility."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Category
from pagecache.changes import GENERATION_SQL as GENERATION_QUERY
from site_settings.models import SiteSettings

pytestmark = pytest.mark.django_db

NO_BREAK_SPACES = {"\u00a0", "\u202f"}


def parse(html):
    return BeautifulSoup(html, "html.parser")


# Slugs


def test_the_slug_is_made_from_the_title_with_accents_transliterated(make_article):
    assert make_article(title="Sécurité des API").slug == "securite-des-api"


def test_ligatures_and_apostrophes_become_readable_ascii(make_article):
    article = make_article(title="Œuvres, cœur et ex æquo : l’été à Noël")
    assert article.slug == "oeuvres-coeur-et-ex-aequo-l-ete-a-noel"


def test_a_slug_clash_gets_a_numbered_suffix(make_article):
    slugs = [make_article(title="Sécurité des API").slug for _ in range(3)]
    assert slugs == ["securite-des-api", "securite-des-api-2", "securite-des-api-3"]


def test_the_slug_is_kept_when_the_title_changes_later(make_article):
    article = make_article(title="Premier titre")
    article.title = "Un tout autre titre"
    article.save()
    article.refresh_from_db()
    assert article.slug == "premier-titre"


def test_a_long_title_gets_a_slug_that_fits_even_with_a_suffix(make_article):
    title = ("Référencement " * 15)[:200]
    first, second = make_article(title=title), make_article(title=title)
    assert len(first.slug) <= 200
    assert second.slug == first.slug + "-2"
    assert len(second.slug) <= 200


def test_a_title_without_letters_still_gets_a_slug(make_article):
    assert make_article(title="!!!").slug


def test_categories_and_authors_get_slugs_from_their_names(make_category, make_author):
    assert make_category(name="Réseaux sociaux").slug == "reseaux-sociaux"
    assert make_author(name="Amélie Lefèvre").slug == "amelie-lefevre"
    assert make_author(name="Amélie Lefèvre").slug == "amelie-lefevre-2"


# Sanitized body

HOSTILE_BODY = """
<h2>Titre</h2>
<p onclick="alert(1)" style="color:red">Texte <a href="https://example.com/ok">lien sûr</a></p>
<script>alert('xss')</script>
<img src="/media/photo.png" alt="photo" onerror="alert(2)">
<img src="data:image/png;base64,iVBORw0KGgo=" alt="pixel">
<a href="javascript:alert(3)">piège</a>
<a href="JaVaScRiPt:alert(4)">piège</a>
<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCg1KTwvc2NyaXB0Pg==">piège</a>
<iframe src="https://evil.example/"></iframe>
<style>body { display: none }</style>
<svg onload="alert(6)"><circle r="4"/></svg>
<form action="https://evil.example/"><input name="password"></form>
<object data="https://evil.example/x.swf"></object>
"""


def test_the_body_is_sanitized_on_save(make_article):
    article = make_article(body=HOSTILE_BODY)
    article.refresh_from_db()
    soup = parse(article.body)

    for name in ["script", "iframe", "style", "svg", "circle", "form", "input", "object"]:
        assert soup.find(name) is None, name
    for element in soup.find_all(True):
        for attribute, value in element.attrs.items():
            assert not attribute.startswith("on"), element
            assert attribute != "style", element
            if attribute in {"href", "src"}:
                assert not value.strip().lower().startswith(("javascript:", "data:")), element
    assert "alert" not in soup.get_text()
    assert "display: none" not in soup.get_text()


def test_sanitizing_keeps_the_editors_formatting(make_article):
    article = make_article(body=HOSTILE_BODY)
    soup = parse(article.body)
    assert soup.h2.get_text() == "Titre"
    assert soup.find("a", string="lien sûr")["href"] == "https://example.com/ok"
    assert soup.find("img", alt="photo")["src"] == "/media/photo.png"


def test_the_plain_text_used_by_search_has_no_markup(make_article):
    article = make_article(body="<h2>Intro</h2><p>Premier <strong>paragraphe</strong>.</p><script>code()</script>")
    assert article.body_text.split() == ["Intro", "Premier", "paragraphe."]


# French typography


def test_french_spacing_puts_a_no_break_space_before_high_punctuation(make_article):
    article = make_article(body="<p>Pourquoi ? Parce que ! Voici : la suite ; enfin « tout » va bien.</p>")
    text = parse(article.body).p.get_text()
    for mark in ["?", "!", ":", ";"]:
        before = text[text.index(mark) - 1]
        assert before in NO_BREAK_SPACES, mark
    assert text[text.index("«") + 1] in NO_BREAK_SPACES
    assert text[text.index("»") - 1] in NO_BREAK_SPACES
    assert " ?" not in text


def test_french_spacing_applies_to_the_title_and_standfirst(make_article):
    article = make_article(title="Faut-il migrer ?", standfirst="La réponse : oui !")
    assert article.title[-2] in NO_BREAK_SPACES
    assert article.standfirst[article.standfirst.index(":") - 1] in NO_BREAK_SPACES


def test_code_blocks_keep_their_spaces(make_article):
    code = "x = a if b ? c : d ; print('ok !')"
    article = make_article(body=f"<pre><code>{code}</code></pre><p>Et <code>a ? b : c</code> ?</p>")
    soup = parse(article.body)
    assert soup.pre.code.get_text() == code
    assert soup.p.code.get_text() == "a ? b : c"
    assert soup.p.get_text().endswith("\u00a0?") or soup.p.get_text().endswith("\u202f?")


def test_saving_an_article_again_leaves_its_body_unchanged(make_article):
    article = make_article(body="<p>Il a dit « bonjour » : pourquoi ? Voilà !</p>")
    first = article.body
    article.save()
    article.save()
    article.refresh_from_db()
    assert parse(article.body).get_text() == parse(first).get_text()


# Validation


def test_a_cover_without_alternative_text_is_refused(make_article, make_image):
    article = make_article()
    article.cover = make_image()
    for alt in ["", "   "]:
        article.cover_alt = alt
        with pytest.raises(ValidationError) as error:
            article.clean()
        assert "cover_alt" in error.value.message_dict


def test_a_cover_with_alternative_text_is_accepted(make_article, make_image):
    article = make_article()
    article.cover = make_image()
    article.cover_alt = "Un graphique des visites"
    article.clean()


def test_an_article_without_cover_needs_no_alternative_text(make_article):
    make_article().clean()


# Visibility


def test_published_hides_drafts(make_article):
    make_article(status=Article.Status.DRAFT)
    assert not Article.objects.published().exists()


def test_published_hides_scheduled_articles(make_article):
    scheduled = make_article(published_at=timezone.now() + timedelta(hours=1))
    assert scheduled.is_scheduled
    assert not scheduled.is_public
    assert list(Article.objects.published()) == []


def test_a_scheduled_article_appears_once_its_date_has_passed(make_article):
    scheduled = make_article(published_at=timezone.now() + timedelta(minutes=5))
    assert list(Article.objects.published()) == []
    scheduled.published_at = timezone.now() - timedelta(seconds=1)
    scheduled.save()
    assert list(Article.objects.published()) == [scheduled]
    assert scheduled.is_public


def test_published_lists_public_articles_newest_first(make_article):
    older = make_article(published_at=timezone.now() - timedelta(days=3))
    newer = make_article(published_at=timezone.now() - timedelta(days=1))
    make_article(status=Article.Status.DRAFT, published_at=timezone.now() - timedelta(days=2))
    assert list(Article.objects.published()) == [newer, older]


def test_a_draft_with_a_past_date_is_still_a_draft(make_article):
    draft = make_article(status=Article.Status.DRAFT, published_at=timezone.now() - timedelta(days=30))
    assert not draft.is_public
    assert not draft.is_scheduled


# Names and addresses


def test_models_have_readable_names_and_addresses(make_article):
    article = make_article(title="Le guide", tags=["SEO"])
    assert str(article) == "Le guide"
    assert article.get_absolute_url() == f"/articles/{article.slug}/"
    assert str(article.category) == article.category.name
    assert article.category.get_absolute_url() == f"/category/{article.category.slug}/"
    assert str(article.author) == article.author.name
    assert article.author.get_absolute_url() == f"/author/{article.author.slug}/"
    assert "SEO" in str(article.tagged_items.get())
    assert str(SiteSettings.load())


def test_author_initials_come_from_the_first_two_words(make_author):
    assert make_author(name="Jean-Marc de la Tour").initials == "JD"


# Cached navigation


def test_navigation_categories_are_kept_until_the_site_changes(make_category):
    make_category(name="SEO")
    Category.for_navigation()
    with CaptureQueriesContext(connection) as queries:
        assert [category.name for category in Category.for_navigation()] == ["SEO"]
    # Only the site's generation is read: the categories come from the cache.
    assert [query["sql"].endswith(GENERATION_QUERY) for query in queries] == [True]


def test_saving_a_category_refreshes_the_navigation(make_category):
    seo = make_category(name="SEO", position=2)
    assert [category.name for category in Category.for_navigation()] == ["SEO"]
    make_category(name="Data", position=1)
    assert [category.name for category in Category.for_navigation()] == ["Data", "SEO"]
    seo.name = "Référencement"
    seo.save()
    assert [category.name for category in Category.for_navigation()] == ["Data", "Référencement"]
    seo.delete()
    assert [category.name for category in Category.for_navigation()] == ["Data"]
