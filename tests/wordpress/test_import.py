"""import_wordpress, what is imported: writers, statuses and dates, categories and tags, comments, markup."""

from datetime import UTC, datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model

from articles.models import Article, Author, Category
from comments.models import Comment
from comments.throttle import ip_hash
from tests.helpers import article_of, body_of, french, item, report_rows, run_import, write_export, wxr
from wordpress.models import ImportedItem

pytestmark = pytest.mark.django_db


def test_writers_become_author_profiles_with_inactive_accounts_that_cannot_log_in(imported):
    alice = Author.objects.get(name="Alice Martin")
    assert alice.user.username == "alice"
    assert alice.user.email == "alice@example.com"
    assert (alice.user.first_name, alice.user.last_name) == ("Alice", "Martin")
    assert not alice.user.is_active
    assert not alice.user.has_usable_password()
    assert get_user_model().objects.get(username="bob").email == ""  # not an address: not kept
    assert french("Comptes inactifs sans mot de passe créés pour les auteurs : 2") in imported
    assert article_of(16).author.name == "Bob"


def test_statuses_and_dates_follow_wordpress(imported):
    published = article_of(10)
    assert published.status == Article.Status.PUBLISHED
    assert published.published_at == datetime(2019, 5, 2, 8, 30, tzinfo=UTC)  # the GMT field
    assert published.is_public
    assert article_of(11).is_scheduled
    assert article_of(11).published_at == datetime(2099, 1, 1, 7, 0, tzinfo=UTC)
    for wp_id in (12, 14):
        assert article_of(wp_id).status == Article.Status.DRAFT
    assert article_of(13).status == Article.Status.IN_REVIEW  # "pending": awaiting review in WordPress too
    # A draft has no GMT date: its local date is Paris time (UTC+2 in July).
    assert article_of(12).published_at == datetime(2020, 7, 1, 10, 0, tzinfo=UTC)
    assert french("« Privé » (id 14) : privé dans WordPress : importé comme brouillon") in imported


@pytest.mark.django_db
def test_the_content_date_is_when_wordpress_last_changed_the_post_not_the_import(tmp_path):
    export = write_export(tmp_path, wxr(item(70, modified_gmt="2021-03-04 05:06:07", tags=[("seo", "SEO")])))
    run_import(export)
    imported = Article.objects.get(slug="article-70")
    assert imported.content_changed_at == datetime(2021, 3, 4, 5, 6, 7, tzinfo=UTC)


def test_trashed_posts_and_other_item_types_are_left_out_and_counted(imported):
    assert not ImportedItem.objects.filter(wp_id__in=["17", "18", "40"], kind="post").exists()
    assert french("« À la corbeille » (id 17) : dans la corbeille de WordPress : non importé") in imported
    assert french("Articles et pages laissés de côté, par statut WordPress : corbeille 1.") in imported
    assert french("Éléments d’autres types, non importés : nav_menu_item 1.") in imported


def test_sticky_posts_are_featured_and_closed_comments_stay_closed(imported):
    assert article_of(10).featured
    assert not article_of(16).featured
    assert not article_of(15).comments_open
    assert article_of(10).comments_open


def test_pages_become_articles_in_a_pages_category(imported):
    page = article_of(15)
    assert page.category.name == "Pages"
    assert page.slug == "a-propos"


def test_excerpt_becomes_the_standfirst_or_the_text_starts_it(imported):
    assert article_of(10).standfirst == "Tout sur les API cet été."
    assert article_of(19).standfirst == "Écrit avec l’éditeur de blocs. x < y"


def test_a_percent_encoded_non_ascii_slug_is_decoded_and_transliterated(imported):
    assert article_of(10).slug == "lete-des-api"


def test_a_draft_without_slug_gets_one_from_its_title(imported):
    assert article_of(12).slug == "brouillon"
    assert "pas de slug" not in imported  # normal for a WordPress draft: not reported


def test_sub_categories_become_tags_and_their_posts_go_to_the_top_category(imported):
    summer = article_of(10)
    assert summer.category.name == "Développement"
    assert set(summer.tags.names()) == {"API", "Django", "Référencement"}  # a second category is a tag too
    assert not Category.objects.filter(name="Django").exists()
    assert set(Category.objects.values_list("name", flat=True)) >= {"Développement", "Référencement", "Pages"}
    assert (
        french("Sous-catégories devenues des étiquettes (leurs articles sont dans la catégorie de tête) : Django.")
        in imported
    )


def test_threaded_comments_keep_their_shape_states_and_authors(imported):
    comments = {
        int(record.wp_id): Comment.objects.get(pk=record.object_id)
        for record in ImportedItem.objects.filter(kind="comment")
    }
    assert set(comments) == {100, 101, 102, 103, 104, 105, 108}  # pingback and trackback skipped
    assert comments[101].parent == comments[100]
    assert comments[102].parent == comments[101]
    assert comments[103].parent == comments[102]
    assert comments[103].depth == 3
    assert comments[103].body == "Troisième niveau mon site (https://zoe.example)"
    assert comments[100].author_name == "Zoé"
    assert comments[100].created_at == datetime(2019, 5, 3, 10, 0, tzinfo=UTC)
    states = {wp_id: comment.status for wp_id, comment in comments.items()}
    assert states == {
        100: "approved", 101: "approved", 102: "approved", 103: "pending", 104: "spam", 105: "removed", 108: "approved"
    }  # fmt: skip
    assert article_of(10).comment_count == 4


def test_a_reply_to_a_missing_comment_becomes_top_level_and_is_reported(imported):
    orphan = Comment.objects.get(body="Orphelin")
    assert orphan.parent is None
    assert (
        french("commentaire de Lectrice (id 108) sur « L’été des API » (id 10) : répond au commentaire 999")
        in imported
    )


def test_comment_addresses_are_kept_only_as_keyed_hashes(imported):
    first = Comment.objects.get(body="Premier !")
    assert first.ip_hash == ip_hash("203.0.113.7")
    assert "203.0.113.7" not in str(Comment.objects.values_list())


def test_pingbacks_and_trackbacks_are_skipped_and_counted(imported):
    assert report_rows(imported)["rétroliens"] == ["0", "0", "0", "2"]


def test_unusual_markup_comes_out_as_clean_html(imported):
    body = body_of(16)
    nested = body.select("ul > li > ul > li")
    assert [li.get_text(strip=True) for li in nested] == ["Second niveau"]
    assert [cell.get_text() for cell in body.select("table td")] == ["Django", "0 €"]
    code_blocks = [pre.get_text() for pre in body.select("pre")]
    assert 'def hello():\n    return "<b>"' in code_blocks
    assert "ligne 1\n\nligne [gallery] 3" in code_blocks  # a shortcode shown in code stays as written
    figures = body.find_all("figure")
    assert figures[0].img["alt"] == "Un chat"
    assert figures[0].figcaption.get_text(strip=True) == "Le chat du bureau"
    assert [figure.img["alt"] for figure in figures[1:]] == ["Un chat roux", "Chien"]  # the gallery
    assert figures[2].figcaption.get_text() == "Le chien"
    # Links other than the missing image's (which the next test is about).
    links = [a["href"] for a in body.find_all("a") if "/wp-content/" not in a["href"]]
    assert links == ["https://vimeo.com/123", "https://www.youtube.com/watch?v=abc"]
    assert "contact-form-7" not in body.get_text()
    assert "code court [contact-form-7] retiré" in imported
    assert not body.select("[class], [style], script, iframe")  # the editor's allow-list applied


def test_block_editor_content_loses_its_comments_and_keeps_its_paragraphs(imported):
    body = article_of(19).body
    assert "wp:" not in body
    assert BeautifulSoup(body, "html.parser").p.get_text() == "Écrit avec l’éditeur de blocs."
