"""import_wordpress run again, idempotently, and every old address of the WordPress site kept."""

import pytest
from django.contrib.auth import get_user_model
from taggit.models import Tag

from articles.models import Article, Author, Category
from comments.models import Comment
from redirects.models import Redirect
from tests.helpers import (
    article_of,
    author,
    blog,
    comment,
    files_in,
    french,
    item,
    report_rows,
    run_import,
    write_export,
    wxr,
)
from wordpress.models import ImportedItem

pytestmark = pytest.mark.django_db


# Running it again


def snapshot():
    return {
        "articles": list(Article.objects.order_by("pk").values_list("pk", "slug", "updated_at", "content_changed_at")),
        "comments": list(Comment.objects.order_by("pk").values_list("pk", "status", "parent_id")),
        "authors": Author.objects.count(),
        "categories": Category.objects.count(),
        "tags": Tag.objects.count(),
        "redirects": list(Redirect.objects.values_list("old_path", "new_path")),
        "users": get_user_model().objects.count(),
    }


def test_a_second_run_changes_nothing(export, uploads, imported, media_root):
    before, files_before = snapshot(), files_in(media_root)
    stdout, _stderr = run_import(export, "--uploads", str(uploads))
    assert snapshot() == before
    assert files_in(media_root) == files_before
    rows = report_rows(stdout)
    assert rows["articles"] == ["0", "0", "7", "1"]  # imported, updated, unchanged, skipped (the trashed one)
    assert rows["commentaires"] == ["0", "0", "7", "0"]


def test_a_run_after_new_posts_imports_only_those(tmp_path, uploads, imported):
    before = snapshot()
    new_post = item(20, "Nouveau", slug="nouveau", comments=[comment(200, "Tout neuf")])
    stdout, _stderr = run_import(write_export(tmp_path, blog(new_post), "later.xml"), "--uploads", str(uploads))
    after = snapshot()
    assert len(after["articles"]) == len(before["articles"]) + 1
    assert after["articles"][:-1] == before["articles"]
    assert article_of(20).comments.get().body == "Tout neuf"
    assert report_rows(stdout)["articles"] == ["1", "0", "7", "1"]


def test_a_post_changed_in_wordpress_is_updated_unless_an_editor_changed_it_in_refbax(tmp_path, imported):
    editor_edited = article_of(13)
    editor_edited.title = "Titre revu dans Refbax"
    editor_edited.save()
    changed = blog().replace("Un paragraphe.", "Un paragraphe corrigé.")
    stdout, _stderr = run_import(write_export(tmp_path, changed, "changed.xml"))
    assert article_of(10).body == "<p>Un paragraphe corrigé.</p>"
    assert article_of(11).body == "<p>Un paragraphe corrigé.</p>"
    assert article_of(13).title == "Titre revu dans Refbax"
    assert "corrigé" not in article_of(13).body
    assert (
        french(
            "« En relecture » (id 13) : modifié dans WordPress mais aussi dans Refbax : le texte de Refbax est gardé"
        )
        in stdout
    )


def test_two_wordpress_sites_never_mix_their_ids(tmp_path, imported):
    other = wxr(item(10, "Autre blog", slug="autre"), site="https://autre.example.org", authors=[author("alice")])
    run_import(write_export(tmp_path, other, "other.xml"))
    records = ImportedItem.objects.filter(wp_id="10", kind="post")
    assert sorted(records.values_list("site", flat=True)) == ["ancien.example.com", "autre.example.org"]
    titles = Article.objects.filter(pk__in=records.values("object_id")).values_list("title", flat=True)
    assert sorted(titles) == ["Autre blog", "L’été des API"]


# Old addresses


def test_the_old_permalink_and_the_post_id_answer_with_301_to_the_new_page(client, imported):
    new_url = article_of(10).get_absolute_url()
    for old in ["/2019/05/l%c3%a9t%c3%a9-des-api/", "/2019/05/lété-des-api", "/?p=10"]:
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == new_url
    assert client.get(new_url).status_code == 200


def test_pages_answer_to_their_permalink_and_page_id(client, imported):
    new_url = article_of(15).get_absolute_url()
    assert client.get("/a-propos/")["Location"] == new_url
    assert client.get("/?page_id=15")["Location"] == new_url


def test_category_tag_and_author_addresses_of_wordpress_lead_to_their_new_pages(client, imported):
    assert client.get("/category/developpement/django/")["Location"] == "/tag/django/"
    assert client.get("/author/alice/")["Location"] == Author.objects.get(name="Alice Martin").get_absolute_url()
    assert client.get("/category/seo/").status_code == 200  # the same address in both: nothing to redirect


def test_the_old_feed_address_still_serves_the_feed(client, imported):
    Redirect.objects.create(old_path="/feed/", new_path="/ailleurs/")  # even a stray redirect cannot hide it
    response = client.get("/feed/")
    assert response.status_code == 200
    assert "xml" in response["Content-Type"]
