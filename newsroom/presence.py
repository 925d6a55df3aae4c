"""Who has an article's change form open: each editor's page beats every 20 seconds.

The beats are kept in the cache (Redis across servers), one entry per article
listing the editors seen lately. Two beats at the same instant may overwrite
each other; the lost one is back at the next beat, which is good enough for a
notice that says "someone else is here".
"""

import time

from django.core.cache import cache

# An editor counts as present this long after their last beat: pages beat every
# HEARTBEAT_SECONDS, and browsers slow the timers of tabs in the background.
HEARTBEAT_SECONDS = 20
PRESENCE_SECONDS = 60


def _key(article_id):
    return f"articles:presence:{article_id}"


def display_name(user):
    return user.get_full_name() or user.get_username()


def _present(article_id, now):
    entries = cache.get(_key(article_id)) or {}
    return {user_id: entry for user_id, entry in entries.items() if now - entry["seen"] < PRESENCE_SECONDS}


def beat(article_id, user):
    """Note that `user` has the article open now; return the others who have: [{"name", "since"}, …]."""
    now = time.time()
    present = _present(article_id, now)
    since = present.get(user.pk, {}).get("since", now)
    present[user.pk] = {"name": display_name(user), "since": since, "seen": now}
    cache.set(_key(article_id), present, PRESENCE_SECONDS)
    others = [entry for user_id, entry in present.items() if user_id != user.pk]
    return [{"name": entry["name"], "since": entry["since"]} for entry in sorted(others, key=lambda e: e["since"])]


def leave(article_id, user):
    """`user` closed the article's form: the others stop seeing them at once."""
    present = _present(article_id, time.time())
    if present.pop(user.pk, None) is not None:
        cache.set(_key(article_id), present, PRESENCE_SECONDS)
