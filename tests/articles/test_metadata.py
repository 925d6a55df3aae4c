"""Head metadata of every page: title, description, canonical, OpenGraph, Twitter card and JSON-LD."""

import json
from datetime import datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from articles.models import Article
from site_settings.models import SiteSettings

pytestmark = [pytest.mark.django_db]

SITE = "https://www.refbax.example"
LONG_STANDFIRST = (
    "Un chapô volontairement long, qui raconte en détail ce que l’article explique : les logs serveur, "
    "le budget d’exploration, les redirections et les pages orphelines que personne ne voit plus jamais."
)


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE
    SiteSettings(name="Refbax", tagline="Le blog du marketing web").save()


def head_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser").head


def meta(head, key):
    """The content of <meta property=key> or <meta name=key>; all of them for a repeated key."""
    tags = head.find_all("meta", attrs={"property": key}) or head.find_all("meta", attrs={"name": key})
    values = [tag["content"] for tag in tags]
    return values[0] if len(values) == 1 else values


def json_ld(head):
    blocks = []
    for script in head.find_all("script", type="application/ld+json"):
        data = json.loads(script.string)
        blocks.extend(data if isinstance(data, list) else [data])
    return {block["@type"]: block for block in blocks}


@pytest.fixture
def article(make_article, make_author, make_image):
    author = make_author(name="Claire Morel", website="https://claire.example/")
    return make_article(
        title="Audit SEO : la méthode",
        standfirst=LONG_STANDFIRST,
        body="<p>" + " ".join(["mot"] * 1000) + "</p>",
        author=author,
        cover=make_image(width=2000, height=1000),
        cover_alt="Un tableau de bord",
        tags=["SEO", "Logs"],
    )


# Article pages


def test_the_article_page_has_its_title_description_and_canonical(client, article):
    head = head_of(client, article.get_absolute_url())
    assert head.title.string == f"{article.title} – Refbax"
    description = meta(head, "description")
    assert len(description) <= 160
    assert description.endswith("…")
    assert article.standfirst.startswith(description.removesuffix("…"))
    assert article.standfirst[len(description) - 1] == " ", "cut between two words"
    assert head.find("link", rel="canonical")["href"] == SITE + article.get_absolute_url()


def test_the_seo_fields_override_title_and_description(client, article):
    article.seo_title = "Audit SEO en 10 étapes"
    article.seo_description = "Notre méthode d’audit, pas à pas."
    article.save()
    head = head_of(client, article.get_absolute_url())
    assert head.title.string == "Audit SEO en 10 étapes – Refbax"
    assert meta(head, "description") == "Notre méthode d’audit, pas à pas."
    assert meta(head, "og:title") == "Audit SEO en 10 étapes"
    assert json_ld(head)["BlogPosting"]["description"] == "Notre méthode d’audit, pas à pas."


def test_the_article_page_has_opengraph_and_a_large_twitter_card(client, article):
    head = head_of(client, article.get_absolute_url())
    url = SITE + article.get_absolute_url()
    assert meta(head, "og:type") == "article"
    assert meta(head, "og:title") == article.title
    assert meta(head, "og:description") == meta(head, "description")
    assert meta(head, "og:url") == url
    assert meta(head, "og:locale") == "fr_FR"
    assert meta(head, "og:site_name") == "Refbax"
    assert meta(head, "og:image:alt") == "Un tableau de bord"
    assert meta(head, "twitter:card") == "summary_large_image"
    assert meta(head, "article:author") == SITE + article.author.get_absolute_url()
    assert sorted(meta(head, "article:tag")) == ["Logs", "SEO"]
    assert meta(head, "article:section") == article.category.name
    published = datetime.fromisoformat(meta(head, "article:published_time"))
    assert published == article.published_at.replace(microsecond=0)
    assert datetime.fromisoformat(meta(head, "article:modified_time")) >= published


def test_og_image_is_the_1200_by_630_social_image_and_says_so(client, article):
    head = head_of(client, article.get_absolute_url())
    image_url = meta(head, "og:image")
    assert image_url.startswith(SITE + "/media/renditions/")
    with default_storage.open(image_url.removeprefix(SITE + "/media/")) as file:
        image = Image.open(file)
        assert image.size == (1200, 630)
    assert (meta(head, "og:image:width"), meta(head, "og:image:height")) == ("1200", "630")
    assert meta(head, "og:image:type") == "image/jpeg"


def test_the_article_page_describes_itself_as_a_blog_posting(client, article):
    head = head_of(client, article.get_absolute_url())
    posting = json_ld(head)["BlogPosting"]
    url = SITE + article.get_absolute_url()
    assert posting["@context"] == "https://schema.org"
    assert posting["headline"] == article.title
    assert posting["description"] == meta(head, "description")
    assert posting["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert posting["wordCount"] == 1000
    assert posting["timeRequired"] == "PT4M"
    assert posting["keywords"] == ["SEO", "Logs"]
    assert datetime.fromisoformat(posting["datePublished"]) == article.published_at.replace(microsecond=0)
    assert datetime.fromisoformat(posting["dateModified"]) >= datetime.fromisoformat(posting["datePublished"])
    assert posting["author"] == {
        "@type": "Person",
        "name": "Claire Morel",
        "url": SITE + article.author.get_absolute_url(),
        "sameAs": ["https://claire.example/"],
    }
    publisher = posting["publisher"]
    assert publisher["@type"] == "Organization"
    assert publisher["name"] == "Refbax"
    assert publisher["logo"]["url"].startswith(SITE + "/static/")
    assert posting["image"] == {"@type": "ImageObject", "url": meta(head, "og:image"), "width": 1200, "height": 630}


def test_the_article_page_has_a_breadcrumb_home_category_article(client, article):
    crumbs = json_ld(head_of(client, article.get_absolute_url()))["BreadcrumbList"]["itemListElement"]
    assert [(crumb["position"], crumb["name"], crumb["item"]) for crumb in crumbs] == [
        (1, "Accueil", SITE + "/"),
        (2, article.category.name, SITE + article.category.get_absolute_url()),
        (3, article.title, SITE + article.get_absolute_url()),
    ]


def test_json_ld_cannot_be_closed_by_a_title(client, make_article):
    title = "Fermer </script><script>alert(1)</script> & <!-- commenter"
    article = make_article(title=title)
    response = client.get(article.get_absolute_url())
    soup = BeautifulSoup(response.content, "html.parser")
    assert json_ld(soup.head)["BlogPosting"]["headline"] == title
    assert b"</script><script>alert" not in response.content


def header_dates(client, article):
    soup = BeautifulSoup(client.get(article.get_absolute_url()).content, "html.parser")
    return [datetime.fromisoformat(time["datetime"]) for time in soup.select(".article__header time")]


def test_the_visible_update_date_is_the_last_change_of_content_not_of_any_save(client, make_article):
    article = make_article(published_at=timezone.now() - timedelta(days=30))
    Article.objects.filter(pk=article.pk).update(content_changed_at=article.published_at)
    article.refresh_from_db()
    article.featured = True
    article.save()
    assert len(header_dates(client, article)) == 1, "no update date: only the publication date"
    article.title = "Un titre corrigé"
    article.save()
    published, updated = header_dates(client, article)
    assert updated == article.content_changed_at.replace(microsecond=0)  # valid HTML: to the second
    assert updated > published


# Every page type


@pytest.fixture
def pages(article, make_article):
    for _index in range(3):
        make_article(category=article.category, tags=["SEO"], author=article.author)
    return {
        "home": "/",
        "article": article.get_absolute_url(),
        "category": article.category.get_absolute_url(),
        "tag": "/tag/seo/",
        "author": article.author.get_absolute_url(),
        "search": "/search/?q=article",
    }


def test_every_page_has_a_unique_title_and_the_social_metadata(client, pages):
    titles = set()
    for kind, url in pages.items():
        head = head_of(client, url)
        titles.add(head.title.string)
        canonical = head.find("link", rel="canonical")["href"]
        assert canonical.startswith(SITE + "/"), kind
        assert meta(head, "description"), kind
        assert meta(head, "og:url") == canonical, kind
        assert meta(head, "og:title"), kind
        assert meta(head, "og:description") == meta(head, "description"), kind
        assert meta(head, "og:image").startswith(SITE + "/"), kind
        assert meta(head, "og:image:width") and meta(head, "og:image:height"), kind
        assert meta(head, "og:locale") == "fr_FR", kind
        assert meta(head, "og:type") == ("article" if kind == "article" else "website"), kind
        assert meta(head, "twitter:card") == "summary_large_image", kind
    assert len(titles) == len(pages)


def test_the_default_social_image_has_the_size_it_claims(client, pages):
    head = head_of(client, "/")
    assert meta(head, "og:image") == SITE + "/static/img/social.png"
    with Image.open(finders.find("img/social.png")) as image:
        assert image.size == (int(meta(head, "og:image:width")), int(meta(head, "og:image:height")))


def test_the_home_page_describes_the_website_and_its_publisher(client, pages):
    website = json_ld(head_of(client, "/"))["WebSite"]
    assert website["url"] == SITE + "/"
    assert website["name"] == "Refbax"
    assert website["publisher"]["logo"]["width"] == 512


def test_pages_of_a_list_have_their_own_title_and_canonical_without_other_parameters(
    client, make_article, make_category, settings
):
    settings.ARTICLES_PER_PAGE = 2
    category = make_category(name="Développement")
    for _index in range(3):
        make_article(category=category)
    first = head_of(client, category.get_absolute_url() + "?utm_source=lettre")
    second = head_of(client, category.get_absolute_url() + "?page=2&utm_source=lettre")
    assert first.title.string != second.title.string
    assert first.find("link", rel="canonical")["href"] == SITE + category.get_absolute_url()
    assert second.find("link", rel="canonical")["href"] == SITE + category.get_absolute_url() + "?page=2"
    assert meta(second, "og:url") == SITE + category.get_absolute_url() + "?page=2"


# Cost


def count_queries(client, url):
    client.get(url)  # fills the caches of site settings and navigation
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.usefixtures("uncached_pages")
def test_images_and_metadata_add_no_query_to_the_article_page(client, make_article, make_author, make_image):
    plain = make_article(tags=["SEO"])
    for _index in range(3):
        make_article(tags=["SEO"])
    illustrated_author = make_author(avatar=make_image(width=300, height=300))
    illustrated = make_article(
        tags=["Python"], author=illustrated_author, cover=make_image(width=1600, height=900), cover_alt="Image"
    )
    for _index in range(3):
        make_article(tags=["Python"], cover=make_image(width=1200, height=600), cover_alt="Image")
    assert count_queries(client, illustrated.get_absolute_url()) == count_queries(client, plain.get_absolute_url())
