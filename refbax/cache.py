"""A Redis cache that degrades to misses when Redis is away, instead of failing the request."""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)


class CacheUnavailable(Exception):
    """The shared cache cannot be reached; counters that need it must fall back."""


class ResilientRedisCache(RedisCache):
    """Reads miss, writes are dropped, and each failure is logged; `incr` raises CacheUnavailable.

    Readers keep getting pages (rendered afresh) while Redis is down; the comment
    rate limit notices through CacheUnavailable and counts in the database.
    """

    # After a failure, this process leaves Redis alone for a moment rather than
    # making every request wait for a connection timeout.
    retry_after = 5.0
    _down_until = 0.0

    def _guard(self, operation, default, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return default
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except Exception as error:
            type(self)._down_until = time.monotonic() + self.retry_after
            logger.warning("cache %s failed, Redis unavailable: %s", operation, error)
            return default

    def get(self, key, default=None, version=None):
        return self._guard("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._guard("get_many", {}, keys, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("set_many", list(data), data, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("add", False, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._guard("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._guard("delete_many", None, keys, version)

    def has_key(self, key, version=None):
        return self._guard("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        if time.monotonic() < self._down_until:
            raise CacheUnavailable("Redis was unavailable a moment ago")
        try:
            return super().incr(key, delta, version)
        except ValueError:
            raise
        except Exception as error:
            type(self)._down_until = time.monotonic() + self.retry_after
            raise CacheUnavailable(str(error)) from error
