"""The demo command, loaded once for the whole module."""

import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from PIL import Image
from taggit.models import Tag

from articles.models import Article, Author, Category
from refbax.management.commands import demo
from site_settings.models import SiteSettings
from site_settings.roles import EDITORS, WRITERS

pytestmark = pytest.mark.django_db


def run_demo(*args):
    output = io.StringIO()
    call_command("demo", *args, stdout=output, stderr=io.StringIO())
    return output.getvalue()


def counts():
    articles = Article.objects
    return {
        "authors": Author.objects.count(),
        "categories": Category.objects.count(),
        "tags": Tag.objects.count(),
        "articles": articles.count(),
        "published": articles.published().count(),
        "drafts": articles.filter(status=Article.Status.DRAFT).count(),
        "scheduled": sum(article.is_scheduled for article in articles.all()),
        "users": get_user_model().objects.count(),
        "site settings": SiteSettings.objects.count(),
    }


draw_full_size_cover = demo.draw_cover


def small_cover(title, category_name, colour, seed):
    """A plain 160×84 cover in the category's colour: making its renditions takes no time."""
    buffer = io.BytesIO()
    Image.new("RGB", (160, 84), colour).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def demo_media(tmp_path_factory):
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture
def media_root(settings, demo_media):
    """The demo's covers stay where the module's single run drew them."""
    settings.MEDIA_ROOT = demo_media
    return demo_media


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker, demo_media):
    """What the first run printed, on an empty database (with --if-empty, which must not hold it back).

    The content lives in a transaction around the module's tests, each of which
    runs in its own savepoint; it is all rolled back at the end of the module.
    """
    fast_hasher = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=demo_media, PASSWORD_HASHERS=fast_hasher),
        pytest.MonkeyPatch.context() as patch,
    ):
        # Full-size covers cost seconds each in renditions; test_the_demo_draws_full_size_covers covers them.
        patch.setattr(demo, "draw_cover", small_cover)
        with transaction.atomic():
            assert not Article.objects.exists()
            yield run_demo("--if-empty")
            transaction.set_rollback(True)


def test_the_demo_creates_a_complete_site(demo_site):
    created = counts()
    assert created["authors"] >= 3
    assert created["categories"] == 5
    assert created["tags"] >= 25
    assert created["published"] >= 30
    assert created["drafts"] == 2
    assert created["scheduled"] == 1
    assert created["site settings"] == 1
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser
    assert admin.check_password("refbax-demo")


def test_the_demo_prints_the_admin_login(demo_site):
    assert "admin" in demo_site
    assert "refbax-demo" in demo_site


def test_running_the_demo_twice_changes_nothing(demo_site):
    first = counts()
    slugs = set(Article.objects.values_list("slug", flat=True))
    run_demo()
    assert counts() == first
    run_demo()
    assert counts() == first
    assert set(Article.objects.values_list("slug", flat=True)) == slugs


def test_demo_articles_have_a_realistic_length_and_structure(demo_site):
    for article in Article.objects.published():
        assert 300 <= article.word_count <= 2500, (article.title, article.word_count)
    bodies = BeautifulSoup("".join(Article.objects.values_list("body", flat=True)), "html.parser")
    for element in ["h2", "ul", "a", "blockquote"]:
        assert bodies.find(element), element


def test_demo_articles_have_covers_drawn_locally_with_alternative_text(demo_site, demo_media):
    for article in Article.objects.all():
        assert (demo_media / article.cover.name).is_file()
        assert article.cover_width and article.cover_height
        assert article.cover_alt.strip()


def test_the_demo_draws_full_size_covers_without_downloading_anything():
    with Image.open(
        io.BytesIO(draw_full_size_cover("Un titre d’article", "Référencement", "#1f4fd1", "graine"))
    ) as image:
        assert image.format == "JPEG"
        assert image.size == (1600, 840)


def test_demo_authors_have_a_bio_and_an_account_in_the_newsroom(demo_site):
    groups = {}
    for author in Author.objects.select_related("user"):
        assert author.bio
        groups[author.user.username] = list(author.user.groups.values_list("name", flat=True))
    assert groups == {"claire": [EDITORS], "julien": [WRITERS], "amina": [EDITORS]}


def test_one_demo_article_is_featured_and_some_have_hand_picked_related_ones(demo_site):
    assert Article.objects.published().filter(featured=True).exists()
    assert Article.objects.exclude(related_picks=None).exists()


def test_the_demo_site_serves_its_pages(demo_site, client):
    article = Article.objects.published().filter(related_picks__isnull=False).first()
    for url in ["/", article.get_absolute_url(), article.category.get_absolute_url(), "/search/?q=SEO"]:
        assert client.get(url).status_code == 200, url


def test_the_first_run_on_an_empty_database_is_not_held_back_by_if_empty(demo_site):
    assert Article.objects.published().count() >= 30


def test_if_empty_does_nothing_on_a_database_with_articles(demo_site):
    SiteSettings.objects.all().delete()
    get_user_model().objects.filter(username="admin").delete()
    before = counts()
    run_demo("--if-empty")
    # A full run would have put both back.
    assert counts() == before
    assert not SiteSettings.objects.exists()
    assert not get_user_model().objects.filter(username="admin").exists()


def test_demo_site_settings_pass_their_own_validation(demo_site):
    SiteSettings.objects.get().full_clean()


def test_demo_articles_authors_and_categories_pass_validation(demo_site):
    for instance in [*Article.objects.all(), *Author.objects.all(), *Category.objects.all()]:
        instance.full_clean()
