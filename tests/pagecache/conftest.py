"""Fixtures of the page cache's tests: a clock moved on by hand, for the site and its cache alike."""

import time
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.utils import timezone


class Clock:
    """The time the site reads (timezone.now) and the time the cache expires entries by, moved on together."""

    def __init__(self):
        self.offset = 0.0

    def now(self):
        return self.real_now() + timedelta(seconds=self.offset)

    def time(self):
        return self.real_time() + self.offset

    def advance_to(self, moment):
        """Move on to `moment` (an aware datetime), without sleeping."""
        self.offset += (moment - self.now()).total_seconds()


@pytest.fixture
def clock(monkeypatch, settings):
    clock = Clock()
    clock.real_now, clock.real_time = timezone.now, time.time
    monkeypatch.setattr(timezone, "now", clock.now)
    # The cache's own clock: the module of the shared file cache (diskcache) reads time.time() to
    # store and expire entries. Redis counts its time down by itself: an in-memory cache on the
    # same clock stands in for it.
    shifted = SimpleNamespace(time=clock.time, sleep=time.sleep, monotonic=time.monotonic)
    if django_settings.CACHES["default"]["BACKEND"].endswith("SharedFileCache"):
        monkeypatch.setattr("diskcache.core.time", shifted)
    else:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
        monkeypatch.setattr("django.core.cache.backends.base.time", shifted)
        monkeypatch.setattr("django.core.cache.backends.locmem.time", shifted)
    return clock
