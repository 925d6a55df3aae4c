"""import_wordpress: a WordPress export brought in whole, idempotently, every old address kept."""

import io
from datetime import UTC, datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError, OutputWrapper
from django.db import DatabaseError
from taggit.models import Tag

from articles.models import Article, Author, Category
from comments.models import Comment
from comments.throttle import ip_hash
from redirects.models import Redirect
from tests.conftest import image_bytes
from tests.wxr_helpers import (
    SITE,
    attachment,
    author,
    category,
    comment,
    item,
    run_import,
    tag,
    write_export,
    wxr,
)
from wordpress.importer import Importer
from wordpress.management.commands.import_wordpress import Progress
from wordpress.models import ImportedItem

pytestmark = pytest.mark.django_db

UNUSUAL_MARKUP = """Une liste imbriquée :

<ul>
<li>Premier niveau
<ul>
<li>Second niveau</li>
</ul>
</li>
</ul>

<table>
<tr><th>Outil</th><th>Prix</th></tr>
<tr><td>Django</td><td>0 €</td></tr>
</table>

[python]def hello():
    return "<b>"[/python]

<pre>ligne 1

ligne [gallery] 3</pre>

[caption id="attachment_40" align="aligncenter" width="300"]<img
 src="https://ancien.example.com/wp-content/uploads/2020/01/chat.png" alt="Un chat" width="40" height="30" />
 Le chat du bureau[/caption]

[gallery ids="40,41"]

[embed]https://vimeo.com/123[/embed]

https://www.youtube.com/watch?v=abc

[contact-form-7 id="12" title="Contact"]

<img src="https://ancien.example.com/wp-content/uploads/2020/01/absent.png" alt="Perdue">"""

BLOCK_CONTENT = """<!-- wp:paragraph -->
<p>Écrit avec l’éditeur de blocs.</p>
<!-- /wp:paragraph -->

<!-- wp:code -->
<pre class="wp-block-code"><code>x &lt; y</code></pre>
<!-- /wp:code -->"""


def blog(*extra_items):
    """A ten-year-old blog in miniature: each kind and state the import must handle."""
    return wxr(
        item(
            10,
            "L’été des API",
            slug="l%c3%a9t%c3%a9-des-api",
            excerpt="Tout sur les API cet été.",
            categories=[("django", "Django"), ("seo", "Référencement")],
            tags=[("api", "API")],
            sticky=True,
            meta={"_thumbnail_id": "40"},
            comments=[
                comment(100, "Premier !", author="Zoé", ip="203.0.113.7"),
                comment(101, "Réponse", parent=100),
                comment(102, "Réponse à la réponse", parent=101),
                comment(103, 'Troisième niveau <a href="https://zoe.example">mon site</a>', parent=102, approved="0"),
                comment(104, "Achetez", approved="spam"),
                comment(105, "Effacé", approved="trash"),
                comment(106, "Lien", comment_type="pingback"),
                comment(107, "Rétrolien", comment_type="trackback"),
                comment(108, "Orphelin", parent=999),
            ],
        ),
        item(11, "Programmé", slug="programme", status="future", date_gmt="2099-01-01 07:00:00"),
        item(12, "Brouillon", slug="", status="draft", date="2020-07-01 12:00:00", date_gmt="0000-00-00 00:00:00"),
        item(13, "En relecture", slug="en-relecture", status="pending"),
        item(14, "Privé", slug="prive", status="private"),
        item(15, "À propos", slug="a-propos", post_type="page", link=f"{SITE}/a-propos/", comment_status="closed"),
        item(16, "Balisage inhabituel", slug="balisage", content=UNUSUAL_MARKUP, creator="bob"),
        item(17, "À la corbeille", slug="corbeille", status="trash"),
        item(18, "Menu", post_type="nav_menu_item"),
        item(19, "Blocs", slug="blocs", content=BLOCK_CONTENT),
        attachment(40, "2020/01/chat.png", alt="Un chat roux", parent=10),
        attachment(41, "2020/01/chien.png", title="Chien", caption="Le chien"),
        *extra_items,
        authors=[
            author("alice", "Alice Martin", "alice@example.com", "Alice", "Martin"),
            author("bob", "Bob", "pas-un-email"),
        ],
        categories=[
            category("developpement", "Développement", term_id=2),
            category("django", "Django", parent="developpement", term_id=3),
            category("seo", "Référencement", term_id=4),
        ],
        tags=[tag("api", "API")],
    )


@pytest.fixture
def uploads(tmp_path):
    """A copy of wp-content/uploads with the blog's two images."""
    folder = tmp_path / "uploads"
    (folder / "2020" / "01").mkdir(parents=True)
    (folder / "2020" / "01" / "chat.png").write_bytes(image_bytes(40, 30))
    (folder / "2020" / "01" / "chien.png").write_bytes(image_bytes(20, 20))
    return folder


@pytest.fixture
def export(tmp_path):
    return write_export(tmp_path, blog())


@pytest.fixture
def imported(export, uploads):
    """The blog imported with its uploads: the report's text."""
    stdout, _stderr = run_import(export, "--uploads", str(uploads))
    return stdout


def article(wp_id):
    return Article.objects.get(pk=ImportedItem.objects.get(kind="post", wp_id=str(wp_id)).object_id)


def body_of(wp_id):
    return BeautifulSoup(article(wp_id).body, "html.parser")


def files_in(folder):
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())


# What is imported


def test_writers_become_author_profiles_with_inactive_accounts_that_cannot_log_in(imported):
    alice = Author.objects.get(name="Alice Martin")
    assert alice.user.username == "alice"
    assert alice.user.email == "alice@example.com"
    assert (alice.user.first_name, alice.user.last_name) == ("Alice", "Martin")
    assert not alice.user.is_active
    assert not alice.user.has_usable_password()
    assert get_user_model().objects.get(username="bob").email == ""  # not an address: not kept
    assert "Inactive accounts without password made for writers: 2" in imported
    assert article(16).author.name == "Bob"


def test_statuses_and_dates_follow_wordpress(imported):
    published = article(10)
    assert published.status == Article.Status.PUBLISHED
    assert published.published_at == datetime(2019, 5, 2, 8, 30, tzinfo=UTC)  # the GMT field
    assert published.is_public
    assert article(11).is_scheduled
    assert article(11).published_at == datetime(2099, 1, 1, 7, 0, tzinfo=UTC)
    for wp_id in (12, 14):
        assert article(wp_id).status == Article.Status.DRAFT
    assert article(13).status == Article.Status.IN_REVIEW  # "pending": awaiting review in WordPress too
    # A draft has no GMT date: its local date is Paris time (UTC+2 in July).
    assert article(12).published_at == datetime(2020, 7, 1, 10, 0, tzinfo=UTC)
    assert "“Privé” (id 14): private in WordPress: imported as a draft" in imported


@pytest.mark.django_db
def test_the_content_date_is_when_wordpress_last_changed_the_post_not_the_import(tmp_path):
    export = write_export(tmp_path, wxr(item(70, modified_gmt="2021-03-04 05:06:07", tags=[("seo", "SEO")])))
    run_import(export)
    imported = Article.objects.get(slug="article-70")
    assert imported.content_changed_at == datetime(2021, 3, 4, 5, 6, 7, tzinfo=UTC)


def test_trashed_posts_and_other_item_types_are_left_out_and_counted(imported):
    assert not ImportedItem.objects.filter(wp_id__in=["17", "18", "40"], kind="post").exists()
    assert "“À la corbeille” (id 17): in the WordPress trash: not imported" in imported
    assert "Items of other types, not imported: nav_menu_item 1." in imported


def test_sticky_posts_are_featured_and_closed_comments_stay_closed(imported):
    assert article(10).featured
    assert not article(16).featured
    assert not article(15).comments_open
    assert article(10).comments_open


def test_pages_become_articles_in_a_pages_category(imported):
    page = article(15)
    assert page.category.name == "Pages"
    assert page.slug == "a-propos"


def test_excerpt_becomes_the_standfirst_or_the_text_starts_it(imported):
    assert article(10).standfirst == "Tout sur les API cet été."
    assert article(19).standfirst == "Écrit avec l’éditeur de blocs. x < y"


def test_a_percent_encoded_non_ascii_slug_is_decoded_and_transliterated(imported):
    assert article(10).slug == "lete-des-api"


def test_a_draft_without_slug_gets_one_from_its_title(imported):
    assert article(12).slug == "brouillon"
    assert "no slug" not in imported  # normal for a WordPress draft: not reported


def test_sub_categories_become_tags_and_their_posts_go_to_the_top_category(imported):
    summer = article(10)
    assert summer.category.name == "Développement"
    assert set(summer.tags.names()) == {"API", "Django", "Référencement"}  # a second category is a tag too
    assert not Category.objects.filter(name="Django").exists()
    assert set(Category.objects.values_list("name", flat=True)) >= {"Développement", "Référencement", "Pages"}
    assert "Sub-categories made into tags (their posts are in the top category): Django." in imported


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
    assert article(10).comment_count == 4


def test_a_reply_to_a_missing_comment_becomes_top_level_and_is_reported(imported):
    orphan = Comment.objects.get(body="Orphelin")
    assert orphan.parent is None
    assert "comment by Lectrice (id 108) on “L’été des API” (id 10): replies to comment 999" in imported


def test_comment_addresses_are_kept_only_as_keyed_hashes(imported):
    first = Comment.objects.get(body="Premier !")
    assert first.ip_hash == ip_hash("203.0.113.7")
    assert "203.0.113.7" not in str(Comment.objects.values_list())


def test_pingbacks_and_trackbacks_are_skipped_and_counted(imported):
    line = next(line for line in imported.splitlines() if "pingbacks and trackbacks" in line)
    assert line.split()[-4:] == ["0", "0", "0", "2"]


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
    assert "shortcode [contact-form-7] removed" in imported
    assert not body.select("[class], [style], script, iframe")  # the editor's allow-list applied


def test_block_editor_content_loses_its_comments_and_keeps_its_paragraphs(imported):
    body = article(19).body
    assert "wp:" not in body
    assert BeautifulSoup(body, "html.parser").p.get_text() == "Écrit avec l’éditeur de blocs."


# Images


def test_the_featured_image_becomes_the_cover_with_its_alt_text_and_renditions(imported, media_root):
    summer = article(10)
    assert summer.cover.name.startswith("covers/")
    assert summer.cover_alt == "Un chat roux"
    assert (summer.cover_width, summer.cover_height) == (40, 30)
    assert summer.cover_renditions["images"]


def test_images_in_the_body_are_copied_and_their_addresses_rewritten(imported, media_root):
    sources = [img["src"] for img in body_of(16).find_all("img")]
    assert sources[:3] == ["/media/wordpress/2020/01/chat.png"] * 2 + ["/media/wordpress/2020/01/chien.png"]
    assert (media_root / "wordpress" / "2020" / "01" / "chat.png").read_bytes() == image_bytes(40, 30)
    assert Redirect.objects.get(old_path="/wp-content/uploads/2020/01/chat.png").new_path == sources[0]


def test_a_missing_image_is_left_as_a_link_and_reported(imported):
    # Bodies show only the site's own images (articles/sanitize.py): another site's becomes a link to it.
    assert body_of(16).find("a", string="Perdue")["href"] == f"{SITE}/wp-content/uploads/2020/01/absent.png"
    assert body_of(16).find("img", alt="Perdue") is None
    assert "image “2020/01/absent.png” is not in the uploads folder" in imported


def test_without_uploads_images_stay_where_they_were_and_the_report_says_so(export, media_root):
    stdout, _stderr = run_import(export)
    assert not article(10).cover
    assert body_of(16).find("a", href=f"{SITE}/wp-content/uploads/2020/01/chat.png") is not None
    assert body_of(16).img is None  # links to the old site's images, never images from it
    assert "were not copied: give the uploads folder with --uploads" in stdout
    assert not media_root.exists() or not files_in(media_root)


@pytest.mark.parametrize("attached_file", ["../secret.png", "/etc/passwd", "2020/../../secret.png"])
def test_an_attached_file_outside_the_uploads_folder_is_refused(tmp_path, uploads, media_root, attached_file):
    (tmp_path / "secret.png").write_bytes(image_bytes())
    export = write_export(
        tmp_path,
        wxr(item(1, "Piège", meta={"_thumbnail_id": "2"}), attachment(2, attached_file), authors=[author("alice")]),
    )
    stdout, _stderr = run_import(export, "--uploads", str(uploads))
    assert not article(1).cover
    assert "leads out of the uploads folder: refused" in stdout


def test_a_symbolic_link_in_the_uploads_folder_is_not_followed(tmp_path, uploads, media_root):
    (tmp_path / "secret.png").write_bytes(image_bytes())
    (uploads / "2020" / "01" / "lien.png").symlink_to(tmp_path / "secret.png")
    content = '<img src="https://ancien.example.com/wp-content/uploads/2020/01/lien.png" alt="">'
    export = write_export(tmp_path, wxr(item(1, "Piège", content=content), authors=[author("alice")]))
    stdout, _stderr = run_import(export, "--uploads", str(uploads))
    assert "lien.png" in body_of(1).a["href"] and body_of(1).a["href"].startswith("https://")
    assert "image “2020/01/lien.png” leads out of the uploads folder: refused" in stdout


def test_a_file_that_is_not_an_image_is_refused_like_an_upload(tmp_path, uploads):
    (uploads / "2020" / "01" / "faux.png").write_text("<script>alert(1)</script>")
    export = write_export(
        tmp_path,
        wxr(
            item(1, "Faux", meta={"_thumbnail_id": "2"}), attachment(2, "2020/01/faux.png"), authors=[author("alice")]
        ),
    )
    stdout, _stderr = run_import(export, "--uploads", str(uploads))
    assert not article(1).cover
    assert "featured image “2020/01/faux.png”: " in stdout  # then validate_image_upload's own message


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
    rows = {line.split()[0]: line.split()[-4:] for line in stdout.splitlines()[2:] if line.startswith("  ")}
    assert rows["posts"] == ["0", "0", "7", "1"]  # imported, updated, unchanged, skipped (the trashed one)
    assert rows["comments"] == ["0", "0", "7", "0"]


def test_a_run_after_new_posts_imports_only_those(tmp_path, uploads, imported):
    before = snapshot()
    new_post = item(20, "Nouveau", slug="nouveau", comments=[comment(200, "Tout neuf")])
    stdout, _stderr = run_import(write_export(tmp_path, blog(new_post), "later.xml"), "--uploads", str(uploads))
    after = snapshot()
    assert len(after["articles"]) == len(before["articles"]) + 1
    assert after["articles"][:-1] == before["articles"]
    assert article(20).comments.get().body == "Tout neuf"
    rows = {line.split()[0]: line.split()[-4:] for line in stdout.splitlines()[2:] if line.startswith("  ")}
    assert rows["posts"] == ["1", "0", "7", "1"]


def test_a_post_changed_in_wordpress_is_updated_unless_an_editor_changed_it_in_refbax(tmp_path, imported):
    editor_edited = article(13)
    editor_edited.title = "Titre revu dans Refbax"
    editor_edited.save()
    changed = blog().replace("Un paragraphe.", "Un paragraphe corrigé.")
    stdout, _stderr = run_import(write_export(tmp_path, changed, "changed.xml"))
    assert article(10).body == "<p>Un paragraphe corrigé.</p>"
    assert article(11).body == "<p>Un paragraphe corrigé.</p>"
    assert article(13).title == "Titre revu dans Refbax"
    assert "corrigé" not in article(13).body
    assert "“En relecture” (id 13): changed in WordPress but also edited in Refbax: the Refbax text is kept" in stdout


def test_two_wordpress_sites_never_mix_their_ids(tmp_path, imported):
    other = wxr(item(10, "Autre blog", slug="autre"), site="https://autre.example.org", authors=[author("alice")])
    run_import(write_export(tmp_path, other, "other.xml"))
    records = ImportedItem.objects.filter(wp_id="10", kind="post")
    assert sorted(records.values_list("site", flat=True)) == ["ancien.example.com", "autre.example.org"]
    titles = Article.objects.filter(pk__in=records.values("object_id")).values_list("title", flat=True)
    assert sorted(titles) == ["Autre blog", "L’été des API"]


# Old addresses


def test_the_old_permalink_and_the_post_id_answer_with_301_to_the_new_page(client, imported):
    new_url = article(10).get_absolute_url()
    for old in ["/2019/05/l%c3%a9t%c3%a9-des-api/", "/2019/05/lété-des-api", "/?p=10"]:
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == new_url
    assert client.get(new_url).status_code == 200


def test_pages_answer_to_their_permalink_and_page_id(client, imported):
    new_url = article(15).get_absolute_url()
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


# Dry run and transactions


def test_a_dry_run_prints_the_report_and_writes_nothing(export, uploads, media_root):
    stdout, _stderr = run_import(export, "--uploads", str(uploads), "--dry-run")
    assert "Dry run: all of the above was rolled back; nothing was written." in stdout
    assert "posts" in stdout and "private in WordPress" in stdout
    assert not Article.objects.exists()
    assert not Author.objects.exists()
    assert not Redirect.objects.exists()
    assert not ImportedItem.objects.exists()
    assert not get_user_model().objects.exists()
    assert files_in(media_root) == []


def test_a_failed_import_leaves_no_row_and_no_file(export, uploads, media_root, monkeypatch):
    def fail(self, item, article):
        raise DatabaseError("disk full")

    monkeypatch.setattr(Importer, "_comments", fail)
    with pytest.raises(CommandError, match=r"the import stopped at post “L’été des API” \(id 10\): disk full"):
        run_import(export, "--uploads", str(uploads))
    assert not Article.objects.exists()
    assert files_in(media_root) == []


def test_progress_is_written_to_stderr(export):
    _stdout, stderr = run_import(export)
    assert "Importing: 12/12 items" in stderr


def test_on_a_terminal_progress_is_one_line_rewritten_in_place():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    terminal = Terminal()
    progress = Progress(OutputWrapper(terminal), interval=0)
    for done in range(1, 4):
        progress(done, 3)
    progress.finish()
    assert terminal.getvalue() == (
        "\rImporting: 1/3 items (33 %)\rImporting: 2/3 items (66 %)\rImporting: 3/3 items (100 %)\n"
    )


# Item-level problems


def test_a_slug_already_taken_is_reported_and_made_unique(tmp_path, make_article):
    make_article(slug="lete-des-api")
    stdout, _stderr = run_import(write_export(tmp_path, blog()))
    assert article(10).slug == "lete-des-api-2"
    assert (
        "“L’été des API” (id 10): the address “lete-des-api” is already taken: imported as “lete-des-api-2”" in stdout
    )


def test_a_published_post_without_slug_is_reported(tmp_path):
    stdout, _stderr = run_import(
        write_export(tmp_path, wxr(item(1, "Sans adresse", slug=""), authors=[author("alice")]))
    )
    assert article(1).slug == "sans-adresse"
    assert "“Sans adresse” (id 1): no slug in the export: one made from the title" in stdout


def test_an_item_twice_in_the_export_is_imported_once(tmp_path):
    export = wxr(item(1, "Double"), item(1, "Double"), authors=[author("alice")])
    stdout, _stderr = run_import(write_export(tmp_path, export))
    assert Article.objects.count() == 1
    assert "“Double” (id 1): appears twice in the export: the second copy ignored" in stdout


def test_a_password_protected_post_stays_hidden(tmp_path):
    stdout, _stderr = run_import(
        write_export(tmp_path, wxr(item(1, "Secret", password="x"), authors=[author("alice")]))
    )
    assert article(1).status == Article.Status.DRAFT
    assert "password-protected in WordPress: imported as a draft" in stdout


def test_a_wxr_1_0_export_without_author_list_is_imported(tmp_path):
    export = wxr(item(1, "Ancien format", creator="vieux"), version="1.0")
    run_import(write_export(tmp_path, export))
    assert article(1).author.name == "vieux"


# Bad input: a clear message, nothing written


BOMB = """<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
]>
<rss><channel><title>&lol2;</title></channel></rss>"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss><channel><title>&secret;</title></channel></rss>"""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "the file is empty"),
        ("Ceci n’est pas du XML.", "the file is not XML"),
        (blog()[:3000], "the export is truncated"),
        (blog().replace("<wp:wxr_version>1.2", "<wp:wxr_version>9.9"), "WXR version '9.9' is not supported"),
        (blog().replace("export/1.2/", "export/2.0/"), "WXR version '2.0' is not supported"),
        ('<?xml version="1.0"?><rss><channel><title>Flux</title></channel></rss>', "not a WordPress export"),
        ("<html><body>Oups</body></html>", "the document is <html>, not the <rss> of a WordPress export"),
        (BOMB, "declares the XML entity “lol”: entities are how XML bombs"),
        (EXTERNAL_ENTITY, "declares the external entity “secret” (file:///etc/passwd)"),
    ],
    ids=["empty", "not-xml", "truncated", "unknown-version", "unknown-namespace", "rss-feed", "html", "bomb", "xxe"],
)
def test_a_bad_file_gives_a_clear_message_and_imports_nothing(tmp_path, content, message):
    path = write_export(tmp_path, content)
    with pytest.raises(CommandError, match="Nothing was imported") as error:
        run_import(path)
    assert message in str(error.value)
    assert not Article.objects.exists()
    assert not Author.objects.exists()


def test_a_missing_file_or_uploads_folder_is_a_clear_error(tmp_path, export):
    with pytest.raises(CommandError, match="absent.xml: no such file"):
        run_import(tmp_path / "absent.xml")
    with pytest.raises(CommandError, match="no such folder"):
        run_import(export, "--uploads", str(tmp_path / "nulle-part"))
