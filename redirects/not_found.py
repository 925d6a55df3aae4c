"""The 404 log: which addresses readers did not find, counted without a database write per request.

Each worker counts the 404s it answers in its own memory and writes them all in
one transaction (one upsert a path, hits added to those of the other workers)
at most every NOT_FOUND_FLUSH_SECONDS, and counts at most NOT_FOUND_BATCH
distinct paths meanwhile: a flood of 10,000 missing pages costs each worker one
transaction per period, never a write per request. The table is bounded too (NOT_FOUND_MAX_ROWS: the
rarest, then the oldest, go). Bots' probes of software this site never ran
(/wp-login.php, /.env…) are not logged. What is kept is nothing personal: the
path, the counts, the dates and the referring site's host.
"""

import atexit
import logging
import re
import threading
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from redirects.models import NotFound

logger = logging.getLogger(__name__)

MAX_PATH_LENGTH = NotFound._meta.get_field("path").max_length
MAX_HOST_LENGTH = NotFound._meta.get_field("referrer_host").max_length
# Paths no reader follows: bots probing for software and secrets. Old pages of the site
# itself (/wp-content/uploads/…, /contact.php) are logged: those are worth a redirect.
PROBE_RE = re.compile(
    r"""(
        /wp-(login\.php|admin|includes|content/(plugins|themes)|json|config)\b | /xmlrpc\.php | wlwmanifest\.xml
      | /\.(env|git|svn|hg|aws|ssh|htaccess|htpasswd|ds_store|vscode|idea)\b
      | /(phpmyadmin|pma|myadmin|cgi-bin|vendor/phpunit|boaform|actuator|owa|ecp|autodiscover)\b
      | \.(sql|bak|old|swp|ini|log|env|tar|gz|tgz|zip|rar|7z)$
    )""",
    re.VERBOSE | re.IGNORECASE,
)
# WordPress links whose query names the page: kept in the path, as the Redirect table keys them.
ID_PARAMETERS = ("p", "page_id")

_lock = threading.Lock()
# {path: [hits, first seen, last seen, referring host]} counted since the last write.
_pending = {}
# When the oldest of the pending counts was made (monotonic clock), or None: nothing waits.
_pending_since = None


def logged_path(path, query):
    """The path as the log keys it, or None when it is not worth logging (a probe, too long)."""
    if len(path) > MAX_PATH_LENGTH or "\x00" in path or PROBE_RE.search(path):
        return None
    for name in ID_PARAMETERS:
        value = query.get(name, "")
        if value.isdecimal() and len(value) < 20:
            return f"{path}?{name}={value}"
    return path


def referrer_host(referer):
    """The host of the referring page, nothing more of it ("" without one)."""
    try:
        host = urlsplit(referer).hostname or ""
    except ValueError:
        return ""
    return host[:MAX_HOST_LENGTH]


def record(request):
    """Count one 404 for `request`; writes happen in batches (see the module's docstring)."""
    path = logged_path(request.path, request.GET)
    if path is None:
        return
    global _pending_since
    # First, so that a full buffer (a flood of new paths) is written and emptied once its period ends.
    flush_if_due()
    now = timezone.now()
    host = referrer_host(request.META.get("HTTP_REFERER", ""))
    with _lock:
        if _pending_since is None:
            _pending_since = time.monotonic()
        entry = _pending.get(path)
        if entry is None:
            if len(_pending) >= settings.NOT_FOUND_BATCH:
                # A flood of distinct paths (a scanner): each would be seen once and pruned; until
                # the period ends, the paths counted go on counting, memory and writes stay bounded.
                return
            entry = _pending[path] = [0, now, now, ""]
        entry[0] += 1
        entry[2] = now
        entry[3] = host or entry[3]
    flush_if_due()


def flush_if_due():
    """Write the counts once the oldest has waited NOT_FOUND_FLUSH_SECONDS (a clock read otherwise)."""
    since = _pending_since
    if since is not None and time.monotonic() - since >= settings.NOT_FOUND_FLUSH_SECONDS:
        flush()


def discard():
    """Forget the counts not written yet (tests start from nothing)."""
    global _pending_since
    with _lock:
        _pending.clear()
        _pending_since = None


UPSERT_SQL = (
    'INSERT INTO "redirects_notfound" ("path", "hits", "first_seen", "last_seen", "referrer_host", "ignored") '
    "VALUES (%s, %s, %s, %s, %s, FALSE) "
    'ON CONFLICT ("path") DO UPDATE SET "hits" = "redirects_notfound"."hits" + excluded."hits", '
    '"last_seen" = excluded."last_seen", '
    '"referrer_host" = CASE WHEN excluded."referrer_host" = \'\' THEN "redirects_notfound"."referrer_host" '
    'ELSE excluded."referrer_host" END'
)


def flush():
    """Write what this process counted: one transaction, then prune the table past NOT_FOUND_MAX_ROWS."""
    global _pending_since
    with _lock:
        batch = list(_pending.items())
        _pending.clear()
        _pending_since = None
    if not batch:
        return
    moment = connection.ops.adapt_datetimefield_value
    rows = [(path, hits, moment(first), moment(last), host) for path, (hits, first, last, host) in batch]
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.executemany(UPSERT_SQL, rows)
            prune()
    except DatabaseError as error:
        # The log is statistics: a 404 page never fails for it.
        logger.warning("404 log not written (%s paths): %s", len(rows), error)


def prune():
    """Keep the NOT_FOUND_MAX_ROWS rows most worth keeping: the rarest, then the oldest, go first."""
    excess = NotFound.objects.count() - settings.NOT_FOUND_MAX_ROWS
    if excess > 0:
        doomed = NotFound.objects.order_by("hits", "last_seen", "pk").values_list("pk", flat=True)[:excess]
        NotFound.objects.filter(pk__in=list(doomed)).delete()


# A worker that stops (gunicorn's max_requests, a reload) writes what it counted.
atexit.register(flush)
