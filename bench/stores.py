"""Benchmark: the cache stores that several gunicorn workers of one machine could share.

For each candidate, prints the median time of what a worker does with the page
cache (read a kept page, store one, count a comment for the rate limit), and
what five processes counting 200 comments each at once end up with (1,000 is
right). Local memory is shown for reference: each worker has its own, so what
one stores or counts the others never see.

    .venv/bin/python bench/stores.py
"""

import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "refbax.settings")

PROCESSES, INCREMENTS = 5, 200
# A kept article page: two parts around the CSRF token, 60 kB in all, and its headers.
PAGE = {"parts": [os.urandom(30_000), os.urandom(30_000)], "headers": {"Content-Type": "text/html"}}


def candidates(folder):
    stores = {
        "local memory (per process)": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "Django file cache": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": f"{folder}/files",
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        },
        "Django database cache (SQLite)": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "bench_cache",
        },
        "diskcache (the default)": {
            "BACKEND": "pagecache.backends.SharedFileCache",
            "LOCATION": f"{folder}/diskcache",
        },
    }
    if os.environ.get("REDIS_URL"):
        stores["Redis"] = {"BACKEND": "pagecache.backends.ResilientRedisCache", "LOCATION": os.environ["REDIS_URL"]}
    return stores


def median_microseconds(operation, runs):
    timings = []
    for run in range(runs):
        start = time.perf_counter()
        operation(run)
        timings.append(time.perf_counter() - start)
    return 1e6 * statistics.median(timings)


def count_comments(name, _worker):
    from django.core.cache import caches
    from django.db import connections

    connections.close_all()  # a forked process opens its own
    store = caches[name]
    for _ in range(INCREMENTS):
        store.add("rate", 0, 600)
        store.incr("rate")


def main():
    import django

    folder = tempfile.mkdtemp(prefix="refbax-stores-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder}/db.sqlite3")
    os.environ["CACHE_DIR"] = f"{folder}/default"
    django.setup()
    from django.conf import settings
    from django.core.cache import caches
    from django.core.management import call_command

    settings.CACHES.update(candidates(folder))
    call_command("createcachetable", verbosity=0)
    print(f"{'store':<32}{'read page µs':>14}{'store page µs':>15}{'count µs':>10}{'5 × 200 counted':>17}")
    for name in candidates(folder):
        read, write, count = measure(caches[name])
        with multiprocessing.get_context("fork").Pool(PROCESSES) as pool:
            pool.starmap(count_comments, [(name, worker) for worker in range(PROCESSES)])
        counted = caches[name].get("rate") if "memory" not in name else "each its own"
        print(f"{name:<32}{read:>14.1f}{write:>15.1f}{count:>10.1f}{counted!s:>17}")


def measure(store):
    """Median µs to read a kept page, store one, and count a comment, in a store holding 300 pages."""
    store.clear()
    for number in range(300):
        store.set(f"page:{number}", PAGE, 600)
    read = median_microseconds(lambda run: store.get(f"page:{run % 300}"), 2000)
    write = median_microseconds(lambda run: store.set(f"new:{run % 200}", PAGE, 600), 300)
    count = median_microseconds(lambda run: (store.add(f"n:{run % 50}", 0, 600), store.incr(f"n:{run % 50}")), 1000)
    store.delete("rate")
    return read, write, count


if __name__ == "__main__":
    main()
