"""The page cache serves anonymous readers, never a page of someone else's, and never a stale one."""

import re
from datetime import timedelta
from html import escape

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.sitemaps import ArticleSitemap
from comments.models import Comment
from pagecache import changes
from redirects.models import Redirect
from site_settings.models import SiteSettings

pytestmark = pytest.mark.django_db


def fetch(client, url, **extra):
    return client.get(url, **extra)


def state(response):
    return response.get("X-Page-Cache")


def csrf_token(response):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()).group(1)


def page_text(client, url):
    """The text of the page at `url`, once it answered 200: what is not in it is then truly left out."""
    response = fetch(client, url)
    assert response.status_code == 200, url
    return response.content.decode()


def post_the_comment_form(client, page, **fields):
    """Send the comment form of `page` back with `fields`, as the browser that got the page would."""
    form = BeautifulSoup(page.content, "html.parser").select_one("#respond form")
    data = {
        field["name"]: field.get("value", "") for field in form.select("input[name]") if field["type"] != "checkbox"
    }
    # The form token, fetched as comments.js does when the reader starts writing.
    data["token"] = client.get(form["data-token-url"]).json()["token"]
    return client.post(form["action"], data | fields)


def test_the_second_anonymous_reader_is_served_from_the_cache(make_article):
    article = make_article()
    assert state(fetch(Client(), article.get_absolute_url())) == "miss"
    assert state(fetch(Client(), article.get_absolute_url())) == "hit"
    assert state(fetch(Client(), "/")) == "miss"
    assert state(fetch(Client(), "/")) == "hit"


def test_an_article_page_holds_nothing_of_its_reader(make_article):
    """No CSRF token, no cookie, no form token: the same bytes for every reader, so any cache may keep it."""
    article = make_article()
    first, second = fetch(Client(), article.get_absolute_url()), fetch(Client(), article.get_absolute_url())
    assert (state(first), state(second)) == ("miss", "hit")
    assert first.content == second.content
    assert "csrfmiddlewaretoken" not in first.content.decode()
    assert not first.cookies and not second.cookies
    assert not BeautifulSoup(first.content, "html.parser").select_one("#respond input[name=token]").get("value")


def test_a_page_asking_for_a_csrf_token_gets_the_readers_own_and_is_not_kept(settings):
    settings.ROOT_URLCONF = "tests.pagecache.token_urls"
    first, second = Client(), Client()
    one, other = fetch(first, "/formulaire/"), fetch(second, "/formulaire/")
    assert (state(one), state(other)) == (None, None)  # rendered each time, never kept
    assert one["Cache-Control"] == "private, no-cache"
    assert csrf_token(one) != csrf_token(other)
    assert "csrftoken" in other.cookies  # the cookie that goes with the token


def test_a_comment_can_be_posted_from_a_cached_page_by_a_fresh_client(make_article, settings):
    settings.COMMENTS_MIN_SECONDS = 0
    article = make_article()
    fetch(Client(), article.get_absolute_url())  # fills the cache
    reader = Client(enforce_csrf_checks=True)
    page = fetch(reader, article.get_absolute_url())
    assert state(page) == "hit"
    response = post_the_comment_form(
        reader, page, author_name="Lou", author_email="lou@example.org", body="Depuis le cache."
    )
    assert response.status_code == 302
    assert Comment.objects.get().body == "Depuis le cache."


def test_an_approved_comment_is_visible_to_the_next_reader(make_article):
    article = make_article()
    comment = Comment.objects.create(article=article, author_name="Lou", author_email="l@example.org", body="Salut")
    assert "Salut" not in page_text(Client(), article.get_absolute_url())
    comment.approve()
    response = fetch(Client(), article.get_absolute_url())
    assert state(response) == "miss"
    assert "Salut" in response.content.decode()
    comment.remove()
    assert "Salut" not in page_text(Client(), article.get_absolute_url())


@pytest.mark.parametrize(
    "change",
    [
        lambda article: setattr(article, "title", "Un titre tout neuf") or article.save(),
        lambda article: article.author.__class__.objects.filter(pk=article.author.pk).first().save(),
        lambda article: article.category.save(),
        lambda article: article.tags.add("nouveau"),
        lambda article: SiteSettings.load().save(),
    ],
    ids=["article", "author", "category", "tags", "site-settings"],
)
def test_any_change_readers_could_see_renders_pages_afresh(make_article, change):
    article = make_article()
    fetch(Client(), article.get_absolute_url())
    fetch(Client(), "/")
    change(article)
    assert state(fetch(Client(), article.get_absolute_url())) == "miss"
    assert state(fetch(Client(), "/")) == "miss"


def test_unpublishing_removes_the_article_from_cached_lists_at_once(make_article):
    article = make_article(title="Bientôt retiré")
    assert "Bientôt retiré" in page_text(Client(), "/")
    article.status = Article.Status.DRAFT
    article.save()
    assert "Bientôt retiré" not in page_text(Client(), "/")
    assert fetch(Client(), article.get_absolute_url()).status_code == 404


def test_a_scheduled_article_appears_when_due_without_any_change(make_article, clock, settings):
    settings.PAGE_CACHE_SECONDS = 600
    make_article(title="Déjà là")
    due = make_article(title="Au rendez-vous", published_at=timezone.now() + timedelta(minutes=2))
    assert "Au rendez-vous" not in page_text(Client(), "/")
    # Until the article is due, the page stays kept; nothing is written in between.
    clock.advance_to(due.published_at - timedelta(seconds=5))
    assert state(fetch(Client(), "/")) == "hit"
    # The page was kept no longer than the time left before the scheduled publication.
    clock.advance_to(due.published_at + timedelta(seconds=1))
    response = fetch(Client(), "/")
    assert (response.status_code, state(response)) == (200, "miss")
    assert "Au rendez-vous" in response.content.decode()


def test_logged_in_editors_get_a_page_of_their_own(make_article, editor):
    article = make_article()
    fetch(Client(), article.get_absolute_url())
    client = Client()
    client.force_login(editor)
    response = fetch(client, article.get_absolute_url())
    assert state(response) is None
    assert "private" in response["Cache-Control"]


def test_a_commenters_remembered_name_is_never_stored_for_others(make_article, settings):
    settings.COMMENTS_MIN_SECONDS = 0
    article = make_article()
    commenter = Client()
    page = fetch(commenter, article.get_absolute_url())
    posted = post_the_comment_form(
        commenter, page, author_name="Camille Secrète", author_email="c@example.org", body="Bonjour", remember="on"
    )
    assert posted.status_code == 302
    own_page = fetch(commenter, article.get_absolute_url())
    assert "Camille Secrète" in own_page.content.decode()  # the form is filled in for them
    assert state(own_page) is None
    assert "Camille Secrète" not in page_text(Client(), article.get_absolute_url())


def test_a_page_with_a_message_is_never_stored(make_article, settings):
    settings.COMMENTS_MIN_SECONDS = 0
    article = make_article()
    reader = Client()
    page = fetch(reader, article.get_absolute_url())
    posted = post_the_comment_form(reader, page, author_name="Lou", author_email="l@example.org", body="En attente")
    assert posted.status_code == 302
    with_message = fetch(reader, article.get_absolute_url())
    assert "modération" in with_message.content.decode()
    assert "modération" not in page_text(Client(), article.get_absolute_url())


def test_a_form_with_errors_is_never_stored(make_article):
    article = make_article()
    response = Client().post(
        reverse("comments:post", args=[article.pk]), {"author_name": "Erreur visible", "body": ""}
    )
    # The reader who sent it gets the form back, with what they typed and why it was refused.
    assert response.status_code == 400
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select_one("#id_author_name")["value"] == "Erreur visible"
    assert page.select_one("#id_body_error").get_text(strip=True)
    assert "Erreur visible" not in page_text(Client(), article.get_absolute_url())


def test_a_preview_is_never_stored(make_article, editor):
    draft = make_article(status=Article.Status.DRAFT, title="Brouillon secret")
    client = Client()
    client.force_login(editor)
    assert fetch(client, reverse("articles:preview", args=[draft.pk])).status_code == 200
    assert fetch(Client(), reverse("articles:preview", args=[draft.pk])).status_code == 302
    assert "Brouillon secret" not in page_text(Client(), "/")


def test_the_reply_form_under_a_comment_is_not_cached(make_article):
    article = make_article()
    comment = Comment.objects.create(
        article=article, author_name="Lou", author_email="l@example.org", body="Salut", status="approved"
    )
    url = f"{article.get_absolute_url()}?reply={comment.pk}"
    assert state(fetch(Client(), url)) is None
    assert state(fetch(Client(), url)) is None


def test_unknown_parameters_share_the_cached_page_and_cannot_fill_the_cache(make_article):
    article = make_article()
    fetch(Client(), article.get_absolute_url())
    for number in range(5):
        assert state(fetch(Client(), f"{article.get_absolute_url()}?utm_source=x{number}&fbclid={number}")) == "hit"


def test_pages_and_searches_are_cached_apart(make_article):
    for number in range(12):
        make_article(title=f"Article {number}")
    first, second = fetch(Client(), "/"), fetch(Client(), "/?page=2")
    assert first.content != second.content
    assert state(fetch(Client(), "/?page=2")) == "hit"
    assert fetch(Client(), "/?page=abc").status_code == 404
    one, other = fetch(Client(), "/search/?q=Article"), fetch(Client(), "/search/?q=rien")
    assert one.content != other.content


def test_conditional_requests_get_304(make_article):
    fetch(Client(), "/")
    response = fetch(Client(), "/")
    assert fetch(Client(), "/", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    assert fetch(Client(), "/", HTTP_IF_NONE_MATCH='W/"autre"').status_code == 200


def test_shared_proxies_may_keep_every_anonymous_page_briefly(make_article, settings):
    settings.PAGE_CACHE_PROXY_SECONDS = 15
    article = make_article()
    for url in ["/", article.get_absolute_url(), "/feed/"]:
        for expected in ["miss", "hit"]:
            response = fetch(Client(), url)
            assert state(response) == expected
            assert response["Cache-Control"] == "public, max-age=0, s-maxage=15, stale-while-revalidate=60"
            assert response["Vary"] == "Cookie"


def test_headers_of_the_page_survive_the_cache(make_article):
    make_article()
    for _ in range(2):
        response = fetch(Client(), "/sitemap.xml")
    assert state(response) == "hit"
    assert "noindex" in response["X-Robots-Tag"]
    assert response["Content-Type"].startswith("application/xml")


def test_readers_with_a_page_of_their_own_see_changes_at_once_too(make_article):
    """Their pages are rendered afresh around fragments shared by all readers; those follow changes."""
    article = make_article(title="Premier titre")
    reader = Client()
    reader.cookies[settings.COMMENTS_COOKIE_NAME] = "anything"  # a page of one's own
    assert "Premier titre" in fetch(reader, article.get_absolute_url()).content.decode()
    article.title = "Titre corrigé"
    article.save()
    comment = Comment.objects.create(article=article, author_name="Lou", author_email="l@example.org", body="Bravo")
    comment.approve()
    page = fetch(reader, article.get_absolute_url()).content.decode()
    assert "Titre corrigé" in page
    assert "Bravo" in page


def test_the_form_fields_kept_for_all_never_hide_a_readers_own_values(make_article):
    article = make_article()
    fetch(Client(), article.get_absolute_url())  # the blank form's fields are rendered once and kept
    response = Client().post(
        reverse("comments:post", args=[article.pk]),
        {"author_name": "Valeur gardée", "author_email": "pas-une-adresse", "body": "Mon texte à moi"},
    )
    page = BeautifulSoup(response.content, "html.parser")
    assert response.status_code == 400
    assert page.select_one("#id_author_name")["value"] == "Valeur gardée"
    assert page.select_one("#id_body").get_text().strip() == "Mon texte à moi"
    assert page.select_one("#id_author_email")["aria-invalid"] == "true"
    blank = BeautifulSoup(fetch(Client(), article.get_absolute_url()).content, "html.parser")
    assert not blank.select_one("#id_author_name").get("value")
    assert not blank.select("[aria-invalid]")


def test_a_deploy_renders_pages_afresh(make_article, monkeypatch):
    article = make_article()
    fetch(Client(), article.get_absolute_url())
    assert state(fetch(Client(), article.get_absolute_url())) == "hit"
    monkeypatch.setattr(changes, "release", lambda: "the-next-release")
    assert state(fetch(Client(), article.get_absolute_url())) == "miss"


def test_the_release_changes_with_any_template_code_or_static_file(settings, tmp_path):
    settings.BASE_DIR = tmp_path
    settings.STATIC_ROOT = tmp_path / "static"
    (tmp_path / "templates").mkdir()
    (tmp_path / "static").mkdir()
    template = tmp_path / "templates" / "page.html"
    manifest = tmp_path / "static" / "staticfiles.json"
    releases = []
    for template_text, manifest_text in [("v1", "{}"), ("v2", "{}"), ("v2", '{"paths": {}}')]:
        template.write_text(template_text)
        manifest.write_text(manifest_text)
        changes.release.cache_clear()
        releases.append(changes.release())
    changes.release.cache_clear()
    assert len(set(releases)) == 3


def test_a_forged_host_is_refused_even_when_the_page_is_kept(make_article):
    fetch(Client(), "/")
    assert state(fetch(Client(), "/")) == "hit"
    for host in ["attacker.example", "127.0.0.1.attacker.example", "localhost:8000@attacker.example"]:
        assert fetch(Client(), "/", HTTP_HOST=host).status_code == 400


def test_a_wordpress_id_link_is_redirected_while_the_home_page_is_kept(make_article):
    article = make_article()
    Redirect.objects.create(old_path="/?p=12", new_path=article.get_absolute_url())
    fetch(Client(), "/")
    assert state(fetch(Client(), "/")) == "hit"
    for url in ["/?p=12", "/?p=12&utm_source=x"]:
        response = fetch(Client(), url)
        assert (response.status_code, response["Location"]) == (301, article.get_absolute_url())
    # An id with no redirect is the home page: the parameter is no page's, and is left out of the key.
    assert state(fetch(Client(), "/?p=13")) == "hit"


def test_each_page_of_a_sitemap_is_kept_apart(make_article, monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    articles = [make_article() for _ in range(3)]
    first, second = fetch(Client(), "/sitemap-articles.xml"), fetch(Client(), "/sitemap-articles.xml?p=2")
    assert (first.status_code, second.status_code) == (200, 200)
    assert articles[2].slug not in first.content.decode()
    assert articles[2].slug in second.content.decode()
    again = fetch(Client(), "/sitemap-articles.xml?p=2")
    assert (state(again), again.content) == ("hit", second.content)
    assert fetch(Client(), "/sitemap-articles.xml?p=3").status_code == 404


def test_search_pages_are_kept_within_a_budget_and_never_push_out_the_site(make_article, settings):
    settings.PAGE_CACHE_SEARCH_PAGES = 3
    make_article(title="Un article sur le référencement")
    fetch(Client(), "/")
    words = [f"mot{number}" for number in range(10)]
    for word in words:
        fetch(Client(), f"/search/?q={word}")
    kept = [word for word in words if state(fetch(Client(), f"/search/?q={word}")) == "hit"]
    assert kept == words[:3]
    assert state(fetch(Client(), "/")) == "hit"


def test_a_text_shaped_like_the_token_field_is_never_replaced(make_article):
    """Readers' text is never taken for the place of a token, in the article or in a comment."""
    lookalike = '<input type="hidden" name="csrfmiddlewaretoken" value="__refbax_csrf_token__">'
    article = make_article(body=f"<p>Exemple de formulaire :</p><pre><code>{escape(lookalike)}</code></pre>")
    Comment.objects.create(
        article=article, author_name="Lou", author_email="l@example.org", body=lookalike, status="approved"
    )
    fetch(Client(), article.get_absolute_url())
    page = fetch(Client(), article.get_absolute_url())
    assert state(page) == "hit"
    soup = BeautifulSoup(page.content, "html.parser")
    assert soup.select_one("pre code").get_text() == lookalike
    assert soup.select_one(".comment__text").get_text().strip() == lookalike
    assert soup.select('input[name="csrfmiddlewaretoken"]') == []


@pytest.mark.parametrize("url", ["/", "/robots.txt", "/feed/", "/sitemap.xml", "/search/?q=article"])
def test_head_is_answered_like_get(make_article, url):
    make_article(title="Un article")
    got = fetch(Client(), url)
    head = Client().head(url)
    assert (head.status_code, head["ETag"], head["Content-Type"]) == (200, got["ETag"], got["Content-Type"])
    assert head.content == b""
    assert state(head) == "hit"


def test_the_article_page_answers_head(make_article):
    article = make_article()
    assert Client().head(article.get_absolute_url()).status_code == 200
