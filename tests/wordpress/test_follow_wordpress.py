"""import_wordpress run again follows WordPress: what it took away from readers goes here too; exports never mix."""

import pytest

from articles.models import Article
from redirects.models import Redirect
from tests.helpers import WORDPRESS_SITE, article_of, author, french, item, report_rows, run_import, write_export, wxr
from wordpress import reader
from wordpress.importer import Importer
from wordpress.models import ImportedItem

pytestmark = pytest.mark.django_db


def export_with(tmp_path, status="publish", name="export.xml", **fields):
    return write_export(
        tmp_path,
        wxr(item(1, "Un article", slug="un-article", status=status, **fields), authors=[author("alice")]),
        name,
    )


def redirects_to(article):
    return sorted(Redirect.objects.filter(new_path=article.get_absolute_url()).values_list("old_path", flat=True))


def test_a_post_trashed_in_wordpress_is_unpublished_and_its_redirects_removed(tmp_path, client):
    run_import(export_with(tmp_path))
    article = article_of(1)
    assert article.is_public
    assert redirects_to(article) == ["/2019/05/un-article/", "/?p=1"]
    stdout, _stderr = run_import(export_with(tmp_path, "trash", "later.xml"))
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert redirects_to(article) == []
    assert client.get("/?p=1").status_code == 200  # the home page: no redirect any more
    assert client.get(article.get_absolute_url()).status_code == 404
    assert report_rows(stdout)["articles"] == ["0", "1", "0", "0"]
    assert french("« Un article » (id 1) : dans la corbeille de WordPress : dépublié dans Refbax") in stdout
    assert (
        french("2 redirections retirées : elles menaient à des articles que les lecteurs ne peuvent plus voir.")
        in stdout
    )


@pytest.mark.parametrize(
    ("status", "refbax_status"),
    [("draft", Article.Status.DRAFT), ("private", Article.Status.DRAFT), ("pending", Article.Status.IN_REVIEW)],
)
def test_a_post_made_private_draft_or_pending_in_wordpress_leaves_the_readers(tmp_path, client, status, refbax_status):
    run_import(export_with(tmp_path))
    run_import(export_with(tmp_path, status, "later.xml"))
    article = article_of(1)
    assert article.status == refbax_status
    assert not article.is_public
    assert redirects_to(article) == []
    assert client.get("/2019/05/un-article/").status_code == 404


def test_what_wordpress_hid_is_hidden_even_after_an_edit_in_refbax_whose_text_is_kept(tmp_path):
    run_import(export_with(tmp_path))
    article = article_of(1)
    article.title = "Titre revu dans Refbax"
    article.save()
    stdout, _stderr = run_import(export_with(tmp_path, "private", "later.xml", content="Changé dans WordPress."))
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article.title == "Titre revu dans Refbax"
    assert "Changé" not in article.body
    assert french("n’est plus public dans WordPress (private) : dépublié dans Refbax") in stdout
    # The edit still counts as one: the next change in WordPress does not overwrite it.
    stdout, _stderr = run_import(export_with(tmp_path, "publish", "again.xml", content="Encore changé."))
    assert article_of(1).title == "Titre revu dans Refbax"


def test_drafts_private_and_scheduled_posts_get_no_public_redirect(tmp_path, client):
    export = wxr(
        item(1, "Brouillon", slug="brouillon", status="draft"),
        item(2, "Privé", slug="prive", status="private"),
        item(3, "Programmé", slug="programme", status="future", date_gmt="2099-01-01 07:00:00"),
        item(4, "Protégé", slug="protege", password="secret"),
        authors=[author("alice")],
    )
    stdout, _stderr = run_import(write_export(tmp_path, export))
    for wp_id in (1, 2, 3, 4):
        assert redirects_to(article_of(wp_id)) == []
        assert client.get(f"/?p={wp_id}").status_code == 200  # the home page, not a redirect
    assert french("1 article programmé n’a pas encore de redirection depuis ses anciennes adresses") in stdout


def test_a_trashed_post_never_imported_is_reported_and_counted(tmp_path):
    stdout, _stderr = run_import(export_with(tmp_path, "trash"))
    assert not Article.objects.exists()
    assert report_rows(stdout)["articles"] == ["0", "0", "0", "1"]
    assert french("Articles et pages laissés de côté, par statut WordPress : corbeille 1.") in stdout


# The import key


def no_address_export(tmp_path, name, title, *items):
    text = wxr(*items, authors=[author("alice")], site="", title=title)
    return write_export(tmp_path, text.replace("<wp:base_site_url></wp:base_site_url>", ""), name)


def test_two_exports_without_a_site_address_live_side_by_side(tmp_path):
    first = no_address_export(tmp_path, "a.xml", "Blog A", item(1, "Article de A", slug="a"))
    second = no_address_export(tmp_path, "b.xml", "Blog B", item(1, "Article de B", slug="b"))
    stdout, _stderr = run_import(first)
    assert french("sans adresse de site : clé « Blog A · ") in stdout
    stdout, _stderr = run_import(second)
    assert report_rows(stdout)["articles"] == ["1", "0", "0", "0"]  # imported, not "updated" over A's
    assert sorted(Article.objects.values_list("title", flat=True)) == ["Article de A", "Article de B"]
    assert ImportedItem.objects.filter(kind="post", wp_id="1").count() == 2
    # The same file again finds its own articles.
    stdout, _stderr = run_import(first)
    assert report_rows(stdout)["articles"] == ["0", "0", "1", "0"]


def test_two_exports_with_one_title_but_other_posts_do_not_mix(tmp_path):
    first = no_address_export(tmp_path, "a.xml", "Mon blog", item(1, "Premier blog", slug="a", link=""))
    second = no_address_export(
        tmp_path, "b.xml", "Mon blog", item(1, "Second blog", slug="b", link=f"{WORDPRESS_SITE}/x")
    )
    second.write_text(second.read_text().replace(f"{WORDPRESS_SITE}/?p=1</guid>", "https://autre.example/?p=1</guid>"))
    run_import(first)
    run_import(second)
    assert Article.objects.count() == 2


def test_posts_imported_by_an_earlier_release_are_not_taken_for_changed(tmp_path):
    export = export_with(tmp_path)
    run_import(export)
    importer = Importer(export)
    importer.index = reader.read_index(export)
    earlier = importer._legacy_fingerprint(next(reader.read_items(export)))  # the digest the release before kept
    ImportedItem.objects.filter(kind="post", wp_id="1").update(fingerprint=earlier)
    stdout, _stderr = run_import(export)
    assert report_rows(stdout)["articles"] == ["0", "0", "1", "0"]
    assert ImportedItem.objects.get(kind="post", wp_id="1").fingerprint != earlier  # the new digest kept
