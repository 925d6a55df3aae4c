"""What the 404 log costs a missing page: its time, and the database writes of 10,000 of them.

Serves BENCH_REQUESTS (10,000) requests to missing paths in-process, on a
throwaway SQLite database (or DATABASE_URL), three ways, and prints the median
and 99th percentile time of the 404 page, the write transactions
(one a flush) and rows the database received, and those per second:

- "without the log": the 404 log switched off, as the site was before it;
- "with the log, 100 paths": readers and old links, the same hundred paths again and again;
- "with the log, all distinct": a scanner, every path a new one;

then the page's time with and without the log, request by request in turn (the
machine's load drifts between runs).

    python bench/not_found.py
    BENCH_REQUESTS=2000 DATABASE_URL=postgres://postgres@127.0.0.1:5432/refbax_bench python bench/not_found.py
"""

import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "refbax.settings")
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "10000"))
WRITES = ("INSERT", "UPDATE", "DELETE")


def main():
    scratch = None
    if "DATABASE_URL" not in os.environ:
        scratch = tempfile.TemporaryDirectory()
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch.name}/bench.sqlite3"
        os.environ.setdefault("CACHE_DIR", f"{scratch.name}/cache")
    import django

    django.setup()

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from redirects import not_found
    from redirects.models import NotFound

    logging.getLogger("django.request").setLevel(logging.ERROR)  # one "Not Found" line per request otherwise
    call_command("migrate", verbosity=0)
    statements = {"writes": 0}
    flushes = [0]
    flush = not_found.flush

    def counted_flush():
        flushes[0] += 1
        flush()

    not_found.flush = counted_flush

    def count(execute, sql, params, many, context):
        # Each row an executemany() writes counts as one write.
        if sql.lstrip().split(None, 1)[0].upper() in WRITES:
            statements["writes"] += len(params) if many and params else 1
        return execute(sql, params, many, context)

    client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "localhost")
    record = not_found.record

    def run(name, paths, log):
        NotFound.objects.all().delete()
        not_found.discard()
        not_found.record = record if log else (lambda request: None)
        statements.update(writes=0)
        flushes[0] = 0
        times = []
        started = time.perf_counter()
        with connection.execute_wrapper(count):
            for path in paths:
                before = time.perf_counter()
                response = client.get(path)
                times.append((time.perf_counter() - before) * 1000)
                assert response.status_code == 404, (path, response.status_code)
            flushing = flushes[0]
            not_found.flush()  # what is still counted in memory, as a stopping worker writes it
            flushes[0] = flushing + (1 if log else 0)
        elapsed = time.perf_counter() - started
        times.sort()
        writes = statements["writes"]
        print(
            f"{name:<28}{statistics.median(times):>9.2f}{times[int(len(times) * 0.99)]:>9.2f}"
            f"{flushes[0]:>13}{flushes[0] / elapsed:>9.2f}{writes:>7}{writes / elapsed:>8.1f}"
            f"{NotFound.objects.count():>7}"
        )

    period = settings.NOT_FOUND_FLUSH_SECONDS
    print(f"{connection.vendor}, {REQUESTS} requests to missing paths, NOT_FOUND_FLUSH_SECONDS={period:g}\n")
    print(f"{'':<28}{'p50 ms':>9}{'p99 ms':>9}{'transactions':>13}{'per s':>9}{'rows':>7}{'per s':>8}{'kept':>7}")
    repeated = [f"/ancien-{number % 100}/" for number in range(REQUESTS)]
    run("without the log", repeated, log=False)
    run("with the log, 100 paths", repeated, log=True)
    run("with the log, all distinct", [f"/scan-{number}/" for number in range(REQUESTS)], log=True)
    # The machine's load drifts from one run to the next: the page's cost with and without the
    # log, compared request by request, alternately.
    NotFound.objects.all().delete()
    not_found.discard()
    times = {False: [], True: []}
    for number in range(REQUESTS):
        log = number % 2 == 1
        not_found.record = record if log else (lambda request: None)
        before = time.perf_counter()
        client.get(f"/ancien-{number % 100}/")
        times[log].append((time.perf_counter() - before) * 1000)
    without, with_log = (statistics.median(times[log]) for log in (False, True))
    print(f"\nalternately, {REQUESTS // 2} each: p50 {without:.2f} ms without the log, {with_log:.2f} ms with it")
    print(f"the 404 page with the log takes {with_log / without:.2f}× its time without")
    not_found.record = record
    if scratch:
        scratch.cleanup()


if __name__ == "__main__":
    main()
