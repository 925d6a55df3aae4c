"""Library images in articles: responsive figures on the pages, recorded with the article, the body's allow-list."""

import io

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from articles.sanitize import sanitize_html
from media_library.models import MediaImage
from tests.helpers import figure, soup_of

pytestmark = pytest.mark.django_db


# Figures on the article page


def test_a_library_figure_is_served_with_renditions_srcset_width_and_height(client, make_media_image, make_article):
    image = make_media_image(credit="Jeanne Martin", width=2000, height=1000)
    article = make_article(body=figure(image, caption="Le chat du bureau", alt="Le chat, vu de près"))
    page = soup_of(client.get(article.get_absolute_url()))
    shown = page.select_one(".prose figure.figure")
    source = shown.select_one("picture source[type='image/webp']")
    img = shown.select_one("picture img")
    assert [part.split()[-1] for part in source["srcset"].split(", ")] == ["480w", "800w", "1200w", "1600w"]
    assert [part.split()[-1] for part in img["srcset"].split(", ")] == ["480w", "800w", "1200w", "1600w"]
    assert img["src"].endswith("-1200w.jpg")
    assert (img["width"], img["height"]) == ("1200", "600")
    assert img["sizes"] == source["sizes"]
    assert img["alt"] == "Le chat, vu de près"
    assert img["loading"] == "lazy"
    caption = shown.figcaption
    assert caption.get_text(" ", strip=True).startswith("Le chat du bureau ")
    assert caption.select_one(".figure__credit").get_text().endswith("Jeanne Martin")


def test_a_figure_without_alt_text_gets_the_librarys(client, make_media_image, make_article):
    image = make_media_image(alt_text="Un chat roux")
    article = make_article(body=figure(image, alt=""))
    assert soup_of(client.get(article.get_absolute_url())).select_one(".prose img")["alt"] == "Un chat roux"


def test_a_credit_with_markup_is_shown_as_text(client, make_media_image, make_article):
    image = make_media_image(credit="<em>Jeanne</em>")
    article = make_article(body=figure(image, caption=""))
    caption = soup_of(client.get(article.get_absolute_url())).select_one(".prose figcaption")
    assert caption.find("em") is None and "<em>Jeanne</em>" in caption.get_text()


def test_a_caption_typed_with_markup_stays_text(make_media_image, make_article):
    image = make_media_image()
    article = make_article(body=figure(image, caption="&lt;script&gt;alert(1)&lt;/script&gt;"))
    assert BeautifulSoup(article.body, "html.parser").figcaption.get_text() == "<script>alert(1)</script>"


def test_a_library_image_named_by_its_address_only_is_responsive_too(client, make_media_image, make_article):
    image = make_media_image()
    article = make_article(body=f'<p><img src="{image.file.url}" alt="Seule"></p>')
    img = soup_of(client.get(article.get_absolute_url())).select_one(".prose picture img")
    assert img["srcset"] and img["alt"] == "Seule"


def test_other_images_of_the_site_are_left_as_they_are(client, make_article):
    article = make_article(body='<figure><img src="/media/wordpress/2020/01/chat.png" alt="Chat"></figure>')
    shown = soup_of(client.get(article.get_absolute_url())).select_one(".prose figure")
    assert shown.img["src"] == "/media/wordpress/2020/01/chat.png" and shown.find("picture") is None


def count_article_page_queries(client, article):
    client.get(article.get_absolute_url())  # warms the caches of site settings and navigation
    with CaptureQueriesContext(connection) as context:
        assert client.get(article.get_absolute_url()).status_code == 200
    return len(context.captured_queries)


@pytest.mark.usefixtures("uncached_pages")
def test_figures_cost_one_query_whatever_their_number(client, make_media_image, make_article):
    images = [make_media_image(alt_text=f"Image {index}") for index in range(6)]
    without_figures = make_article()
    with_one = make_article(body=figure(images[0]))
    with_six = make_article(body="".join(figure(image) for image in images))
    assert len(soup_of(client.get(with_six.get_absolute_url())).select(".prose picture")) == 6
    baseline = count_article_page_queries(client, without_figures)
    assert count_article_page_queries(client, with_one) == baseline + 1
    assert count_article_page_queries(client, with_six) == baseline + 1


# What the library knows of articles


def test_saving_an_article_records_the_library_images_it_shows(make_media_image, make_article):
    shown, also_shown, not_shown = make_media_image(), make_media_image(), make_media_image()
    article = make_article(body=figure(shown) + f'<p><img src="{also_shown.file.url}" alt="x"></p>')
    assert set(article.media_images.all()) == {shown, also_shown}
    article.body = figure(not_shown)
    article.save()
    assert list(article.media_images.all()) == [not_shown]
    article.body = "<p>Plus d’image.</p>"
    article.save()
    assert not article.media_images.exists()


def test_a_new_image_caption_or_credit_reaches_the_pages_at_once(client, make_media_image, make_article, settings):
    settings.PAGE_CACHE_SECONDS = 600
    image = make_media_image(credit="Avant")
    article = make_article(body=figure(image))
    assert "Avant" in client.get(article.get_absolute_url()).content.decode()
    image.credit = "Après"
    image.save()
    assert "Après" in client.get(article.get_absolute_url()).content.decode()


# The body's allow-list for images


def test_only_the_sites_own_images_stay_images_in_a_body(settings):
    settings.SITE_URL = "https://refbax.example"
    body = sanitize_html(
        '<figure class="figure"><img src="/media/library/a.png" alt="A" data-file="7" width="640" height="x">'
        '<figcaption class="figure-caption">Légende</figcaption></figure>'
        '<p><img src="https://tracker.example/pixel.png" alt="Pixel">'
        ' <img src="https://refbax.example/media/b.png" alt="">'
        ' <img src="/media/../admin/" alt=""> <img src="data:image/png;base64,AAAA" alt="D"></p>'
    )
    parsed = BeautifulSoup(body, "html.parser")
    assert [img["src"] for img in parsed.find_all("img")] == ["/media/library/a.png", "/media/b.png"]
    assert parsed.figure.img.attrs == {"src": "/media/library/a.png", "alt": "A", "data-file": "7", "width": "640"}
    assert parsed.figure.figcaption.get_text() == "Légende" and not parsed.figure.get("class")
    assert parsed.find("a", string="Pixel")["href"] == "https://tracker.example/pixel.png"
    assert sanitize_html(body) == body


def test_an_image_from_elsewhere_inside_a_link_becomes_a_plain_link(settings):
    body = sanitize_html('<p><a href="/grand.jpg"><img src="https://ancien.example/p.jpg" alt="Chat"></a></p>')
    assert [a["href"] for a in BeautifulSoup(body, "html.parser").find_all("a")][-1] == "https://ancien.example/p.jpg"
    assert sanitize_html(body) == body


def test_a_forged_data_file_is_dropped(make_article):
    article = make_article(body='<figure><img src="/media/a.png" alt="" data-file="1 OR 1=1"></figure>')
    assert "data-file" not in article.body
    assert Article.objects.get(pk=article.pk).media_images.count() == 0


def test_the_rebuild_command_remakes_the_librarys_renditions_too(make_media_image, django_capture_on_commit_callbacks):
    image = make_media_image()
    MediaImage.objects.filter(pk=image.pk).update(renditions={})
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rebuild_renditions", "--missing", stdout=io.StringIO())
    image.refresh_from_db()
    assert image.renditions["source"] == image.file.name
    assert sorted({entry["width"] for entry in image.renditions["images"]}) == [480, 600]
