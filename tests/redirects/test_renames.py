"""Renames never break a link: the old address answers 301, chains collapse, bodies follow."""

import pytest
from django.db import connection
from taggit.models import Tag

from articles.models import Article
from newsroom.models import ArticleRevision
from redirects.models import Redirect
from redirects.renames import rewrite_body, rewrite_links

pytestmark = pytest.mark.django_db


def redirects():
    return dict(Redirect.objects.values_list("old_path", "new_path"))


def rename(instance, slug):
    instance.slug = slug
    instance.save()


def test_renaming_a_published_article_redirects_its_old_address_at_once(client, make_article):
    article = make_article(slug="ancien-titre")
    assert client.get("/articles/ancien-titre/").status_code == 200
    rename(article, "nouveau-titre")
    response = client.get("/articles/ancien-titre/")
    assert response.status_code == 301
    assert response["Location"] == "/articles/nouveau-titre/"
    assert client.get("/articles/nouveau-titre/").status_code == 200


def test_a_rename_by_queryset_update_or_raw_sql_is_redirected_too(make_article):
    article = make_article(slug="premier")
    Article.objects.filter(pk=article.pk).update(slug="second")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE articles_article SET slug = 'troisieme' WHERE id = %s", [article.pk])
    assert redirects() == {"/articles/premier/": "/articles/troisieme/", "/articles/second/": "/articles/troisieme/"}


def test_chains_collapse(make_article):
    article = make_article(slug="a")
    rename(article, "b")
    rename(article, "c")
    assert redirects() == {"/articles/a/": "/articles/c/", "/articles/b/": "/articles/c/"}


def test_renaming_back_removes_the_loop(client, make_article):
    article = make_article(slug="a")
    rename(article, "b")
    rename(article, "a")
    assert redirects() == {"/articles/b/": "/articles/a/"}
    assert client.get("/articles/a/").status_code == 200
    assert client.get("/articles/b/")["Location"] == "/articles/a/"


def test_drafts_record_no_redirect_since_nobody_has_their_address(make_article):
    article = make_article(slug="brouillon", status=Article.Status.DRAFT)
    rename(article, "brouillon-renomme")
    assert redirects() == {}


def test_saving_without_a_rename_records_nothing(make_article):
    article = make_article(slug="stable")
    article.title = "Un autre titre"
    article.save()
    assert redirects() == {}


def test_categories_tags_and_authors_are_redirected_when_renamed(client, make_article):
    article = make_article(tags=["Référencement"])
    tag = Tag.objects.get()
    category, author = article.category, article.author
    rename(category, "nouvelle-rubrique")
    rename(tag, "seo")
    rename(author, "nouvelle-plume")
    old_tag = [path for path in redirects() if path.startswith("/tag/")][0]
    assert redirects()[old_tag] == "/tag/seo/"
    assert client.get(old_tag)["Location"] == "/tag/seo/"
    assert "/category/nouvelle-rubrique/" in redirects().values()
    assert "/author/nouvelle-plume/" in redirects().values()


def test_the_feeds_of_a_renamed_tag_follow_it(client, make_article):
    make_article(tags=["Référencement"])
    tag = Tag.objects.get()
    old = f"/tag/{tag.slug}/"
    rename(tag, "seo")
    assert client.get(f"{old}feed/")["Location"] == "/tag/seo/feed/"
    assert client.get(f"{old}feed/atom/")["Location"] == "/tag/seo/feed/atom/"
    assert client.get("/tag/inconnue/feed/").status_code == 404


def test_a_redirect_never_hides_the_page_now_at_its_old_address(client, make_article):
    article = make_article(slug="a")
    rename(article, "b")
    make_article(slug="a", title="Un autre article à l’ancienne adresse")
    assert client.get("/articles/a/").status_code == 200


# Links inside bodies


def test_internal_links_to_a_renamed_article_are_rewritten_with_a_revision(make_article, commit):
    target = make_article(slug="guide-seo")
    linking = make_article(
        body='<p>Lisez <a href="/articles/guide-seo/#plan">le guide</a> et '
        '<a href="http://127.0.0.1:8000/articles/guide-seo/?utm_source=x">encore</a>.</p>'
    )
    untouched = make_article(body='<p><a href="/articles/guide-seo-2/">un autre</a></p>')
    commit(rename, target, "guide-du-referencement")
    linking.refresh_from_db()
    assert 'href="/articles/guide-du-referencement/#plan"' in linking.body
    assert 'href="/articles/guide-du-referencement/?utm_source=x"' in linking.body
    assert ArticleRevision.objects.filter(article=linking).count() == 1
    untouched.refresh_from_db()
    assert 'href="/articles/guide-seo-2/"' in untouched.body
    assert not Redirect.objects.filter(links_to_rewrite=True).exists()


def test_renames_made_by_update_are_followed_by_the_next_pass(make_article):
    target = make_article(slug="ancien")
    linking = make_article(body='<p><a href="/articles/ancien">lien</a></p>')
    Article.objects.filter(pk=target.pk).update(slug="nouveau")
    assert rewrite_links() == 1
    linking.refresh_from_db()
    assert 'href="/articles/nouveau/"' in linking.body
    assert rewrite_links() == 0


def test_links_to_other_sites_and_other_paths_stay_as_they_are():
    body = (
        '<p><a href="https://ailleurs.example/articles/a/">x</a> <a href="/articles/ab/">y</a> '
        '<a href="mailto:a@example.com">z</a></p>'
    )
    assert rewrite_body(body, {"/articles/a/": "/articles/b/"}) == body
