"""Every write readers could see moves the site's generation, whatever path it takes; other writes do not."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, Category
from comments.models import BlockedWord, Comment
from media_library.models import MediaImage
from pagecache import changes
from pagecache.models import Generation
from redirects.models import Redirect
from site_settings.models import SiteSettings

pytestmark = pytest.mark.django_db


def generation():
    return changes.current_generation()


@pytest.fixture
def article(make_article):
    return make_article(title="Publié", tags=["seo"])


@pytest.fixture
def comment(article):
    return Comment.objects.create(article=article, author_name="Lou", author_email="l@example.org", body="Bonjour")


@pytest.mark.parametrize(
    "change",
    [
        lambda article, comment: Article.objects.filter(pk=article.pk).update(standfirst="Autre chapô"),
        lambda article, comment: Article.objects.filter(pk=article.pk).delete(),
        lambda article, comment: Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT),
        lambda article, comment: Category.objects.bulk_create([Category(name="Nouvelle", slug="nouvelle")]),
        lambda article, comment: Category.objects.filter(pk=article.category_id).update(name="Renommée"),
        lambda article, comment: Tag.objects.filter(name="seo").update(name="SEO technique"),
        lambda article, comment: article.tags.add("nouveau"),
        lambda article, comment: article.related_picks.add(Article.objects.create(**copy_of(article))),
        lambda article, comment: Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.APPROVED),
        lambda article, comment: SiteSettings.load().save(),
        lambda article, comment: raw_sql(
            "UPDATE articles_author SET bio = 'Changée par SQL' WHERE id = %s", [article.author_id]
        ),
    ],
    ids=[
        "update",
        "queryset-delete",
        "unpublish",
        "bulk-create",
        "category-rename",
        "tag-rename",
        "tag-added",
        "related-pick",
        "comment-approved-by-update",
        "site-settings",
        "raw-sql",
    ],
)
def test_a_write_readers_could_see_moves_the_generation(article, comment, change):
    before = generation()
    change(article, comment)
    assert generation() != before


@pytest.mark.parametrize(
    "change",
    [
        lambda article, comment: Article.objects.create(**copy_of(article, status=Article.Status.DRAFT)),
        lambda article, comment: Comment.objects.create(
            article=article, author_name="Robot", author_email="r@example.org", body="Spam", status="spam"
        ),
        lambda article, comment: Comment.objects.filter(pk=comment.pk).update(body="Corrigé en attente"),
        lambda article, comment: BlockedWord.objects.create(word="casino"),
        lambda article, comment: Redirect.objects.create(old_path="/ancien/", new_path="/"),
    ],
    ids=["draft-created", "spam-comment", "pending-comment-edited", "blocked-word", "redirect"],
)
def test_a_write_no_reader_sees_leaves_the_generation(article, comment, change):
    before = generation()
    change(article, comment)
    assert generation() == before


def copy_of(article, **overrides):
    fields = {
        "title": f"Copie de {article.title}",
        "standfirst": article.standfirst,
        "body": article.body,
        "author": article.author,
        "category": article.category,
        "status": article.status,
    }
    return fields | overrides


def raw_sql(statement, parameters):
    with connection.cursor() as cursor:
        cursor.execute(statement, parameters)


def test_a_library_images_new_caption_moves_the_generation(make_image):
    image = MediaImage.objects.create(file=make_image("photo.png"), alt_text="Un phare")
    before = generation()
    MediaImage.objects.filter(pk=image.pk).update(caption="Le phare de Cordouan")
    assert generation() != before


def test_a_data_migration_writing_through_historical_models_moves_the_generation(article):
    historical = MigrationExecutor(connection).loader.project_state().apps.get_model("articles", "Article")
    before = generation()
    historical.objects.filter(pk=article.pk).update(title="Titre d'une migration")
    assert generation() != before


def test_the_admins_bulk_delete_moves_the_generation(admin_client, make_article):
    doomed = [make_article(), make_article()]
    before = generation()
    response = admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "delete_selected", "_selected_action": [a.pk for a in doomed], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Article.objects.filter(pk__in=[a.pk for a in doomed]).exists()
    assert generation() != before


def test_a_moderators_correction_of_an_approved_comment_moves_the_generation(admin_client, comment):
    comment.approve()
    before = generation()
    data = {
        "author_name": comment.author_name,
        "author_email": comment.author_email,
        "author_url": "",
        "body": "Texte corrigé par la modération",
    }
    response = admin_client.post(reverse("admin:comments_comment_change", args=[comment.pk]), data)
    assert response.status_code == 302
    assert generation() != before


def test_a_change_undone_by_its_rollback_leaves_the_generation(article):
    before = generation()
    with pytest.raises(RuntimeError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(title="Jamais vu")
        raise RuntimeError
    assert generation() == before


def test_kept_values_are_computed_again_after_a_change_and_not_before(make_category):
    make_category(name="Première")
    assert [c.name for c in Category.for_navigation()] == ["Première"]
    Category.objects.filter(name="Première").update(name="Renommée en SQL")
    assert [c.name for c in Category.for_navigation()] == ["Renommée en SQL"]
    calls = []
    changes.kept("probe", lambda: calls.append(1) or "valeur")
    changes.kept("probe", lambda: calls.append(1) or "valeur")
    assert calls == [1]


def test_within_a_request_the_generation_is_read_once(django_assert_num_queries):
    with changes.request_scope(), django_assert_num_queries(1):
        assert generation() == generation()


def test_moving_by_hand_draws_a_new_epoch_so_a_restored_database_meets_no_kept_page():
    before = generation()
    changes.move()
    after = generation()
    assert after.split(".")[0] != before.split(".")[0]


def test_the_triggers_follow_the_watched_tables(monkeypatch):
    monkeypatch.delitem(changes._watched, Redirect._meta.db_table, raising=False)
    monkeypatch.setitem(changes._watched, Redirect._meta.db_table, None)
    changes.install_triggers()
    before = generation()
    Redirect.objects.create(old_path="/suivi/", new_path="/")
    assert generation() != before
    monkeypatch.delitem(changes._watched, Redirect._meta.db_table)
    changes.install_triggers()
    before = generation()
    Redirect.objects.create(old_path="/plus-suivi/", new_path="/")
    assert generation() == before


def test_a_missing_generation_row_is_made_again_by_the_next_change(article):
    Generation.objects.all().delete()
    before = generation()
    Article.objects.filter(pk=article.pk).update(title="Après la remise à zéro")
    assert generation() != before


def test_a_scheduled_article_bounds_how_long_pages_are_kept(make_article, settings):
    settings.PAGE_CACHE_SECONDS = 600
    assert changes.page_seconds(generation()) == 600
    make_article(published_at=timezone.now() + timedelta(seconds=90))
    assert 85 <= changes.page_seconds(generation()) <= 90


def test_comments_closing_by_themselves_bound_how_long_pages_are_kept(make_article, settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.COMMENTS_CLOSE_AFTER_DAYS = 30
    make_article(published_at=timezone.now() - timedelta(days=40))  # closed already
    make_article(published_at=timezone.now() - timedelta(days=30) + timedelta(seconds=120))
    assert 115 <= changes.page_seconds(generation()) <= 120


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL moves the generation at each commit")
def test_a_long_transaction_holds_up_no_other_writer_and_moves_the_generation_at_its_commit(make_article):
    first, second = make_article(), make_article()
    before = generation()
    in_transaction, finished = threading.Event(), threading.Event()

    def long_import():
        try:
            with transaction.atomic():
                Article.objects.filter(pk=first.pk).update(title="Import en cours")
                in_transaction.set()
                finished.wait(10)
        finally:
            connections.close_all()

    importer = threading.Thread(target=long_import)
    importer.start()
    try:
        assert in_transaction.wait(10)
        # Not held up by the open transaction, which has written but not committed: it commits at once.
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '2s'")
        Article.objects.filter(pk=second.pk).update(title="Modifiée pendant l'import")
        during = generation()
        assert during != before
    finally:
        finished.set()
        importer.join()
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")
    assert generation() != during
