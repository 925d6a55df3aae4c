"""import_wordpress, images: the featured image as cover, body images copied, nothing from outside the uploads."""

import base64

import pytest

from redirects.models import Redirect
from tests.helpers import (
    WORDPRESS_SITE,
    article_of,
    attachment,
    author,
    body_of,
    files_in,
    french,
    image_bytes,
    item,
    report_rows,
    run_import,
    write_export,
    wxr,
)

pytestmark = pytest.mark.django_db


def test_the_featured_image_becomes_the_cover_with_its_alt_text_and_renditions(imported, media_root):
    summer = article_of(10)
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
    assert body_of(16).find("a", string="Perdue")["href"] == f"{WORDPRESS_SITE}/wp-content/uploads/2020/01/absent.png"
    assert body_of(16).find("img", alt="Perdue") is None
    assert french("image « 2020/01/absent.png » absente du dossier uploads") in imported


def test_without_uploads_images_stay_where_they_were_and_the_report_says_so(export, media_root):
    stdout, _stderr = run_import(export)
    assert not article_of(10).cover
    assert body_of(16).find("a", href=f"{WORDPRESS_SITE}/wp-content/uploads/2020/01/chat.png") is not None
    assert body_of(16).img is None  # links to the old site's images, never images from it
    assert french("4 images et couvertures restent sur l’ancien site") in stdout
    assert not media_root.exists() or not files_in(media_root)


@pytest.mark.parametrize("attached_file", ["../secret.png", "/etc/passwd", "2020/../../secret.png"])
def test_an_attached_file_outside_the_uploads_folder_is_refused(tmp_path, uploads, media_root, attached_file):
    (tmp_path / "secret.png").write_bytes(image_bytes())
    export = write_export(
        tmp_path,
        wxr(item(1, "Piège", meta={"_thumbnail_id": "2"}), attachment(2, attached_file), authors=[author("alice")]),
    )
    stdout, _stderr = run_import(export, "--uploads", str(uploads))
    assert not article_of(1).cover
    assert french("mène hors du dossier uploads : refusée") in stdout


def test_a_symbolic_link_in_the_uploads_folder_is_not_followed(tmp_path, uploads, media_root):
    (tmp_path / "secret.png").write_bytes(image_bytes())
    (uploads / "2020" / "01" / "lien.png").symlink_to(tmp_path / "secret.png")
    content = '<img src="https://ancien.example.com/wp-content/uploads/2020/01/lien.png" alt="">'
    export = write_export(tmp_path, wxr(item(1, "Piège", content=content), authors=[author("alice")]))
    stdout, _stderr = run_import(export, "--uploads", str(uploads))
    assert "lien.png" in body_of(1).a["href"] and body_of(1).a["href"].startswith("https://")
    assert french("image « 2020/01/lien.png » mène hors du dossier uploads : refusée") in stdout


def test_a_file_that_is_not_an_image_is_refused_like_an_upload(tmp_path, uploads):
    (uploads / "2020" / "01" / "faux.png").write_text("<script>alert(1)</script>")
    export = write_export(
        tmp_path,
        wxr(
            item(1, "Faux", meta={"_thumbnail_id": "2"}), attachment(2, "2020/01/faux.png"), authors=[author("alice")]
        ),
    )
    stdout, _stderr = run_import(export, "--uploads", str(uploads))
    assert not article_of(1).cover
    assert french("image mise en avant « 2020/01/faux.png » : ") in stdout  # then validate_image_upload's own message


# Images on any run, WordPress.com, linked images

LINKED = (
    '<a href="https://ancien.example.com/wp-content/uploads/2020/01/chat.png">'
    '<img src="https://ancien.example.com/wp-content/uploads/2020/01/chien.png" alt="Un chien"></a>'
)


def test_a_later_run_with_uploads_brings_the_images_left_behind(tmp_path, uploads, media_root):
    export = write_export(
        tmp_path,
        wxr(
            item(1, "Illustré", content=LINKED, meta={"_thumbnail_id": "2"}),
            attachment(2, "2020/01/chat.png", alt="Un chat"),
            authors=[author("alice")],
        ),
    )
    stdout, _stderr = run_import(export)
    assert not article_of(1).cover
    assert french("3 images et couvertures restent sur l’ancien site") in stdout
    stdout, _stderr = run_import(export, "--uploads", str(uploads))
    article = article_of(1)
    assert article.cover.name.startswith("covers/")
    assert body_of(1).find("img")["src"] == "/media/wordpress/2020/01/chien.png"
    assert report_rows(stdout)["articles"] == ["0", "1", "0", "0"]
    assert report_rows(stdout)["images"] == ["3", "0", "0", "0"]
    # Once brought, a run with or without the folder has nothing left to do.
    for args in [("--uploads", str(uploads)), ()]:
        stdout, _stderr = run_import(export, *args)
        assert report_rows(stdout)["articles"] == ["0", "0", "1", "0"]
        assert "ancien site" not in stdout


def test_a_linked_image_stays_a_linked_image(tmp_path, uploads, media_root):
    export = wxr(item(1, "Lien", content=LINKED), authors=[author("alice")])
    run_import(write_export(tmp_path, export), "--uploads", str(uploads))
    link = body_of(1).find("a")
    assert link["href"] == "/media/wordpress/2020/01/chat.png"
    assert link.find("img")["src"] == "/media/wordpress/2020/01/chien.png"


def test_without_uploads_a_linked_image_is_one_link_labelled_by_its_alt_text(tmp_path, media_root):
    run_import(write_export(tmp_path, wxr(item(1, "Lien", content=LINKED), authors=[author("alice")])))
    links = body_of(1).find_all("a")
    assert [(a["href"], a.get_text()) for a in links] == [
        (f"{WORDPRESS_SITE}/wp-content/uploads/2020/01/chat.png", "Un chien")
    ]


def test_wordpress_com_absolute_paths_are_found_through_the_attachment_s_address(tmp_path, uploads, media_root):
    content = '<img src="https://ancienblog.files.wordpress.com/2020/01/chien.png?w=300" alt="Un chien">'
    text = wxr(
        item(1, "WordPress.com", content=content, meta={"_thumbnail_id": "2"}),
        attachment(2, "/srv/htdocs/files/2020/01/chat.png"),
        authors=[author("alice")],
    ).replace(
        f"{WORDPRESS_SITE}/wp-content/uploads//srv/htdocs/files/2020/01/chat.png",  # as WordPress.com exports it
        "https://ancienblog.files.wordpress.com/2020/01/chat.png",
    )
    stdout, _stderr = run_import(write_export(tmp_path, text), "--uploads", str(uploads))
    assert article_of(1).cover.name.startswith("covers/"), stdout
    assert body_of(1).img["src"] == "/media/wordpress/2020/01/chien.png"
    assert "mène hors du dossier" not in stdout, stdout


def test_images_pasted_in_the_text_become_files_of_the_site(tmp_path, media_root):
    pasted = base64.b64encode(image_bytes(12, 8)).decode()
    content = (
        f'<p>Avant</p><p><img src="data:image/png;base64,{pasted}" alt="Collée"></p>'
        '<p><img src="data:image/png;base64,!!" alt="Cassée"></p>'
    )
    stdout, _stderr = run_import(
        write_export(tmp_path, wxr(item(1, "Collée", content=content), authors=[author("alice")]))
    )
    image = body_of(1).find("img")
    assert image["alt"] == "Collée" and image["src"].startswith("/media/wordpress/embedded/")
    assert (media_root / image["src"].removeprefix("/media/")).read_bytes() == image_bytes(12, 8)
    assert report_rows(stdout)["images"] == ["1", "0", "0", "1"]
    assert french("(id 1) : image collée dans le texte : illisible, retirée") in stdout
