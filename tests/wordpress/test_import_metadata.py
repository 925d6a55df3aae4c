"""import_wordpress, photos: covers and body images stored without their EXIF, GPS, XMP or text, once."""

import pytest

from tests.helpers import (
    article_of,
    attachment,
    author,
    body_of,
    files_in,
    item,
    report_rows,
    run_import,
    write_export,
    wxr,
)
from tests.helpers.photos import camera_jpeg, camera_png, leaks

pytestmark = pytest.mark.django_db

BODY = '<img src="https://ancien.example.com/wp-content/uploads/2021/07/schema.png" alt="Le schéma">'


def export_of(folder, title="Vue du balcon", modified_gmt="2021-07-14 16:00:00"):
    return write_export(
        folder,
        wxr(
            item(1, title, content=BODY, meta={"_thumbnail_id": "2"}, modified_gmt=modified_gmt),
            attachment(2, "2021/07/balcon.jpg", alt="Le balcon"),
            authors=[author("alice")],
        ),
    )


@pytest.fixture
def photo_blog(tmp_path):
    """A post whose featured image is a phone photo held upright, and whose text shows an edited PNG."""
    folder = tmp_path / "uploads" / "2021" / "07"
    folder.mkdir(parents=True)
    (folder / "balcon.jpg").write_bytes(camera_jpeg(1000, 800, orientation=6))
    (folder / "schema.png").write_bytes(camera_png(300, 200))
    return export_of(tmp_path), tmp_path / "uploads"


def test_imported_images_are_stored_without_their_metadata_and_upright(photo_blog, media_root):
    export, uploads = photo_blog
    run_import(export, "--uploads", str(uploads))
    article = article_of(1)
    assert (article.cover_width, article.cover_height) == (800, 1000)
    body_image = body_of(1).find("img")["src"]
    assert body_image == "/media/wordpress/2021/07/schema.png"
    for name in files_in(media_root):
        assert leaks((media_root / name).read_bytes()) == [], name


def test_a_post_edited_in_wordpress_finds_its_stripped_images_unchanged(photo_blog, media_root, tmp_path):
    export, uploads = photo_blog
    run_import(export, "--uploads", str(uploads))
    stored = {name: (media_root / name).read_bytes() for name in files_in(media_root)}
    edited = export_of(tmp_path, title="Vue du balcon, corrigée", modified_gmt="2021-08-01 09:00:00")
    stdout, _stderr = run_import(edited, "--uploads", str(uploads))
    assert report_rows(stdout)["articles"] == ["0", "1", "0", "0"]
    assert report_rows(stdout)["images"] == ["0", "0", "2", "0"]  # the stored files are what the uploads make
    assert {name: (media_root / name).read_bytes() for name in files_in(media_root)} == stored
