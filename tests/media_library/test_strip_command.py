"""`manage.py strip_image_metadata`: the images stored before uploads were stripped, cleaned in place."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from articles.models import Article, Author
from media_library.models import MediaImage
from tests.helpers import opened
from tests.helpers.photos import camera_jpeg, camera_png, camera_webp, commented_gif, leaks

pytestmark = pytest.mark.django_db


def stored_as_before(name, content):
    """A file written straight to the storage, as it was before uploads were stripped."""
    return default_storage.save(name, ContentFile(content))


@pytest.fixture
def old_files(make_article, make_author):
    """Files of every kind, with their metadata, named by rows (or by nothing, like imported body images)."""
    cover = stored_as_before("covers/2025/06/balcon.jpg", camera_jpeg(1000, 800, orientation=6))
    article = make_article()
    Article.objects.filter(pk=article.pk).update(cover=cover, cover_width=1000, cover_height=800)
    avatar = stored_as_before("authors/camille.png", camera_png(200, 200))
    author = make_author()
    Author.objects.filter(pk=author.pk).update(avatar=avatar)
    library = stored_as_before("library/2025/06/vue.webp", camera_webp(600, 400))
    [image] = MediaImage.objects.bulk_create([MediaImage(file=library, alt_text="Une vue", width=600, height=400)])
    imported = stored_as_before("wordpress/2019/05/anim.gif", commented_gif())
    return {"article": article, "author": author, "image": image, "names": [cover, avatar, library, imported]}


def strip_metadata(*args):
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("strip_image_metadata", *args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def contents(names):
    result = {}
    for name in names:
        with default_storage.open(name) as file:
            result[name] = file.read()
    return result


def test_every_stored_image_is_cleaned_in_place_under_the_same_name(old_files):
    stdout, stderr = strip_metadata()
    assert "4 file(s) changed, 0 already clean, 0 skipped." in stdout
    for name in old_files["names"]:
        assert f"{name}: stripped" in stdout
    for name, data in contents(old_files["names"]).items():
        assert leaks(data) == [], name
    assert stderr == ""
    assert sorted(old_files["names"]) == sorted(name for name in old_files["names"] if default_storage.exists(name)), (
        "the addresses that link them keep working"
    )


def test_a_turned_photo_is_turned_upright_and_its_row_gets_its_real_size(old_files):
    strip_metadata()
    article = Article.objects.get(pk=old_files["article"].pk)
    assert (article.cover_width, article.cover_height) == (800, 1000)
    assert opened(article.cover.name).size == (800, 1000)
    image = MediaImage.objects.get(pk=old_files["image"].pk)
    assert (image.width, image.height) == (600, 400)


def test_running_it_again_changes_nothing(old_files):
    strip_metadata()
    before = contents(old_files["names"])
    stdout, _stderr = strip_metadata()
    assert "0 file(s) changed, 4 already clean, 0 skipped." in stdout
    assert contents(old_files["names"]) == before


def test_a_dry_run_says_what_would_change_and_writes_nothing(old_files):
    before = contents(old_files["names"])
    stdout, _stderr = strip_metadata("--dry-run")
    assert "4 file(s) would be changed" in stdout
    assert contents(old_files["names"]) == before
    assert Article.objects.get(pk=old_files["article"].pk).cover_width == 1000


def test_unreadable_and_missing_files_are_skipped_with_a_line_each(old_files, make_author):
    stored_as_before("library/2025/06/notes.png", b"not an image at all")
    author = make_author()
    Author.objects.filter(pk=author.pk).update(avatar="authors/parti.png")  # the file is gone
    stdout, stderr = strip_metadata()
    assert "4 file(s) changed, 0 already clean, 2 skipped." in stdout
    assert "library/2025/06/notes.png: skipped" in stderr
    assert "authors/parti.png: skipped" in stderr


def test_renditions_are_left_alone(cover_article, make_image):
    article = cover_article(make_image("schema.png", 1000, 500))
    renditions = [entry["name"] for entry in article.cover_renditions["images"]]
    before = contents(renditions)
    stdout, _stderr = strip_metadata()
    assert "0 file(s) changed, 1 already clean, 0 skipped." in stdout
    assert contents(renditions) == before
