"""Revisions: every save keeps one; the admin lists them, shows what changed between two, restores one."""

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from newsroom.models import ArticleRevision
from newsroom.revisions import Block, Segment, block_diff, compare, word_diff
from tests.helpers import change_url, errors_of, form_values, item, run_import, soup_of, write_export, wxr

pytestmark = pytest.mark.django_db

Status = Article.Status


def revisions_url(article):
    return reverse("admin:articles_article_revisions", args=[article.pk])


def compare_url(article, **params):
    query = "&".join(f"{name}={value}" for name, value in params.items())
    return reverse("admin:articles_article_revision_compare", args=[article.pk]) + (f"?{query}" if query else "")


def restore_url(article, revision):
    return reverse("admin:articles_article_revision_restore", args=[article.pk, revision.pk])


def save_in_admin(client, article, **changes):
    data = form_values(client.get(change_url(article)), "article_form")
    response = client.post(change_url(article), {**data, "_save": "Enregistrer", **changes})
    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    return response


@pytest.fixture
def article(make_article):
    """An article whose history starts like the admin's: a first revision of its current state."""
    article = make_article(
        title="Le guide du référencement",
        standfirst="Tout pour bien commencer.",
        body="<p>Premier paragraphe.</p><p>Deuxième paragraphe sur les balises.</p><p>Troisième paragraphe.</p>",
        tags=["SEO", "balises"],
    )
    ArticleRevision.objects.record(article)
    return article


# Kept at each save


def test_every_save_in_the_admin_keeps_a_revision_of_who_and_what(editor_client, editor, article):
    save_in_admin(editor_client, article, title="Le guide complet du référencement")
    revision = article.revisions.first()
    assert article.revisions.count() == 2
    assert revision.user == editor
    assert revision.version == article.version
    assert revision.title == "Le guide complet du référencement"
    assert revision.changed_fields == ["title"]
    assert revision.tags == ["balises", "SEO"]
    assert revision.status == Status.PUBLISHED


def test_a_new_article_starts_its_history(editor_client, make_author, make_category):
    url = reverse("admin:articles_article_add")
    data = form_values(editor_client.get(url), "article_form")
    response = editor_client.post(
        url,
        {
            **data,
            "title": "Tout neuf",
            "standfirst": "Chapô",
            "body": "<p>Texte</p>",
            "author": make_author().pk,
            "category": make_category().pk,
            "tags": "Django",
            "status": Status.DRAFT,
        },
    )
    assert response.status_code == 302, errors_of(response)
    revision = ArticleRevision.objects.get()
    assert (revision.title, revision.tags, revision.status) == ("Tout neuf", ["Django"], Status.DRAFT)
    assert revision.changed_fields == list(ArticleRevision.FIELDS)


def test_a_revision_keeps_the_tags_as_saved_with_the_article(editor_client, article):
    save_in_admin(editor_client, article, tags="SEO, Python")
    revision = article.revisions.first()
    assert revision.tags == ["Python", "SEO"]
    assert revision.changed_fields == ["tags"]


def test_a_save_that_changes_none_of_the_kept_fields_says_so(editor_client, article):
    save_in_admin(editor_client, article, seo_title="Un titre pour Google")
    assert article.revisions.first().changed_fields == []


def test_a_wordpress_import_starts_the_history_of_what_it_imports(tmp_path):
    run_import(write_export(tmp_path, wxr(item(70), item(71))))
    assert ArticleRevision.objects.count() == Article.objects.count() == 2
    assert all(revision.user is None for revision in ArticleRevision.objects.all())


# Listed and compared


def test_the_change_form_links_to_the_revisions(editor_client, article):
    soup = soup_of(editor_client.get(change_url(article)))
    assert soup.find("a", href=revisions_url(article))


def test_the_revisions_are_listed_newest_first_with_who_and_what(editor_client, article):
    save_in_admin(editor_client, article, title="Nouveau titre")
    save_in_admin(editor_client, article, standfirst="Nouveau chapô.")
    soup = soup_of(editor_client.get(revisions_url(article)))
    rows = soup.select("#revisions tbody tr")
    assert [row["id"] for row in rows] == [f"revision-{revision.pk}" for revision in article.revisions.all()]
    assert "editrice" in rows[0].get_text()
    # The newest is the current text: nothing to restore; the others have their button.
    assert rows[0].find("form") is None
    assert rows[1].find("form")["action"] == restore_url(article, article.revisions.all()[1])


def test_the_comparison_shows_what_was_deleted_and_inserted_word_by_word(editor_client, article):
    older = article.revisions.get()
    save_in_admin(
        editor_client,
        article,
        title="Le guide complet du référencement",
        body="<p>Premier paragraphe.</p><p>Deuxième paragraphe sur les liens.</p><p>Troisième paragraphe.</p>",
    )
    newer = article.revisions.first()
    response = editor_client.get(compare_url(article, **{"from": older.pk, "to": newer.pk}))
    assert response.status_code == 200
    soup = soup_of(response)
    title = soup.find(id="diff-title")
    assert [ins.get_text() for ins in title.find_all("ins")] == ["complet "]
    assert title.find("del") is None
    body = soup.find(id="diff-body")
    assert [tag.get_text() for tag in body.select("del, ins")] == ["balises", "liens"]
    assert soup.find(id="diff-tags").find("ins") is None  # tags unchanged


def test_the_comparison_defaults_to_the_latest_revision_and_the_one_before(editor_client, article):
    save_in_admin(editor_client, article, title="Titre suivant")
    response = editor_client.get(compare_url(article))
    assert response.context["newer"] == article.revisions.first()
    assert response.context["older"] == article.revisions.last()


def test_the_comparison_shows_markup_as_text_never_as_markup(editor_client, article):
    article.title = "<script>alert(1)</script> et <b>gras</b>"
    article.save()
    ArticleRevision.objects.record(article)
    soup = soup_of(editor_client.get(compare_url(article)))
    assert soup.find(id="diff-title").find("script") is None
    assert "<script>alert(1)</script>" in soup.find(id="diff-title").get_text()


def test_revisions_of_another_article_cannot_be_compared(editor_client, article, make_article):
    other = make_article()
    foreign = ArticleRevision.objects.record(other)
    assert editor_client.get(compare_url(article, to=foreign.pk)).status_code == 404
    assert editor_client.get(compare_url(article, **{"from": foreign.pk})).status_code == 404
    assert editor_client.get(compare_url(article, to="1;DROP")).status_code == 404


def test_word_diff_groups_neighbouring_changes():
    assert word_diff("un petit chat noir", "un gros chien noir") == (
        Segment("equal", "un "),
        Segment("delete", "petit chat"),
        Segment("insert", "gros chien"),
        Segment("equal", " noir"),
    )


def test_block_diff_folds_unchanged_paragraphs_far_from_changes():
    old = [f"Paragraphe {number}." for number in range(10)]
    new = [*old[:8], "Paragraphe huit.", old[9]]
    blocks = block_diff(old, new)
    assert blocks[0] == Block("fold", folded=7)
    assert [block.kind for block in blocks[1:]] == ["equal", "changed", "equal"]


def test_a_paragraph_replaced_by_an_unrelated_one_shows_as_removed_and_added():
    blocks = block_diff(["Rien à voir."], ["Un texte entièrement différent, plus long."])
    assert [block.kind for block in blocks] == ["delete", "insert"]


def test_a_change_of_markup_alone_is_told_apart(article):
    older = article.revisions.get()
    article.body = article.body.replace(
        "<p>Troisième paragraphe.</p>", "<p><strong>Troisième</strong> paragraphe.</p>"
    )
    article.save()
    newer = ArticleRevision.objects.record(article)
    body = next(diff for diff in compare(older, newer) if diff.name == "body")
    assert body.changed and body.markup_only


# Restored


def test_a_revision_is_restored_in_one_click_as_a_new_revision(editor_client, editor, article):
    original = article.revisions.get()
    save_in_admin(editor_client, article, title="Titre raté", standfirst="Chapô raté.", tags="Raté")
    version = article.version
    response = editor_client.post(restore_url(article, original))
    assert response.status_code == 302
    assert response["Location"] == change_url(article)
    article.refresh_from_db()
    assert (article.title, article.standfirst) == ("Le guide du référencement", "Tout pour bien commencer.")
    assert sorted(article.tags.names()) == ["SEO", "balises"]
    assert article.version == version + 1
    restore = article.revisions.first()
    assert article.revisions.count() == 3
    assert (restore.restored_from, restore.user) == (original, editor)
    assert set(restore.changed_fields) == {"title", "standfirst", "tags"}


def test_a_restore_keeps_the_current_status(editor_client, article):
    draft_revision = article.revisions.get()
    ArticleRevision.objects.filter(pk=draft_revision.pk).update(status=Status.DRAFT)
    editor_client.post(restore_url(article, draft_revision))
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED


def test_restoring_a_revision_of_another_article_is_refused_and_changes_nothing(editor_client, article, make_article):
    other = make_article(title="Un autre article")
    foreign = ArticleRevision.objects.record(other)
    version = article.version
    response = editor_client.post(restore_url(article, foreign))
    assert response.status_code == 302
    assert response["Location"] == revisions_url(article)
    assert [message.level_tag for message in get_messages(response.wsgi_request)] == ["error"]
    article.refresh_from_db()
    assert (article.title, article.version) == ("Le guide du référencement", version)
    assert article.revisions.count() == 1
    assert other.revisions.count() == 1


def test_a_restore_takes_a_post(editor_client, article):
    assert editor_client.get(restore_url(article, article.revisions.get())).status_code == 405


def test_a_writer_restores_only_in_their_own_draft(writer_client, writer, make_article):
    own = make_article(title="Premier jet", status=Status.DRAFT, author=writer.author_profile)
    first = ArticleRevision.objects.record(own)
    own.title = "Second jet"
    own.save()
    ArticleRevision.objects.record(own)
    assert writer_client.post(restore_url(own, first)).status_code == 302
    own.refresh_from_db()
    assert own.title == "Premier jet"


# Thousands of revisions


def count_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return context.captured_queries


@pytest.mark.usefixtures("uncached_pages")  # counted as rendered, not as served from the page cache
def test_the_reader_page_never_reads_the_revisions(client, article):
    without_history = count_queries(client, article.get_absolute_url())
    ArticleRevision.objects.bulk_create(
        ArticleRevision(article=article, version=number, title="t", status=article.status) for number in range(50)
    )
    queries = count_queries(client, article.get_absolute_url())
    assert len(queries) == len(without_history) > 0
    assert not any("articlerevision" in query["sql"] for query in queries)


@pytest.mark.usefixtures("uncached_pages")  # counted as rendered, not as served from the page cache
def test_ten_thousand_revisions_do_not_slow_the_article_pages(client, editor_client, article):
    short = {
        "reader": len(count_queries(client, article.get_absolute_url())),
        "change form": len(count_queries(editor_client, change_url(article))),
        "revisions": len(count_queries(editor_client, revisions_url(article))),
    }
    # The same article with 10,000 revisions more.
    ArticleRevision.objects.bulk_create(
        ArticleRevision(article=article, version=number, title="t", status=article.status)
        for number in range(2, 10_002)
    )
    reader_queries = count_queries(client, article.get_absolute_url())
    assert not any("articlerevision" in query["sql"] for query in reader_queries)
    assert len(reader_queries) == short["reader"] > 0
    assert len(count_queries(editor_client, change_url(article))) == short["change form"]
    revisions = count_queries(editor_client, revisions_url(article))
    assert len(revisions) == short["revisions"]
    # The history is paged, and never reads the bodies.
    listing = next(
        q["sql"] for q in revisions if 'FROM "articles_articlerevision"' in q["sql"] and "LIMIT" in q["sql"]
    )
    assert '"articles_articlerevision"."body"' not in listing
