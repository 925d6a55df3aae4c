"""Shared fixtures: a cache of its own per test process, cleared for each test, a media folder, factories,
the staff of each role, and the sets of articles several apps' tests read.

Fixtures of one app only are in tests/<app>/conftest.py; helpers (plain functions) in tests/helpers/.
"""

import copy
import itertools
import os
import secrets
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Author, Category
from site_settings.models import SiteSettings
from site_settings.roles import EDITORS, MODERATORS, WRITERS
from tests.helpers import days_ago, form_values, image_bytes

# Unique suffixes for names that must not clash between factory calls.
_sequence = itertools.count(1)


@pytest.fixture(autouse=True, scope="session")
def cache_of_this_process(tmp_path_factory):
    """The configured cache backend, but a store of this test process's own.

    Parallel test processes (and other runs on the same Redis) would otherwise
    read each other's pages, counters and rate limits: a folder of its own for
    the shared file cache, a key prefix of its own on Redis.
    """
    caches = copy.deepcopy(django_settings.CACHES)
    default = caches["default"]
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    if default["BACKEND"].endswith("RedisCache"):
        default["KEY_PREFIX"] = f"{default.get('KEY_PREFIX', '')}-test-{secrets.token_hex(4)}-{worker}"
    else:
        default["LOCATION"] = str(tmp_path_factory.mktemp(f"cache-{worker}"))
    with override_settings(CACHES=caches):
        yield
        cache.clear()


@pytest.fixture(autouse=True)
def clear_cache(cache_of_this_process):
    """What a test leaves in the cache is never seen by the next: the database rollback does not reach it."""
    cache.clear()


@pytest.fixture(autouse=True)
def empty_not_found_counts():
    """The 404s counted in memory by earlier tests are never written during this one (redirects/not_found.py)."""
    from redirects import not_found

    not_found.discard()


@pytest.fixture
def uncached_pages(settings):
    """Pages rendered every time: for counting what a page costs when the page cache misses."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    # The real hasher takes most of a second per password by design; tests need none of that.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files (covers, avatars) go to a folder deleted after the test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def make_image():
    """make_image(name="cover.png", width=8, height=6, image_format="PNG") -> an uploaded file."""

    def make(name="cover.png", width=8, height=6, image_format="PNG"):
        content_type = f"image/{image_format.lower()}"
        return SimpleUploadedFile(name, image_bytes(width, height, image_format), content_type=content_type)

    return make


@pytest.fixture
def make_category(db):
    def make(name=None, **fields):
        return Category.objects.create(name=name or f"Rubrique {next(_sequence)}", **fields)

    return make


@pytest.fixture
def make_author(db):
    def make(name=None, **fields):
        return Author.objects.create(name=name or f"Autrice {next(_sequence)}", **fields)

    return make


@pytest.fixture
def make_article(db, make_author, make_category):
    """make_article(**overrides, tags=[...]): a published article from yesterday unless told otherwise."""

    def make(*, tags=(), **overrides):
        fields = {
            "title": f"Article numéro {next(_sequence)}",
            "standfirst": "Un chapô qui résume l’article.",
            "body": "<p>Un paragraphe de texte pour le corps de l’article.</p>",
            "status": Article.Status.PUBLISHED,
            "published_at": timezone.now() - timedelta(days=1),
            **overrides,
        }
        if "author" not in fields:
            fields["author"] = make_author()
        if "category" not in fields:
            fields["category"] = make_category()
        article = Article.objects.create(**fields)
        if tags:
            article.tags.add(*tags)
        return article

    return make


# The staff, one of each role (site_settings/roles.py)


@pytest.fixture
def editor(django_user_model):
    """A member of the editors' group: staff, not superuser, with only the group's permissions."""
    user = django_user_model.objects.create_user(
        "editrice", "editrice@example.com", "motdepasse-solide", is_staff=True
    )
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def writer(django_user_model, make_author):
    """A member of the writers' group with an author profile: writes and submits, never publishes."""
    user = django_user_model.objects.create_user(
        "redacteur", "redacteur@example.com", "motdepasse-solide", is_staff=True, first_name="Julien"
    )
    user.groups.add(Group.objects.get(name=WRITERS))
    make_author(name="Julien Petit", user=user)
    return user


@pytest.fixture
def writer_client(client, writer):
    client.force_login(writer)
    return client


@pytest.fixture
def moderator(django_user_model):
    """A member of the moderators' group: staff, not superuser, with only the group's permissions."""
    user = django_user_model.objects.create_user(
        "moderatrice", "moderatrice@example.com", "motdepasse-solide", is_staff=True
    )
    user.groups.add(Group.objects.get(name=MODERATORS))
    return user


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run `action` and what it leaves for after the commit (the e-mails), as a real request would."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


# Articles several apps' tests read


@pytest.fixture
def desk(make_article, make_author, make_category):
    """A draft, a scheduled and a published article, for the admin's lists and forms."""
    author, category = make_author(name="Claire Morel"), make_category(name="SEO")
    return {
        "draft": make_article(title="Le brouillon", status=Article.Status.DRAFT, author=author, tags=["python"]),
        "scheduled": make_article(title="Le programmé", published_at=timezone.now() + timedelta(days=3)),
        "published": make_article(title="Le guide publié", category=category, tags=["python", "seo"]),
    }


@pytest.fixture
def add_form(editor_client, make_author, make_category):
    """The admin's add form of an article, its values as a browser would post them, filled in with a new article."""
    author, category = make_author(name="Claire Morel"), make_category(name="SEO")
    data = form_values(editor_client.get(reverse("admin:articles_article_add")), "article_form")
    data.update(
        {
            "title": "Sécurité des API",
            "standfirst": "La check-list avant la mise en production.",
            "body": "<h2>Pourquoi ?</h2><p>Parce que.</p><script>alert(1)</script>",
            "author": str(author.pk),
            "category": str(category.pk),
            "tags": "SEO, Sécurité, API",
            "status": "published",
            "published_at": "2026-07-09T10:00",
            "_save": "Enregistrer",
        }
    )
    return data


def body_of_words(count):
    return "<p>" + " ".join(["mot"] * count) + "</p>"


@pytest.fixture
def full_article(make_article, make_author, make_category, settings):
    """An article with everything its page can show, published on 9 July 2026 (Paris time), and a related one."""
    settings.SITE_URL = "https://www.refbax.example"
    SiteSettings(
        cta_title="La lettre de Refbax",
        cta_text="Un e-mail par mois.",
        cta_label="Je m’abonne",
        cta_url="/newsletter/",
    ).save()
    author = make_author(name="Claire Morel", bio="Consultante SEO depuis douze ans.")
    category = make_category(name="Référencement")
    article = make_article(
        title="Audit SEO technique",
        standfirst="Le guide complet.",
        body=body_of_words(937),
        author=author,
        category=category,
        # Just after midnight in Paris: still the 8th in UTC.
        published_at=datetime(2026, 7, 9, 0, 30, tzinfo=ZoneInfo("Europe/Paris")),
        tags=["SEO", "Sécurité", "Core Web Vitals"],
    )
    related = make_article(title="Maillage interne", body=body_of_words(100), tags=["SEO"])
    return article, related


@pytest.fixture
def library(make_article, make_author, make_category):
    """Published, draft and scheduled articles of two authors, two categories and two tags."""
    claire, julien = make_author(name="Claire Morel"), make_author(name="Julien Besson")
    seo, dev = make_category(name="SEO"), make_category(name="Développement")
    future = timezone.now() + timedelta(days=3)
    return {
        "seo by claire": make_article(author=claire, category=seo, tags=["python"], published_at=days_ago(1)),
        "dev by claire": make_article(author=claire, category=dev, tags=["django"], published_at=days_ago(2)),
        "dev by julien": make_article(author=julien, category=dev, tags=["python"], published_at=days_ago(3)),
        "draft": make_article(author=claire, category=seo, tags=["python"], status=Article.Status.DRAFT),
        "scheduled": make_article(author=claire, category=seo, tags=["python"], published_at=future),
        "draft only tag": make_article(author=julien, category=dev, tags=["brouillon"], status=Article.Status.DRAFT),
    }


@pytest.fixture
def searchable(make_article):
    """Articles to find by a word of their title, standfirst or body, and a draft never found."""
    return {
        "title": make_article(title="Le guide du maillage interne", body="<p>Rien.</p>"),
        "standfirst": make_article(title="Autre", standfirst="Tout sur le netlinking propre."),
        "body": make_article(title="Encore", body="<p>Les <strong>Core</strong> Web Vitals expliqués.</p>"),
        "draft": make_article(
            title="Brouillon sur le maillage", body="<p>netlinking vitals</p>", status=Article.Status.DRAFT
        ),
    }
