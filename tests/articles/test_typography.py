"""French typography everywhere readers read: one function, on save for articles, through `french` elsewhere."""

import pytest
from django.template import Context, Template

from articles.typography import apply_french_spacing, french_typography
from site_settings.models import SiteSettings
from tests.helpers import get_page
from tests.helpers.comments import make_comment

NBSP = "\u00a0"


def render(source, **context):
    return Template("{% load french %}" + source).render(Context(context))


def test_a_typed_apostrophe_between_letters_becomes_curly():
    assert apply_french_spacing("L'été, aujourd'hui") == "L’été, aujourd’hui"


def test_quotes_around_words_and_code_keep_their_straight_marks():
    html = french_typography("<p>Il a dit 'non' ; <code>print('l'a')</code></p>")
    assert "'non'" in html
    assert "<code>print('l'a')</code>" in html
    assert f"{NBSP};" in html


def test_attributes_are_never_changed():
    html = french_typography('<p><a href="/l\'article/?a=1" title="Quoi ?">l\'article</a></p>')
    assert 'href="/l\'article/?a=1"' in html
    assert 'title="Quoi ?"' in html
    assert ">l’article</a>" in html


def test_the_function_is_idempotent():
    text = "« Pourquoi ? » dit-elle : c'est ça !"
    once = apply_french_spacing(text)
    assert apply_french_spacing(once) == once
    assert once == f"«{NBSP}Pourquoi{NBSP}?{NBSP}» dit-elle{NBSP}: c’est ça{NBSP}!"


def test_the_filter_escapes_plain_text_before_its_typography():
    html = render("{{ text|french }}", text="<b>L'été</b> ?")
    assert html == f"&lt;b&gt;L’été&lt;/b&gt;{NBSP}?"


def test_the_filter_keeps_the_tags_of_safe_html():
    html = render("{{ text|linebreaksbr|french }}", text="Vraiment ?\nOui !")
    assert html == f"Vraiment{NBSP}?<br>Oui{NBSP}!"


def test_the_filter_leaves_empty_values_alone():
    assert render("[{{ text|french }}]", text="") == "[]"
    assert render("[{{ text|french }}]", text=None) == "[None]"


@pytest.mark.django_db
def test_article_bodies_get_curly_apostrophes_on_save(make_article):
    article = make_article(title="L'API d'aujourd'hui", body="<p>C'est l'heure.</p>")
    assert article.title == "L’API d’aujourd’hui"
    assert "C’est l’heure." in article.body


@pytest.mark.django_db
def test_comments_get_french_typography(client, make_article):
    article = make_article()
    comment = make_comment(article, body="Vraiment ? C'est « génial » !\nVoir https://example.com/a?b=1")
    text = get_page(client, article.get_absolute_url()).find(id=f"comment-{comment.pk}")
    body = text.select_one(".comment__text").get_text()
    assert f"Vraiment{NBSP}?" in body
    assert f"«{NBSP}génial{NBSP}»{NBSP}!" in body
    assert "C’est" in body
    assert text.select_one(".comment__text a")["href"] == "https://example.com/a?b=1"


@pytest.mark.django_db
def test_author_bios_and_category_descriptions_get_french_typography(client, make_article, make_author, make_category):
    author = make_author(bio="Je m'occupe du SEO : vraiment !")
    category = make_category(description="Tout sur l'API ; enfin « presque ».")
    make_article(author=author, category=category)

    bio = get_page(client, author.get_absolute_url()).select_one(".list-header--author")
    assert f"Je m’occupe du SEO{NBSP}: vraiment{NBSP}!" in bio.get_text()
    intro = get_page(client, category.get_absolute_url()).select_one(".list-header__intro")
    assert intro.get_text() == f"Tout sur l’API{NBSP}; enfin «{NBSP}presque{NBSP}»."


@pytest.mark.django_db
def test_site_settings_and_the_call_to_action_get_french_typography(client, make_article):
    settings_row = SiteSettings.load()
    settings_row.tagline = "Le blog qu'on lit : vraiment"
    settings_row.cta_title = "Envie d'en savoir plus ?"
    settings_row.cta_text = "Notre lettre : chaque mois !"
    settings_row.cta_label = "Je m'abonne"
    settings_row.cta_url = "https://example.com/lettre"
    settings_row.save()
    article = make_article()

    soup = get_page(client, article.get_absolute_url())
    assert soup.select_one(".site-tagline").get_text() == f"Le blog qu’on lit{NBSP}: vraiment"
    cta = soup.select_one(".cta")
    assert cta.h2.get_text() == f"Envie d’en savoir plus{NBSP}?"
    assert f"Notre lettre{NBSP}: chaque mois{NBSP}!" in cta.get_text()
    assert cta.a.get_text() == "Je m’abonne"
