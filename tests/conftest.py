"""Shared fixtures: a cache of its own per test process, cleared for each test, a media folder, and factories."""

import copy
import io
import itertools
import os
import secrets
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.utils import override_settings
from django.utils import timezone
from PIL import Image

from articles.models import Article, Author, Category

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


def image_bytes(width=8, height=6, image_format="PNG"):
    """A tiny valid image, drawn in memory."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(buffer, image_format)
    return buffer.getvalue()


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


@pytest.fixture
def editor(django_user_model):
    """A member of the "Éditeurs" group: staff, not superuser, with only the group's permissions."""
    user = django_user_model.objects.create_user(
        "editrice", "editrice@example.com", "motdepasse-solide", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Éditeurs"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def writer(django_user_model, make_author):
    """A member of the "Rédacteurs" group with an author profile: writes and submits, never publishes."""
    user = django_user_model.objects.create_user(
        "redacteur", "redacteur@example.com", "motdepasse-solide", is_staff=True, first_name="Julien"
    )
    user.groups.add(Group.objects.get(name="Rédacteurs"))
    make_author(name="Julien Petit", user=user)
    return user


@pytest.fixture
def writer_client(client, writer):
    client.force_login(writer)
    return client
