"""What changed, and so what readers must see afresh: the site's generation.

Everything kept for readers (pages, fragments, list counts, the navigation, the
site settings) is keyed by the *generation*, a value in the database
(pagecache.Generation) that moves on whenever a row readers could see is
written. Database triggers move it, not Python code, so that every write path
does alike: admin saves and bulk deletes, queryset update(), imports,
management commands, the shell, data migrations and raw SQL. It moves in the
same transaction as the change and becomes visible with it: a page rendered
from data not yet committed is stored under a generation about to be left
behind, and a change made while the cache is unreachable is still seen once the
cache is back, since the cache holds no part of the generation.

Apps say which of their tables readers see with watch() in their ready(); the
triggers are made again after every migrate. Nothing is ever deleted from the
cache by hand: entries of an old generation are simply never asked for again,
and expire.
"""

import contextvars
import functools
import hashlib
import secrets
from datetime import timedelta
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from pagecache.models import Generation

TRIGGER_PREFIX = "pagecache_"
# What a deploy can change in a rendered page (see release()).
RELEASE_SUFFIXES = {".py", ".html", ".mo"}
# How long a value kept by kept() may stay unasked for: its key changes with the generation anyway.
KEPT_SECONDS = 3600
GENERATION_SQL = "SELECT epoch, value FROM pagecache_generation WHERE id = 1"

# {table: (column, value) or None}: the tables whose rows readers see, and which rows of them.
_watched = {}
# Callables giving the next moment pages change with no write (a scheduled article), or None.
_schedules = []
# {"generation": …} once read for the request being served (see request_scope()).
_request_memo = contextvars.ContextVar("pagecache_request_memo", default=None)
# The last generation this process read: pages may still be served from it while the database is away.
_last_read = None


def watch(model, *, when=None):
    """Move the generation whenever a row of `model` is written.

    `when=(field, value)` narrows it to rows holding that value before or after
    the write: the comments readers see are the approved ones, say.
    """
    condition = None
    if when is not None:
        field, value = when
        condition = (model._meta.get_field(field).column, str(value))
    _watched[model._meta.db_table] = condition


def schedule(next_change):
    """Register `next_change()`: the next datetime at which pages change by themselves, or None."""
    _schedules.append(next_change)


# Triggers.


def _quote(value):
    return "'" + value.replace("'", "''") + "'"


def _when(condition, event):
    """The SQL condition under which a row event moves the generation ("" for any row)."""
    if condition is None:
        return ""
    column, value = condition
    rows = {"INSERT": ["NEW"], "UPDATE": ["OLD", "NEW"], "DELETE": ["OLD"]}[event]
    return " OR ".join(f'{row}."{column}" = {_quote(value)}' for row in rows)


SQLITE_MOVE = (
    'INSERT OR IGNORE INTO "pagecache_generation" ("id", "epoch", "value") VALUES (1, lower(hex(randomblob(8))), 0); '
    'UPDATE "pagecache_generation" SET "value" = "value" + 1 WHERE "id" = 1;'
)

# On PostgreSQL the triggers are deferred to the commit, and the function moves the generation
# once per statement, hence once per transaction: a long import does not hold the generation's
# row (and every other writer) from its first write to its end.
POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION pagecache_move_generation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('pagecache.moved_at', true) IS DISTINCT FROM statement_timestamp()::text THEN
        PERFORM set_config('pagecache.moved_at', statement_timestamp()::text, true);
        INSERT INTO pagecache_generation (id, epoch, value) VALUES (1, left(md5(random()::text), 16), 1)
        ON CONFLICT (id) DO UPDATE SET value = pagecache_generation.value + 1;
    END IF;
    RETURN NULL;
END
$$
"""


def _trigger_statements(vendor, table, condition):
    for event in ("INSERT", "UPDATE", "DELETE"):
        name = f"{TRIGGER_PREFIX}{table}_{event.lower()}"
        when = _when(condition, event)
        if vendor == "postgresql":
            yield (
                f'CREATE CONSTRAINT TRIGGER "{name}" AFTER {event} ON "{table}" '
                f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW {f'WHEN ({when}) ' if when else ''}"
                "EXECUTE FUNCTION pagecache_move_generation()"
            )
        else:
            yield (
                f'CREATE TRIGGER "{name}" AFTER {event} ON "{table}" FOR EACH ROW '
                f"{f'WHEN {when} ' if when else ''}BEGIN {SQLITE_MOVE} END"
            )


def _existing_triggers(cursor, vendor):
    """[(trigger, table)] of the triggers made here before."""
    if vendor == "postgresql":
        cursor.execute(
            "SELECT tgname, tgrelid::regclass::text FROM pg_trigger WHERE tgname LIKE %s",
            [TRIGGER_PREFIX.replace("_", r"\_") + "%"],
        )
    else:
        cursor.execute(
            "SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s ESCAPE '\\'",
            [TRIGGER_PREFIX.replace("_", r"\_") + "%"],
        )
    return cursor.fetchall()


def install_triggers(using="default", **kwargs):
    """Make the triggers of the watched tables anew, drop any left from tables no longer watched.

    Connected to post_migrate; it also moves the generation, since data
    migrations may have written while SQLite had dropped a rebuilt table's triggers.
    """
    database = connections[using]
    if database.vendor not in {"sqlite", "postgresql"}:
        raise NotImplementedError(f"pagecache has no triggers for {database.vendor}")
    tables = set(database.introspection.table_names())
    with database.cursor() as cursor:
        for name, table in _existing_triggers(cursor, database.vendor):
            cursor.execute(f'DROP TRIGGER "{name}"' + (f' ON "{table}"' if database.vendor == "postgresql" else ""))
        if Generation._meta.db_table not in tables:
            return  # migrated back before pagecache's own table: no trigger may point at it
        if database.vendor == "postgresql":
            cursor.execute(POSTGRES_FUNCTION)
        for table, condition in _watched.items():
            if table in tables:
                for statement in _trigger_statements(database.vendor, table, condition):
                    cursor.execute(statement)
    move(using)


def move(using="default"):
    """Move the generation by hand: after a restore, say, where the database itself went back in time.

    A new epoch, so that no page kept for the generations that followed the
    backup, now reused, is ever served.
    """
    epoch = secrets.token_hex(8)
    updated = Generation.objects.using(using).filter(pk=1).update(epoch=epoch, value=0)
    if not updated:
        Generation.objects.using(using).create(pk=1, epoch=epoch)


# Reading the generation.


def current_generation():
    """The generation readers see now, with the release that renders it: "epoch.value.release".

    One primary-key read, done at most once per request (see request_scope()).
    """
    global _last_read
    memo = _request_memo.get()
    if memo:
        return memo["generation"]
    row = _read_generation()
    _last_read = f"{row[0]}.{row[1]}.{release()}" if row else f"0.{release()}"
    if memo is not None:
        memo["generation"] = _last_read
    return _last_read


def _read_generation():
    database = connections[DEFAULT_DB_ALIAS]  # once: each look-up through `connection` costs
    if database.vendor == "postgresql" and database.in_atomic_block:
        # This transaction sees its own changes at once, not at its commit: its pending
        # triggers run now. One round trip, positioned on its first result.
        with database.cursor() as cursor:
            cursor.execute(f"SET CONSTRAINTS ALL IMMEDIATE; SET CONSTRAINTS ALL DEFERRED; {GENERATION_SQL}")
            cursor.nextset()
            cursor.nextset()
            return cursor.fetchone()
    if database.queries_logged:  # counted where queries are (DEBUG, tests)
        with database.cursor() as cursor:
            cursor.execute(GENERATION_SQL)
            return cursor.fetchone()
    # The same read straight on the driver's connection: on a kept page, Django's cursor
    # wrapper would cost several times the read itself (5 µs on SQLite).
    database.ensure_connection()
    with database.wrap_database_errors:
        return database.connection.execute(GENERATION_SQL).fetchone()


def last_read_generation():
    """The generation this process read last, or None: kept pages may be served from it while the database is away."""
    return _last_read


class request_scope:
    """Within it, the generation is read once, when first needed, and then taken as it was."""

    def __init__(self, generation=None):
        self.memo = {"generation": generation} if generation else {}

    def __enter__(self):
        self.token = _request_memo.set(self.memo)

    def __exit__(self, *exception):
        _request_memo.reset(self.token)


@functools.cache
def release():
    """A fingerprint of the code, templates, translations and static files this process serves.

    Part of every key, so that after a deploy no page rendered by the previous
    release (its markup, and the hashed names of its static files, gone since)
    is served again, while servers of either release share the same generation.
    """
    digest = hashlib.sha256(django.get_version().encode())
    base = Path(settings.BASE_DIR).resolve()
    folders = [Path(app.path) for app in apps.get_app_configs() if Path(app.path).resolve().is_relative_to(base)]
    for folder in sorted({*folders, base / "templates", base / "locale"}):
        for path in sorted(folder.rglob("*")):
            if path.suffix in RELEASE_SUFFIXES and path.is_file():
                digest.update(path.relative_to(base).as_posix().encode())
                digest.update(path.read_bytes())
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.is_file():
        digest.update(manifest.read_bytes())
    return digest.hexdigest()[:12]


# Keeping things until the site changes.


def kept(name, compute, *, generation=None, timeout=KEPT_SECONDS):
    """compute(), kept in the shared cache for the current generation.

    For what every reader's page needs and only a change can alter (the
    navigation, the site settings); nothing to delete by hand when it changes.
    """
    key = f"kept:{name}:{generation or current_generation()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    return value


def seconds_until_next_change(generation):
    """Seconds until pages change by themselves (a scheduled article comes out), at most a year.

    Kept per generation, and never past the moment itself.
    """
    key = f"kept:next-change:{generation}"
    now = timezone.now()
    due = cache.get(key)
    if due is None or due <= now:
        moments = [moment for moment in (next_change() for next_change in _schedules) if moment is not None]
        due = min(moments, default=now + timedelta(days=365))
        timeout = min(KEPT_SECONDS, (due - now).total_seconds())
        if timeout >= 1:
            cache.set(key, due, int(timeout))
    return (due - now).total_seconds()


def page_seconds(generation):
    """How long a page or fragment shared by all readers may be kept now (0: not at all)."""
    if settings.PAGE_CACHE_SECONDS <= 0:
        return 0
    return max(0, int(min(settings.PAGE_CACHE_SECONDS, seconds_until_next_change(generation))))
