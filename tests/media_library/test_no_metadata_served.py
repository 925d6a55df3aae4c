"""No byte of an upload's EXIF, GPS, XMP or text is served anywhere on the site: originals and renditions alike.

Images go in every way they can (the admin's forms, a model's save, the library),
then every media address the pages, feeds and sitemap name is read back.
"""

import re
import xml.etree.ElementTree as ElementTree

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.core.files.storage import default_storage
from django.urls import reverse

from articles.models import Article
from media_library.models import MediaImage
from tests.helpers import figure, opened, upload
from tests.helpers.photos import camera_jpeg, camera_png, camera_webp, commented_gif, leaks, phone_mpo

pytestmark = pytest.mark.django_db

SITE = "https://www.refbax.example"
MEDIA_URL_RE = re.compile(r"(?:https?://[\w.:-]+)?/media/[^\s\"'<>),&]+")
IMAGE_NS = {"image": "http://www.google.com/schemas/sitemap-image/1.1"}


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


def stored_name(url):
    return url.removeprefix(SITE).removeprefix("/media/")


def add_library_image(client, content, name, alt):
    response = client.post(
        reverse("admin:media_library_mediaimage_add"),
        {"file": upload(content, name), "alt_text": alt, "caption": "", "credit": "Camille"},
    )
    assert response.status_code == 302, response.content[:500]
    return MediaImage.objects.get(alt_text=alt)


@pytest.fixture
def illustrated_site(editor_client, add_form, make_author):
    """An article whose every image came from a camera or a phone: cover, avatar, figures."""
    photo = add_library_image(editor_client, camera_webp(600, 400), "balcon.webp", "Le balcon")
    drawing = add_library_image(editor_client, camera_png(500, 300), "schema.png", "Le schéma")
    animation = add_library_image(editor_client, commented_gif(), "anim.gif", "L’animation")
    cmyk = add_library_image(editor_client, camera_jpeg(500, 300, mode="CMYK"), "affiche.jpg", "L’affiche")
    phone = add_library_image(editor_client, phone_mpo(500, 400), "telephone.jpg", "Le téléphone")
    library = [photo, drawing, animation, cmyk, phone]
    author = make_author(name="Camille Martin", avatar=upload(camera_png(200, 200), "camille.png"))
    body = "".join(figure(image, caption=image.alt_text) for image in library)
    response = editor_client.post(
        reverse("admin:articles_article_add"),
        {
            **add_form,
            "author": str(author.pk),
            "body": body,
            "cover": upload(camera_jpeg(1000, 800, orientation=6), "IMG_2041.JPG"),
            "cover_alt": "Vue du balcon",
        },
    )
    assert response.status_code == 302, response.content[:500]
    article = Article.objects.get()
    return article, author, library


def media_urls(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return set(MEDIA_URL_RE.findall(response.content.decode()))


def test_no_metadata_is_served_from_any_page_feed_or_sitemap(client, illustrated_site):
    article, author, library = illustrated_site
    pages = [
        "/",
        article.get_absolute_url(),
        author.get_absolute_url(),
        article.category.get_absolute_url(),
        "/feed/",
        "/feed/atom/",
        "/sitemap-articles.xml",
    ]
    urls = set().union(*(media_urls(client, page) for page in pages))
    originals = [article.cover.url, author.avatar.url, *(image.file.url for image in library)]
    assert len(urls) > 20
    for name in sorted({stored_name(url) for url in urls} | {stored_name(url) for url in originals}):
        with default_storage.open(name) as file:
            assert leaks(file.read()) == [], name


def test_the_turned_cover_is_stored_upright_with_its_real_size(illustrated_site):
    article, _author, _library = illustrated_site
    assert (article.cover_width, article.cover_height) == (800, 1000)
    assert opened(article.cover.name).size == (800, 1000)
    largest = max(article.cover_renditions["images"], key=lambda entry: entry["width"])
    assert (largest["width"], largest["height"]) == (800, 1000)


def test_a_phone_picture_with_an_appended_one_is_a_plain_jpeg(illustrated_site):
    phone = illustrated_site[2][-1]
    assert phone.file.name.endswith(".jpg")
    assert getattr(opened(phone.file.name), "n_frames", 1) == 1


def test_the_sitemap_and_the_feeds_link_renditions_never_originals(client, illustrated_site):
    article, _author, library = illustrated_site
    sitemap = ElementTree.fromstring(client.get("/sitemap-articles.xml").content)
    [image_loc] = [loc.text for loc in sitemap.iter(f"{{{IMAGE_NS['image']}}}loc")]
    assert image_loc.startswith(f"{SITE}/media/renditions/covers/")
    assert stored_name(image_loc) in {entry["name"] for entry in article.cover_renditions["images"]}
    originals = {image.file.url for image in library} | {article.cover.url}
    for feed_url in ["/feed/", "/feed/atom/"]:
        [entry] = feedparser.parse(client.get(feed_url).content).entries
        sources = [img["src"] for img in BeautifulSoup(entry.content[0].value, "html.parser").find_all("img")]
        assert len(sources) == len(library)
        for source in sources:
            assert source.startswith(f"{SITE}/media/renditions/library/"), source
        assert not originals & {source.removeprefix(SITE) for source in sources}
        assert [enclosure.href.startswith(f"{SITE}/media/renditions/") for enclosure in entry.enclosures] == [True]
