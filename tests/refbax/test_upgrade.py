"""A database made before the apps were laid out (models in refbax/ and articles/) migrates with every row kept.

The database is built as `manage.py migrate` left it at that time: each app migrated to
its migration of then, rows written through the historical models of then; then the
plain `migrate` of today runs on it, as an upgrade would.
"""

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.db import connection

from tests.servers import ROOT, manage

# Each app's last migration before the layout (refbax held SiteSettings, Redirect and ImportedItem;
# articles held ArticleRevision and ArticleDraft; media_library held MediaImageUse); the apps of
# Django and of the libraries, unchanged, at their latest.
BEFORE = [
    *((app, None) for app in ("contenttypes", "auth", "admin", "sessions", "taggit", "axes", "django_tasks_database")),
    ("refbax", "0003_editors_redirects"),
    ("media_library", "0002_groups"),
    ("articles", "0014_visibility_index"),
    ("comments", "0002_moderators_group"),
]

WRITE_BEFORE = """
import django, json
django.setup()
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
loader = MigrationLoader(connection)
apps = loader.project_state(nodes=list(loader.applied_migrations), at_end=True).apps  # the models of then
m = lambda label: apps.get_model(*label.split("."))
now = timezone.now()
site = m("refbax.SiteSettings").objects.create(pk=1, name="Le Blog d'avant", tagline="Écrit avant la réorganisation")
redirect = m("refbax.Redirect").objects.create(old_path="/2019/05/ancien/", new_path="/articles/nouveau/")
m("refbax.ImportedItem").objects.create(site="exemple.fr", kind="post", wp_id="12", object_id=1, fingerprint="f")
author = m("articles.Author").objects.create(name="Иван Петров", slug="ivan-petrov")
category = m("articles.Category").objects.create(name="Référencement", slug="referencement")
article = m("articles.Article").objects.create(
    title="Avant", slug="avant", standfirst="Chapô", body="<p>Texte</p>", author=author, category=category,
    status="published", published_at=now, content_changed_at=now, comment_count=1,
)
User = m("auth.User")
editor = User.objects.create(username="claire", is_staff=True)
editor.groups.add(m("auth.Group").objects.get(name="Éditeurs"))
revision = m("articles.ArticleRevision").objects.create(
    article=article, version=1, title="Avant", status="published", user=editor, created_at=now
)
draft = m("articles.ArticleDraft").objects.create(user=editor, article=article, data={"title": "Brouillon"})
image = m("media_library.MediaImage").objects.create(
    file="library/2026/11/phare.jpg", width=800, height=600, alt_text="Un phare"  # measured: no file is opened
)
m("media_library.MediaImageUse").objects.create(image=image, article=article)
comment = m("comments.Comment").objects.create(
    article=article, author_name="Lou", author_email="lou@example.org", body="Bravo", status="approved", created_at=now
)
content_type = m("contenttypes.ContentType").objects.get(app_label="refbax", model="redirect")
m("admin.LogEntry").objects.create(
    user=editor, content_type=content_type, object_id=str(redirect.pk), object_repr="r", action_flag=1, action_time=now
)
print(json.dumps({"revision": revision.pk, "draft": draft.pk, "image": image.pk, "article": article.pk}))
"""

READ_AFTER = """
import django, json
django.setup()
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from articles.models import Article
from comments.models import Comment
from media_library.models import MediaImage
from newsroom.models import ArticleRevision, Autosave
from redirects.models import Redirect
from site_settings.models import SiteSettings
from wordpress.models import ImportedItem
article = Article.objects.get(slug="avant")
print(json.dumps({
    "site": [SiteSettings.load().name, SiteSettings.load().tagline],
    "redirect": list(Redirect.objects.values_list("old_path", "new_path")),
    "imported": list(ImportedItem.objects.values_list("site", "wp_id")),
    "author": article.author.name,
    "revision": [(r.pk, r.user.username) for r in ArticleRevision.objects.all()],
    "draft": [(d.pk, d.data) for d in Autosave.objects.all()],
    "image_articles": [a.slug for a in MediaImage.objects.get().articles.all()],
    "article_images": list(article.media_images.values_list("alt_text", flat=True)),
    "comments": article.comment_count,
    "comment": list(Comment.objects.values_list("body", flat=True)),
    "editor_permissions": sorted(
        Group.objects.get(name="Éditeurs").permissions.filter(codename__endswith="_redirect")
        .values_list("content_type__app_label", "codename")
    ),
    "log_entry": LogEntry.objects.get().content_type.app_label,
    "moved_types": sorted(
        ContentType.objects.filter(app_label__in=["refbax", "articles", "media_library"])
        .exclude(model__in=["article", "author", "category", "taggedarticle", "mediaimageuse", "mediaimage"])
        .values_list("app_label", "model")
    ),
}))
"""


@pytest.fixture
def database_of_before(tmp_path):
    """The environment of a database in the state of before the layout, on the suite's kind of database."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "refbax.settings",
        "CACHE_DIR": str(tmp_path / "cache"),
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    environment.pop("REDIS_URL", None)
    if connection.vendor == "postgresql":
        server = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
        name = f"refbax_before_{secrets.token_hex(4)}"
        subprocess.run(["psql", f"{server}/postgres", "-qc", f"CREATE DATABASE {name}"], check=True)
        environment["DATABASE_URL"] = f"{server}/{name}"
        yield environment
        subprocess.run(["psql", f"{server}/postgres", "-qc", f"DROP DATABASE {name} WITH (FORCE)"], check=True)
    else:
        environment["DATABASE_URL"] = f"sqlite:///{tmp_path / 'before.sqlite3'}"
        yield environment


def run(code, environment):
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_database_of_before_the_layout_migrates_with_every_row_and_permission_kept(database_of_before):
    for app, migration in BEFORE:
        manage("migrate", app, *([migration] if migration else []), "-v0", environment=database_of_before)
    before = run(WRITE_BEFORE, database_of_before)
    manage("migrate", "-v0", environment=database_of_before)
    after = run(READ_AFTER, database_of_before)
    assert after == {
        "site": ["Le Blog d'avant", "Écrit avant la réorganisation"],
        "redirect": [["/2019/05/ancien/", "/articles/nouveau/"]],
        "imported": [["exemple.fr", "12"]],
        "author": "Иван Петров",
        "revision": [[before["revision"], "claire"]],
        "draft": [[before["draft"], {"title": "Brouillon"}]],
        "image_articles": ["avant"],
        "article_images": ["Un phare"],
        "comments": 1,
        "comment": ["Bravo"],
        # The editors keep the redirect table: its permissions followed the model to its app.
        "editor_permissions": [["redirects", f"{action}_redirect"] for action in ("add", "change", "delete", "view")],
        "log_entry": "redirects",
        "moved_types": [],
    }
