"""Renames never break a link: the database records a 301 for every renamed slug, then bodies follow.

A trigger on each renamed table (published articles, categories, tags, authors)
writes the redirect in the same statement as the rename, so every write path
records it (the admin, the import, the shell, update(), raw SQL), and every
worker answers the old path with a 301 as soon as the rename is committed. The
same statements collapse chains (A→B then B→C gives A→C and B→C) and remove the
loop a rename back would make (the new path is a page again).

Internal links of article bodies that point at a renamed path are rewritten
after the commit (rewrite_links()), each changed article keeping a revision.
"""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connections, transaction
from django.db.models import Q
from django.db.models.signals import post_save
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article, Author, Category
from newsroom.models import ArticleRevision
from redirects.models import Redirect

TRIGGER_PREFIX = "redirects_rename_"
SLUG = "__refbax_slug__"
# The href of each link of a sanitised body (the sanitiser writes attributes in double quotes).
HREF_RE = re.compile(r'(<a\b[^>]*?\bhref=")([^"]*)(")')


def renamed_models():
    """(model, URL name, condition on the old row or None): what a rename must redirect."""
    published = ("status", Article.Status.PUBLISHED.value)
    return [
        (Article, "articles:detail", published),
        (Category, "articles:category", None),
        (Tag, "articles:tag", None),
        (Author, "articles:author", None),
    ]


def _path_around_slug(url_name):
    """('/articles/', '/'): what comes before and after the slug in the model's address."""
    before, after = reverse(url_name, kwargs={"slug": SLUG}).split(SLUG)
    return before, after


def _literal(value):
    return "'" + value.replace("'", "''") + "'"


def record_statements(old, new, now, true):
    """The SQL that records old → new: `old`, `new` and `now` are SQL expressions.

    The new path is a page again, so a redirect from it goes (renaming back removes
    the loop); redirects to the old path now lead to the new one (chains collapse).
    """
    table = Redirect._meta.db_table
    return [
        f'DELETE FROM "{table}" WHERE "old_path" = {new}',
        f'UPDATE "{table}" SET "new_path" = {new} WHERE "new_path" = {old}',
        f'INSERT INTO "{table}" ("old_path", "new_path", "created_at", "links_to_rewrite") '
        f"VALUES ({old}, {new}, {now}, {true}) "
        'ON CONFLICT ("old_path") DO UPDATE SET "new_path" = excluded."new_path", "links_to_rewrite" = '
        'excluded."links_to_rewrite"',
    ]


POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION redirects_record_rename() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    from_path text := TG_ARGV[0] || OLD.slug || TG_ARGV[1];
    to_path text := TG_ARGV[0] || NEW.slug || TG_ARGV[1];
BEGIN
    {statements};
    RETURN NULL;
END
$$
"""


def _trigger_sql(vendor, table, url_name, condition):
    before, after = _path_around_slug(url_name)
    when = 'OLD."slug" <> NEW."slug"'
    if condition:
        when += f' AND OLD."{condition[0]}" = {_literal(condition[1])}'
    name = f"{TRIGGER_PREFIX}{table}"
    if vendor == "postgresql":
        arguments = f"{_literal(before)}, {_literal(after)}"
        return (
            f'CREATE TRIGGER "{name}" AFTER UPDATE OF "slug" ON "{table}" FOR EACH ROW WHEN ({when}) '
            f"EXECUTE FUNCTION redirects_record_rename({arguments})"
        )
    old = f'{_literal(before)} || OLD."slug" || {_literal(after)}'
    new = f'{_literal(before)} || NEW."slug" || {_literal(after)}'
    now = "strftime('%Y-%m-%d %H:%M:%f', 'now')"
    statements = "; ".join(record_statements(old, new, now, "1"))
    return (
        f'CREATE TRIGGER "{name}" AFTER UPDATE OF "slug" ON "{table}" FOR EACH ROW WHEN {when} BEGIN {statements}; END'
    )


def install_triggers(using="default", **kwargs):
    """Make the rename triggers anew: after every migrate, since SQLite drops them with a rebuilt table."""
    database = connections[using]
    if database.vendor not in {"sqlite", "postgresql"}:
        raise NotImplementedError(f"redirects has no rename triggers for {database.vendor}")
    tables = set(database.introspection.table_names())
    with database.cursor() as cursor:
        # Migrated back (or not yet forward) to before the redirect table took its links_to_rewrite: no trigger.
        ready = Redirect._meta.db_table in tables and "links_to_rewrite" in {
            column.name for column in database.introspection.get_table_description(cursor, Redirect._meta.db_table)
        }
        if database.vendor == "postgresql" and ready:
            statements = ";\n    ".join(record_statements("from_path", "to_path", "now()", "TRUE"))
            cursor.execute(POSTGRES_FUNCTION.replace("{statements}", statements))
        for model, url_name, condition in renamed_models():
            table = model._meta.db_table
            if table not in tables:
                continue
            suffix = f' ON "{table}"' if database.vendor == "postgresql" else ""
            cursor.execute(f'DROP TRIGGER IF EXISTS "{TRIGGER_PREFIX}{table}"{suffix}')
            if ready:
                cursor.execute(_trigger_sql(database.vendor, table, url_name, condition))


# Rewriting the links of article bodies.


def _split_target(href):
    """(site path without query or fragment, the rest) of a link to this site; (None, None) otherwise."""
    try:
        parts = urlsplit(href)
    except ValueError:
        return None, None
    if parts.netloc and parts.netloc.lower() != urlsplit(settings.SITE_URL).netloc.lower():
        return None, None
    if parts.scheme not in {"", "http", "https"} or not parts.path.startswith("/"):
        return None, None
    rest = (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")
    return parts.path, rest


def rewrite_body(body, targets):
    """`body` with its links to the old paths of `targets` ({old path: new path}) pointed at the new ones."""

    def replace(match):
        path, rest = _split_target(match.group(2).replace("&amp;", "&"))
        if path is None:
            return match.group(0)
        target = targets.get(Redirect.normalize(path)) or targets.get(Redirect.normalize(path) + "/")
        if target is None:
            return match.group(0)
        return f"{match.group(1)}{target}{rest.replace('&', '&amp;')}{match.group(3)}"

    return HREF_RE.sub(replace, body)


def rewrite_links():
    """Point the links of every article body at the new paths of the renames not yet followed.

    Each article changed is saved and keeps a revision; returns how many were.
    Runs after the commit of a rename, and again with each link check, so that
    renames made by update() or raw SQL are followed too.
    """
    with transaction.atomic():
        pending = Redirect.objects.select_for_update().filter(links_to_rewrite=True)
        targets = dict(pending.values_list("old_path", "new_path"))
        if not targets:
            return 0
        pending.update(links_to_rewrite=False)
        mentions = Q()
        for old_path in targets:
            mentions |= Q(body__contains=f'"{old_path.rstrip("/")}') | Q(
                body__contains=f'"{settings.SITE_URL}{old_path.rstrip("/")}'
            )
        changed = 0
        for article in Article.objects.filter(mentions).select_for_update():
            body = rewrite_body(article.body, targets)
            if body != article.body:
                article.body = body
                article.save()
                ArticleRevision.objects.record(article)
                changed += 1
    return changed


def _rewrite_after_commit(sender, instance, created=False, raw=False, update_fields=None, using="default", **kwargs):
    if raw or created or (update_fields is not None and "slug" not in update_fields):
        return
    connection = connections[using]
    # Once per transaction, however many rows it saves (an import, say).
    if not any(entry[1] is rewrite_links for entry in connection.run_on_commit):
        transaction.on_commit(rewrite_links, using=using)


def connect():
    for model, _url_name, _condition in renamed_models():
        post_save.connect(_rewrite_after_commit, sender=model, dispatch_uid=f"redirects-rename-{model.__name__}")
