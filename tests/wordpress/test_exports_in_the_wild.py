"""import_wordpress reads the exports found in the wild, and drops nothing without saying so."""

import json
from datetime import UTC, datetime

import pytest
from django.core.management.base import CommandError

from articles.models import Article
from tests.helpers import article_of, author, body_of, cdata, french, item, report_rows, run_import, write_export, wxr

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("scheme", ["http", "https"])
@pytest.mark.parametrize("version", ["1.0", "1.1", "1.2"])
def test_every_wxr_version_is_read_whatever_the_namespace_s_scheme(tmp_path, scheme, version):
    text = wxr(item(1, "Bonjour"), authors=[author("alice")], version=version)
    text = text.replace("http://wordpress.org/export/", f"{scheme}://wordpress.org/export/")
    run_import(write_export(tmp_path, text))
    assert article_of(1).title == "Bonjour"


def test_the_wp_prefix_is_whatever_url_the_file_binds_it_to(tmp_path):
    text = wxr(item(1, "Bonjour"), authors=[author("alice")])
    text = text.replace('xmlns:wp="http://wordpress.org/export/1.2/"', 'xmlns:wp="https://wordpress.org/export/1.2"')
    text = text.replace(
        'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"', 'xmlns:excerpt="https://example.org/excerpt"'
    )
    run_import(write_export(tmp_path, text, "odd.xml"))
    assert article_of(1).title == "Bonjour"


def test_a_raw_end_of_cdata_inside_content_is_read_as_text_and_reported(tmp_path):
    content = "<p>Avant</p><script>//<![CDATA[\nvar a = b[c[0]]>1;\n//]]></script><p>Après & fin</p>"
    text = wxr(item(1, "Script"), authors=[author("alice")])
    text = text.replace(cdata("Un paragraphe."), f"<![CDATA[{content}]]>")  # as a careless plugin writes it
    stdout, _stderr = run_import(write_export(tmp_path, text))
    body = body_of(1)
    assert [p.get_text() for p in body.find_all("p") if p.get_text()] == ["Avant", "Après & fin"]
    assert french("« ]]> » bruts dans le contenu (le premier à la ligne") in stdout


def test_latin_1_bytes_in_a_utf_8_export_are_read_as_windows_1252_and_reported(tmp_path):
    text = wxr(item(1, "Été", content="Un café à 2 € – bien sûr."), authors=[author("alice")])
    raw = text.encode("utf-8").replace("café à 2 € – bien sûr".encode(), "café à 2 € – bien sûr".encode("cp1252"))
    path = tmp_path / "latin.xml"
    path.write_bytes(raw)
    stdout, _stderr = run_import(path)
    assert article_of(1).title == "Été"  # the UTF-8 around it is untouched
    assert body_of(1).get_text() == "Un café à 2 € – bien sûr."
    assert french("le fichier se dit en UTF-8 mais 5 octets n’en sont pas (le premier à la ligne") in stdout


@pytest.mark.parametrize("encoding", ["ISO-8859-1", "windows-1252"])
def test_an_export_in_the_encoding_it_declares_is_read(tmp_path, encoding):
    text = wxr(item(1, "Été", content="Un café."), authors=[author("alice")])
    text = text.replace('encoding="UTF-8"', f'encoding="{encoding}"')
    path = tmp_path / "declared.xml"
    path.write_bytes(text.replace("’", "'").encode(encoding))
    run_import(path)
    assert article_of(1).title == "Été"
    assert body_of(1).get_text() == "Un café."


def test_an_export_that_says_latin_1_but_is_utf_8_is_read_as_utf_8_and_reported(tmp_path):
    text = wxr(item(1, "Été", content="Un café."), authors=[author("alice")])
    path = write_export(tmp_path, text.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"'))
    stdout, _stderr = run_import(path)
    assert article_of(1).title == "Été"  # not "Ã\x89tÃ©"
    assert body_of(1).get_text() == "Un café."
    assert french("le fichier se dit en iso-8859-1 mais il est en UTF-8 : lu en UTF-8") in stdout


@pytest.mark.parametrize(
    ("declaration", "body", "message"),
    [
        ("x-inconnu", "é".encode("latin-1"), "le fichier déclare un encodage qui n’existe pas"),
        ("us-ascii", "é".encode("latin-1"), "le fichier déclare l’encodage « ascii » mais contient des octets"),
    ],
)
def test_a_wrong_encoding_gets_a_clear_message(tmp_path, declaration, body, message):
    text = wxr(item(1, "X", content="@@"), authors=[author("alice")]).replace(
        'encoding="UTF-8"', f'encoding="{declaration}"'
    )
    path = tmp_path / "wrong.xml"
    path.write_bytes(text.encode("ascii", errors="replace").replace(b"@@", body))
    with pytest.raises(CommandError, match="Rien n’a été importé") as error:
        run_import(path)
    assert french(message) in str(error.value)
    assert not Article.objects.exists()


def test_content_given_as_xml_elements_is_read_as_html(tmp_path):
    text = wxr(item(1, "Éléments"), authors=[author("alice")])
    text = text.replace(cdata("Un paragraphe."), "<p>Un <strong>paragraphe</strong></p><p>Deux</p>")
    stdout, _stderr = run_import(write_export(tmp_path, text))
    assert [p.get_text() for p in body_of(1).find_all("p")] == ["Un paragraphe", "Deux"]
    assert french("son contenu est fait d’éléments XML plutôt que de texte (CDATA) : lu comme du HTML") in stdout


def test_the_rss_date_is_used_when_the_wordpress_date_is_missing(tmp_path):
    text = wxr(item(1, "Daté", date="", date_gmt=""), authors=[author("alice")])
    stdout, _stderr = run_import(write_export(tmp_path, text))
    assert article_of(1).published_at == datetime(2019, 5, 2, 8, 30, tzinfo=UTC)  # the item's <pubDate>
    assert "publié maintenant" not in stdout


def test_a_long_title_is_cut_at_a_word_and_reported(tmp_path):
    title = "Comment écrire " + "des titres vraiment beaucoup trop longs " * 8
    stdout, _stderr = run_import(write_export(tmp_path, wxr(item(1, title), authors=[author("alice")])))
    kept = article_of(1).title
    assert len(kept) <= 200 and kept.endswith("…")
    assert title.startswith(kept.removesuffix("…")) and title[len(kept) - 1] == " "  # cut between two words
    assert french("titre de plus de 200 caractères : coupé après «") in stdout


def test_revisions_and_automatic_drafts_are_counted_by_status(tmp_path):
    export = wxr(
        item(1, "Publié"),
        item(2, "Révision", status="inherit", post_type="post"),
        item(3, "Brouillon auto", status="auto-draft"),
        authors=[author("alice")],
    )
    stdout, _stderr = run_import(write_export(tmp_path, export))
    assert report_rows(stdout)["articles"] == ["1", "0", "0", "2"]
    assert french("par statut WordPress : brouillon automatique 1, révision 1.") in stdout


FOOTNOTED = """<!-- wp:paragraph -->
<p>Une affirmation<sup data-fn="a1" class="fn"><a href="#a1" id="a1-link">1</a></sup> et une \
autre<sup data-fn="b2" class="fn"><a href="#b2" id="b2-link">2</a></sup>.</p>
<!-- /wp:paragraph -->

<!-- wp:footnotes /-->"""


def test_block_editor_footnotes_become_a_notes_section(tmp_path):
    notes = json.dumps(
        [
            {"content": 'La source, <a href="https://exemple.fr">ici</a>.', "id": "a1"},
            {"content": "Une précision.", "id": "b2"},
        ]
    )
    export = wxr(item(1, "Notes", content=FOOTNOTED, meta={"footnotes": notes}), authors=[author("alice")])
    run_import(write_export(tmp_path, export))
    body = body_of(1)
    assert [sup.get_text() for sup in body.find_all("sup")] == ["1", "2"]
    assert not body.select('a[href^="#"]')  # no link to an anchor the page does not have
    assert body.find("h2").get_text() == "Notes"
    notes = body.find("ol").find_all("li")
    assert [li.get_text() for li in notes] == ["La source, ici.", "Une précision."]
    assert notes[0].a["href"] == "https://exemple.fr"


def test_co_authors_are_listed_and_the_first_is_the_author(tmp_path):
    export = wxr(
        item(1, "À plusieurs", creator="alice"),
        authors=[author("alice", "Alice Martin"), author("bob", "Bob Durand")],
    ).replace(
        "<wp:is_sticky>0</wp:is_sticky>",
        '<wp:is_sticky>0</wp:is_sticky><category domain="author" nicename="cap-bob"><![CDATA[bob]]></category>'
        '<category domain="author" nicename="cap-alice"><![CDATA[alice]]></category>',
    )
    stdout, _stderr = run_import(write_export(tmp_path, export))
    assert article_of(1).author.name == "Bob Durand"
    assert (
        french("coauteurs dans WordPress : bob, alice ; le premier, « Bob Durand », est l’auteur de l’article")
        in stdout
    )


def test_every_item_is_accounted_for(tmp_path):
    export = wxr(
        item(1, "Publié"),
        item(2, "Menu", post_type="nav_menu_item"),
        item(3, "Bloc", post_type="wp_block"),
        item(4, "Corbeille", status="trash"),
        authors=[author("alice")],
    )
    stdout, _stderr = run_import(write_export(tmp_path, export))
    assert report_rows(stdout)["articles"] == ["1", "0", "0", "1"]
    assert french("Éléments d’autres types, non importés : nav_menu_item 1, wp_block 1.") in stdout
