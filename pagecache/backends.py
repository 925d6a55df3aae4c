"""The cache backends: one store shared by every process of a machine by default, Redis across machines.

- SharedFileCache (no REDIS_URL): diskcache's SQLite files under var/cache, which
  all gunicorn workers of the machine read and write, with atomic counters; nothing
  to install or start. Measured against the other candidates in bench/stores.py.
- ResilientRedisCache (REDIS_URL): Django's Redis cache that degrades to misses
  when Redis is away instead of failing the request.
"""

import logging
import re
import time

from diskcache import DjangoCache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)


class SharedFileCache(DjangoCache):
    """diskcache's Django backend, its files kept open from one request to the next.

    Django closes every cache after each request; reopening the SQLite files
    (and setting their pragmas) would cost more than serving a kept page.
    """

    def close(self, **kwargs):
        pass


class CacheUnavailable(Exception):
    """The shared cache cannot be reached; counters that need it must fall back."""


class ResilientRedisCache(RedisCache):
    """Reads miss, writes are dropped, and each failure is logged; `incr` raises CacheUnavailable.

    Readers keep getting pages (rendered afresh) while Redis is down; nothing is
    lost by a dropped write, since what is kept is keyed by the generation, which
    lives in the database (pagecache/changes.py). The comment rate limit notices
    through CacheUnavailable and counts in the database.
    """

    # After a failure, this process leaves Redis alone for a moment rather than
    # making every request wait for a connection timeout.
    retry_after = 5.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0

    def _guard(self, default, operation, *args):
        if time.monotonic() < self._down_until:
            return default
        try:
            return operation(*args)
        except Exception as error:
            self._down_until = time.monotonic() + self.retry_after
            logger.warning("cache %s failed, Redis unavailable: %s", operation.__name__, error)
            return default

    def get(self, key, default=None, version=None):
        return self._guard(default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return self._guard({}, super().get_many, keys, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(None, super().set, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(list(data), super().set_many, data, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(False, super().add, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._guard(False, super().delete, key, version)

    def delete_many(self, keys, version=None):
        return self._guard(None, super().delete_many, keys, version)

    def has_key(self, key, version=None):
        return self._guard(False, super().has_key, key, version)

    def clear(self):
        """Delete this site's keys only (KEY_PREFIX): Django's would empty the whole Redis, other sites' keys too."""
        return self._guard(False, self._clear_prefix)

    def _clear_prefix(self):
        client = self._cache.get_client(write=True)
        pattern = re.sub(r"([*?\[\]\\])", r"\\\1", self.key_prefix, count=0) + ":*"
        batch = []
        for key in client.scan_iter(match=pattern, count=1000):
            batch.append(key)
            if len(batch) == 1000:
                client.unlink(*batch)
                batch.clear()
        if batch:
            client.unlink(*batch)
        return True

    def incr(self, key, delta=1, version=None):
        if time.monotonic() < self._down_until:
            raise CacheUnavailable("Redis was unavailable a moment ago")
        try:
            return super().incr(key, delta, version)
        except ValueError:
            raise
        except Exception as error:
            self._down_until = time.monotonic() + self.retry_after
            raise CacheUnavailable(str(error)) from error
