"""WordPress content made into Refbax HTML, and the export and uploads folder read safely (pure modules)."""

import tracemalloc

import pytest
from bs4 import BeautifulSoup

from tests.helpers import comment, item, wxr
from wordpress import reader
from wordpress.content import autop, comment_text, convert, parse_attributes
from wordpress.export import Attachment
from wordpress.image_links import rewrite_uploads, upload_path
from wordpress.reader import ExportError
from wordpress.uploads import UnsafePath, UploadsFolder


def soup(html):
    return BeautifulSoup(html, "html.parser")


# wpautop


def test_blank_lines_make_paragraphs_and_single_line_breaks_make_br():
    assert autop("Un\ndeux\n\nTrois") == "<p>Un<br />\ndeux</p>\n<p>Trois</p>\n"


def test_block_elements_are_not_wrapped_in_paragraphs():
    html = autop("Avant\n<h2>Titre</h2>\nAprès\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>")
    parsed = soup(html)
    assert [p.get_text() for p in parsed.find_all("p")] == ["Avant", "Après"]
    assert parsed.find("h2").parent.name != "p"
    assert [li.get_text() for li in parsed.find_all("li")] == ["a", "b"]


def test_preformatted_text_keeps_its_blank_lines():
    assert "<pre>a\n\nb</pre>" in autop("Code :\n\n<pre>a\n\nb</pre>\n\nFin")


def test_a_blockquote_gets_its_paragraph_inside():
    assert soup(autop("<blockquote>Cité</blockquote>")).blockquote.p.get_text() == "Cité"


def test_empty_content_stays_empty():
    assert autop("  \n ") == ""


# Shortcodes, embeds and comments of the block editor


def test_a_caption_becomes_a_figure_with_its_legend():
    html = convert(
        '[caption id="a" width="300"]<a href="/g.jpg"><img src="/p.jpg" alt="Chat" /></a> Le chat[/caption]'
    )
    figure = soup(html.html).figure
    assert figure.a.img["src"] == "/p.jpg"
    assert figure.figcaption.get_text() == "Le chat"


def test_an_old_style_caption_attribute_with_curly_quotes_is_read():
    figure = soup(convert("[caption caption=&#8221;Légende&#8221;]<img src='/p.jpg' alt=''>[/caption]").html).figure
    assert figure.figcaption.get_text() == "Légende"


def test_a_gallery_without_ids_shows_the_images_attached_to_the_post_in_order():
    attachments = {
        3: Attachment(3, url="/c.jpg", title="C", parent=7, menu_order=2),
        4: Attachment(4, url="/a.jpg", title="A", parent=7, menu_order=1),
        5: Attachment(5, url="/autre.jpg", title="Autre", parent=8),
    }
    html = convert("[gallery]", attachments=attachments, post_id=7).html
    assert [img["src"] for img in soup(html).find_all("img")] == ["/a.jpg", "/c.jpg"]


def test_a_gallery_of_missing_images_is_removed_and_reported():
    converted = convert('[gallery ids="1,2"]')
    assert converted.html == ""
    assert converted.notes == ["images de galerie absentes de l’export (fichiers joints 1, 2)", "galerie vide retirée"]


@pytest.mark.parametrize(
    "content",
    [
        "[embed]https://vimeo.com/1[/embed]",
        "[youtube=https://vimeo.com/1]",
        '[video src="https://vimeo.com/1"]',
        "https://vimeo.com/1",
        '<iframe src="https://vimeo.com/1" width="500"></iframe>',
    ],
)
def test_embeds_become_plain_links(content):
    assert convert(content).html == '<p><a href="https://vimeo.com/1">https://vimeo.com/1</a></p>'


def test_a_youtube_player_becomes_a_link_to_the_video_page():
    html = convert('<iframe src="https://www.youtube.com/embed/abc"></iframe>').html
    assert soup(html).a["href"] == "https://www.youtube.com/watch?v=abc"


def test_unknown_shortcodes_are_removed_their_text_kept_and_reported():
    converted = convert('[vc_row][vc_column width="1/2"]Texte[/vc_column][/vc_row] [toc]')
    assert soup(converted.html).get_text().strip() == "Texte"
    assert converted.notes == [
        "code court [vc_row] retiré, son texte gardé",
        "code court [vc_column] retiré, son texte gardé",
        "code court [toc] retiré",
    ]


def test_words_between_brackets_are_text_not_shortcodes():
    converted = convert("Il a écrit [sic] puis [cliquez ici] et [1].")
    assert soup(converted.html).get_text() == "Il a écrit [sic] puis [cliquez ici] et [1]."
    assert converted.notes == []


def test_a_doubled_bracket_is_wordpress_for_a_literal_shortcode():
    assert (
        soup(convert("Écrivez [[gallery]] pour une galerie.").html).get_text() == "Écrivez [gallery] pour une galerie."
    )


def test_code_shortcodes_become_escaped_code_blocks():
    html = convert('[sourcecode language="php"]<?php echo "&lt;b&gt;"; ?>[/sourcecode]').html
    assert soup(html).pre.code.get_text() == '<?php echo "<b>"; ?>'


def test_block_editor_comments_go_and_block_posts_keep_their_own_paragraphs():
    html = convert(
        "<!-- wp:paragraph -->\n<p>Un</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:more --><!--more--><!-- /wp:more -->"
    ).html
    assert html == "<p>Un</p>"


def test_the_text_before_more_is_the_teaser():
    converted = convert("Accroche.\n<!--more-->\nLa suite.")
    assert soup(converted.teaser).get_text() == "Accroche."
    assert [p.get_text() for p in soup(converted.html).find_all("p")] == ["Accroche.", "La suite."]


def test_shortcode_attributes_are_read_like_wordpress_does():
    assert parse_attributes(" ids=\"1,2\" columns=3 link='file' https://x.org") == (
        {"ids": "1,2", "columns": "3", "link": "file"},
        ["https://x.org"],
    )


# Uploads in the body


def test_only_images_under_wp_content_uploads_are_uploads():
    assert upload_path("https://a.fr/wp-content/uploads/2020/01/a.jpg?w=300") == "2020/01/a.jpg"
    assert upload_path("https://a.fr/wp-content/uploads/2020/01/guide.pdf") is None
    assert upload_path("https://a.fr/images/a.jpg") is None


def test_upload_addresses_are_rewritten_and_others_left_alone():
    uploads = "https://a.fr/wp-content/uploads"
    html = f'<a href="{uploads}/a.jpg"><img src="{uploads}/a-300x200.jpg"></a> <a href="https://a.fr/page/">x</a>'
    rewritten = rewrite_uploads(html, lambda url: "/media/" + url.rsplit("/", 1)[1] if "300" in url else None)
    assert rewritten == html.replace(f"{uploads}/a-300x200.jpg", "/media/a-300x200.jpg")


# Comments


def test_comment_html_becomes_plain_text_with_its_link_addresses():
    text = comment_text(
        '<p>Merci <strong>beaucoup</strong> !</p><p>Voir <a href="https://x.org">mon site</a> &amp; https://y.org</p>'
    )
    assert text == "Merci beaucoup !\n\nVoir mon site (https://x.org) & https://y.org"


# The uploads folder


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "site" / "wp-content" / "uploads"
    (root / "2020").mkdir(parents=True)
    (root / "2020" / "a.png").write_bytes(b"png")
    (tmp_path / "secret.txt").write_text("secret")
    return root


def test_the_folder_may_be_given_as_the_site_or_wp_content(folder):
    for given in (folder, folder.parent, folder.parent.parent):
        assert UploadsFolder(given).find("2020/a.png") == folder / "2020" / "a.png"


def test_a_missing_file_is_none(folder):
    assert UploadsFolder(folder).find("2020/absent.png") is None


@pytest.mark.parametrize(
    "path", ["../../../secret.txt", "/etc/passwd", "2020/../../x", "%2e%2e/%2e%2e/secret.txt", "a\x00b"]
)
def test_paths_leaving_the_folder_are_refused(folder, path):
    with pytest.raises(UnsafePath):
        UploadsFolder(folder).find(path)


def test_symbolic_links_are_refused_even_to_a_folder_inside(folder, tmp_path):
    (folder / "lien").symlink_to(folder / "2020")
    (folder / "2020" / "fuite.txt").symlink_to(tmp_path / "secret.txt")
    for path in ("lien/a.png", "2020/fuite.txt"):
        with pytest.raises(UnsafePath):
            UploadsFolder(folder).find(path)


# The export reader


def test_the_index_lists_what_items_refer_to(tmp_path):
    path = tmp_path / "export.xml"
    path.write_text(wxr(item(1, "Un"), item(2, "Image", post_type="attachment", meta={"_wp_attached_file": "a.png"})))
    index = reader.read_index(path)
    assert (index.version, index.site_url, index.site_title, index.item_count) == (
        "1.2",
        "https://ancien.example.com",
        "Ancien blog",
        2,
    )
    assert index.attachments[2].file == "a.png"


def test_items_come_with_their_comments_terms_and_meta(tmp_path):
    path = tmp_path / "export.xml"
    path.write_text(wxr(item(1, "Un", tags=[("api", "API")], meta={"k": "v"}, comments=[comment(5, parent=4)])))
    (read,) = reader.read_items(path)
    assert (read.id, read.title, read.meta, read.terms[0].slug) == (1, "Un", {"k": "v"}, "api")
    assert (read.comments[0].id, read.comments[0].parent) == (5, 4)


def test_reading_a_large_export_keeps_memory_flat(tmp_path):
    big_content = "Un long paragraphe. " * 500  # 10 kB per item, 2 MB in all
    path = tmp_path / "big.xml"
    path.write_text(wxr(*(item(number, content=big_content) for number in range(200))))
    tracemalloc.start()
    try:
        count = sum(1 for _item in reader.read_items(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 200
    assert peak < 500_000  # a few items at most, never the 2 MB file


def test_a_dtd_without_entities_is_harmless_but_entities_are_refused(tmp_path):
    path = tmp_path / "export.xml"
    path.write_text('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a SYSTEM "http://evil.example/x">]><rss/>')
    with pytest.raises(ExportError, match="l’entité externe «\u00a0a\u00a0»"):
        reader.read_index(path)


def test_content_cannot_forge_the_placeholders_of_the_conversion():
    content = '<pre data-kept="0"></pre>\n\n<pre data-autop="7"></pre>\n\n[php]1 < 2[/php]'
    assert [pre.get_text() for pre in soup(convert(content).html).find_all("pre")] == ["", "", "1 < 2"]
