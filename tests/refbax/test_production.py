"""Production settings and operations: configuration, Redis, search, brute force, uploads, backups."""

import io
import json
import os
import secrets
import socket
import sqlite3
import subprocess
import sys

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from PIL import Image

from articles.models import Article
from comments.models import Comment
from comments.notifications import notify_moderators
from comments.throttle import over_limit
from media_library.uploads import ImageUploadField
from pagecache.backends import CacheUnavailable, ResilientRedisCache
from refbax.environment import email_settings
from tests.servers import ROOT, manage

REDIS_UP = socket.socket().connect_ex(("127.0.0.1", 6379)) == 0


def run_python(code, **environment):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "refbax.settings", **environment}
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)


def test_the_site_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = run_python("import django; django.setup()", DEBUG="0", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY is required when DEBUG is off" in result.stderr


def test_the_deployment_check_reports_no_issue_with_production_settings():
    environment = {**os.environ, "DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "a.example"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_the_admin_can_be_moved_by_a_setting():
    result = run_python(
        "import django; django.setup(); from django.urls import reverse; print(reverse('admin:index'))",
        ADMIN_URL="gestion-interne",
    )
    assert result.stdout.strip() == "/gestion-interne/"


@pytest.mark.parametrize(
    ("url", "backend", "options"),
    [
        ("console://", "console", {}),
        ("locmem://", "locmem", {}),
        (
            "smtp://user%40site:p%40ss@mail.example:2525",
            "smtp",
            {"host": "mail.example", "port": 2525, "username": "user@site", "password": "p@ss", "use_tls": True},
        ),
        ("smtps://mail.example", "smtp", {"port": 465, "use_ssl": True, "use_tls": False}),
        ("file:///var/mail/refbax", "filebased", {"file_path": "/var/mail/refbax"}),
    ],
)
def test_email_urls_become_the_mailers_setting(url, backend, options):
    mailer = email_settings(url)["default"]
    assert mailer["BACKEND"] == f"django.core.mail.backends.{backend}.EmailBackend"
    assert options.items() <= mailer["OPTIONS"].items()


def test_an_unknown_email_url_is_refused_clearly():
    with pytest.raises(Exception, match="unknown scheme"):
        email_settings("pigeon://loft")


@pytest.mark.skipif(not REDIS_UP, reason="Redis is not running on 127.0.0.1:6379")
def test_two_servers_share_the_redis_cache():
    prefix = secrets.token_hex(4)
    first = ResilientRedisCache("redis://127.0.0.1:6379/0", {"KEY_PREFIX": prefix})
    second = ResilientRedisCache("redis://127.0.0.1:6379/0", {"KEY_PREFIX": prefix})
    first.set("shared", "value", 30)
    assert second.get("shared") == "value"
    first.add("counter", 0, 30)
    first.incr("counter")
    assert second.incr("counter") == 2
    first.delete_many(["shared", "counter"])


def test_an_unreachable_redis_gives_misses_not_errors():
    dead = ResilientRedisCache("redis://127.0.0.1:9/0", {"OPTIONS": {"socket_connect_timeout": 0.2}})
    assert dead.get("anything", "default") == "default"
    assert dead.set("key", "value") is None
    assert dead.add("key", "value") is False
    with pytest.raises(CacheUnavailable):
        dead.incr("key")


@pytest.mark.django_db
def test_the_rate_limit_counts_in_the_database_when_the_cache_is_away(settings, make_article):
    settings.CACHES = {
        "default": {
            "BACKEND": "pagecache.backends.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }
    article = make_article()
    for number in range(5):
        Comment.objects.create(
            article=article, author_name="A", author_email="a@example.org", body=f"{number}", ip_hash="flood"
        )
    assert over_limit("flood")
    assert not over_limit("someone-else")


@pytest.mark.django_db
def test_the_admin_login_locks_out_after_five_failures(client, django_user_model):
    django_user_model.objects.create_superuser("chef", "chef@example.org", "the-right-password")
    login = reverse("admin:login")
    answers = [
        client.post(login, {"username": "chef", "password": "wrong", "next": "/admin/"}).status_code
        for _attempt in range(5)
    ]
    assert answers == [200, 200, 200, 200, 429]
    response = client.post(login, {"username": "chef", "password": "the-right-password", "next": "/admin/"})
    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()


def test_an_upload_is_stored_under_the_extension_of_its_real_format():
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), "red").save(buffer, "PNG")
    upload = SimpleUploadedFile("../../mal veillant.html", buffer.getvalue(), content_type="text/html")
    cleaned = ImageUploadField().clean(upload)
    assert cleaned.name == "mal-veillant.png"


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
def test_postgresql_search_ignores_accents_and_finds_related_forms(make_article):
    secure = make_article(title="Sécuriser une API", body="<p>Des conseils pratiques.</p>")
    plain = make_article(title="La securite des formulaires", body="<p>Sans accents.</p>")
    make_article(title="Recettes de cuisine", body="<p>Rien à voir.</p>")
    for query in ["sécurité", "securite", "sécuriser", "SECURITE"]:
        assert set(Article.objects.published().search_and_count(query)[0]) == {secure, plain}, query


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
def test_postgresql_search_finds_long_words_by_their_stem(make_article):
    # The French stemmer cuts more than a prefix three letters short: "référencement" -> referenc.
    seo = make_article(title="Le référencement naturel", body="<p>Des liens et des contenus.</p>")
    make_article(title="Recettes de cuisine", body="<p>Rien à voir.</p>")
    for query in ["référencement", "Referencement", "référencer", "référencement naturel", "contenus"]:
        assert list(Article.objects.published().search_and_count(query)[0]) == [seo], query


@pytest.mark.django_db
def test_search_survives_hostile_queries(make_article):
    make_article(title="Un article")
    for query in ["'); DROP TABLE articles_article; --", "!!! & | :* <->", "\u202e", "a" * 200, "   "]:
        assert list(Article.objects.published().search_and_count(query)[0]) == []


def test_backup_and_restore_bring_back_the_database_and_the_media(tmp_path):
    database = tmp_path / "db.sqlite3"
    media = tmp_path / "media"
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "MEDIA_ROOT": str(media),
        "DJANGO_SETTINGS_MODULE": "refbax.settings",
    }
    manage("migrate", "-v0", environment=environment)
    media.mkdir()
    (media / "photo.jpg").write_bytes(b"original")
    connection_ = sqlite3.connect(database)
    # Set by the site's connections: gunicorn's workers read on while one of them writes.
    assert connection_.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    connection_.execute(
        "INSERT INTO articles_category (name, slug, description, position) VALUES ('Avant', 'a', '', 0)"
    )
    connection_.commit()
    connection_.close()

    manage("backup", "--output", str(tmp_path / "backups"), environment=environment)
    archive = next((tmp_path / "backups").glob("refbax-*.tar.gz"))

    connection_ = sqlite3.connect(database)
    connection_.execute("DELETE FROM articles_category")
    connection_.commit()
    connection_.close()
    (media / "photo.jpg").write_bytes(b"changed")
    (media / "new.jpg").write_bytes(b"added after the backup")

    manage("restore", "--yes", str(archive), environment=environment)
    connection_ = sqlite3.connect(database)
    assert connection_.execute("SELECT name FROM articles_category").fetchall() == [("Avant",)]
    connection_.close()
    assert (media / "photo.jpg").read_bytes() == b"original"
    assert not (media / "new.jpg").exists()


def test_restore_refuses_an_archive_that_is_not_a_backup(tmp_path):
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"not an archive")
    result = subprocess.run(
        [sys.executable, "manage.py", "restore", "--yes", str(bogus)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr


def test_the_log_lines_are_json():
    result = run_python(
        "import django, logging; django.setup(); logging.getLogger('refbax').warning('bonjour', extra={'n': 1})"
    )
    line = result.stdout.strip().splitlines()[-1]
    entry = json.loads(line)
    assert entry["message"] == "bonjour"
    assert entry["level"] == "WARNING"
    assert entry["n"] == 1


@pytest.mark.django_db(transaction=True)
def test_with_the_database_task_backend_e_mails_wait_for_the_worker(settings, mailoutbox, make_article):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # A superuser: the groups of the data migrations are gone if another transactional test flushed them.
    User.objects.create_superuser("modo", "modo@example.org", "x")
    comment = Comment.objects.create(
        article=make_article(), author_name="A", author_email="a@example.org", body="En attente"
    )
    notify_moderators.enqueue(comment.pk)
    assert mailoutbox == []
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert [message.to for message in mailoutbox] == [["modo@example.org"]]


PG_SERVER = "postgres://postgres@127.0.0.1:5432"


@pytest.mark.skipif(socket.socket().connect_ex(("127.0.0.1", 5432)) != 0, reason="PostgreSQL is not running")
def test_backup_and_restore_work_on_postgresql(tmp_path):
    name = f"refbax_backup_{secrets.token_hex(4)}"
    subprocess.run(["psql", f"{PG_SERVER}/postgres", "-qc", f"CREATE DATABASE {name}"], check=True)
    environment = {
        **os.environ,
        "DATABASE_URL": f"{PG_SERVER}/{name}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_SETTINGS_MODULE": "refbax.settings",
    }

    def categories():
        query = ["psql", f"{PG_SERVER}/{name}", "-tAc", "SELECT name FROM articles_category"]
        return subprocess.run(query, check=True, capture_output=True, text=True).stdout.split()

    def sql(statement):
        subprocess.run(["psql", f"{PG_SERVER}/{name}", "-qc", statement], check=True)

    try:
        manage("migrate", "-v0", environment=environment)
        sql("INSERT INTO articles_category (name, slug, description, position) VALUES ('Avant', 'a', '', 0)")
        manage("backup", "--output", str(tmp_path / "backups"), environment=environment)
        sql("DELETE FROM articles_category")
        assert categories() == []
        archive = next((tmp_path / "backups").glob("refbax-*.tar.gz"))
        manage("restore", "--yes", str(archive), environment=environment)
        assert categories() == ["Avant"]
    finally:
        subprocess.run(["psql", f"{PG_SERVER}/postgres", "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"])
