"""Benchmark: Refbax under gunicorn with production settings, loaded from loopback by wrk.

Prints, for each scenario, requests per second, p50 and p99 latency, the
server's CPU time per request and the ratio to its ceiling: a static file served
by the same gunicorn, or, for the scenarios through nginx (the README's
configuration, when nginx is installed), a static copy of the article served by
that nginx. Scenarios are measured in interleaved rounds so that a slow moment
of the machine does not fall on one of them only.

    make bench                      # SQLite copy of the demo site
    DATABASE_URL=postgres://… make bench
"""

import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.servers import nginx  # noqa: E402  (the README's nginx, as the tests run it)

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "4"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
# An invalid commenter cookie: harmless, but it makes a page "personal", so it bypasses the page cache.
UNCACHED = "Cookie: refbax_commenter=bench"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(environment, *arguments):
    subprocess.run([sys.executable, "manage.py", *arguments], cwd=ROOT, env=environment, check=True)


def server_cpu_seconds(pid):
    """User and system CPU of gunicorn's master and workers."""
    total = 0
    children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    for process in [str(pid), *children]:
        try:
            fields = Path(f"/proc/{process}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime in clock ticks
    return total / os.sysconf("SC_CLK_TCK")


def wrk(url, header=None, script=None, seconds=SECONDS):
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", url]
    if header:
        command[1:1] = ["-H", header]
    if script:
        command[1:1] = ["-s", script]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", output, re.MULTILINE))
    return requests, errors and int(errors.group(1)), latency


def milliseconds(text):
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def comment_script(folder, base_url, article_path):
    """A wrk script posting the article's comment form with the form token comments.js would fetch.

    The same token every time: after the first, each comment is judged a replay and
    stored as spam, through the same work as any other.
    """
    page = urllib.request.urlopen(base_url + article_path).read().decode()
    action = re.search(r'<form method="post" action="([^"]+)"', page).group(1)
    token_url = re.search(r'data-token-url="([^"]+)"', page).group(1)
    token = re.search(r'"token": "([^"]+)"', urllib.request.urlopen(base_url + token_url).read().decode()).group(1)
    body = f"token={token}&author_name=Bench&author_email=bench%40example.org&body=Un+commentaire+de+mesure."
    script = Path(folder) / "comment.lua"
    script.write_text(
        'wrk.method = "POST"\n'
        f'wrk.path = "{action}"\n'
        f'wrk.body = "{body}"\n'
        'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
        f'wrk.headers["Referer"] = "{base_url}{article_path}"\n'
    )
    return str(script)


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    folder = tempfile.mkdtemp(prefix="refbax-bench-")
    port = free_port()
    environment = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": f"{folder}/static",
        "MEDIA_ROOT": f"{folder}/media",
        "CACHE_DIR": f"{folder}/cache",
        "TASKS_BACKEND": "immediate",
        "EMAIL_URL": "locmem://",
        "LOG_LEVEL": "WARNING",
        # The comment scenario posts hundreds of comments a second from one address.
        "COMMENTS_RATE_LIMIT": "1000000/1",
        "COMMENTS_MIN_SECONDS": "0",
        "PORT": str(port),
    }
    environment.setdefault("DATABASE_URL", f"sqlite:///{folder}/db.sqlite3")
    print(f"Preparing ({environment['DATABASE_URL'].split('@')[-1]}) …", flush=True)
    manage(environment, "migrate", "-v0")
    manage(environment, "collectstatic", "--no-input", "-v0")
    manage(environment, "demo", "--if-empty")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "refbax/gunicorn.conf.py",
            "--access-logfile",
            "/dev/null",
            # No worker recycling: the CPU time of a recycled worker would vanish from the sums.
            "--max-requests",
            "0",
            "refbax.wsgi",
        ],
        cwd=ROOT,
        env=environment,
        start_new_session=True,
    )
    stack = ExitStack()
    try:
        base = f"http://127.0.0.1:{port}"
        for _attempt in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        home = urllib.request.urlopen(base + "/").read().decode()
        article_path = re.search(r'href="(/articles/[^"]+/)"', home).group(1)
        stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]+\.css)"', home).group(1)
        scenarios = {
            "static file (ceiling)": (base + stylesheet, None, None),
            "article, uncached": (base + article_path, UNCACHED, None),
            "article, cached": (base + article_path, None, None),
            "home, uncached": (base + "/", UNCACHED, None),
            "search, uncached": (base + "/search/?q=r%C3%A9f%C3%A9rencement", UNCACHED, None),
            "comment POST": (base + article_path, None, comment_script(folder, base, article_path)),
        }
        ceilings = dict.fromkeys(scenarios, "static file (ceiling)")
        if shutil.which("nginx"):
            # A static copy of the article page beside it, served by nginx itself from disk.
            copy = Path(folder) / "copy"
            copy.mkdir()
            (copy / "article-copy.html").write_bytes(urllib.request.urlopen(base + article_path).read())
            proxy = stack.enter_context(
                nginx(
                    Path(folder) / "nginx",
                    [f"127.0.0.1:{port}"],
                    environment["MEDIA_ROOT"],
                    extra_locations=f"    location = /article-copy.html {{ root {copy}; }}\n",
                )
            )
            scenarios["static file through nginx"] = (proxy + "/article-copy.html", None, None)
            scenarios["article through nginx"] = (proxy + article_path, None, None)
            ceilings["static file through nginx"] = ceilings["article through nginx"] = "static file through nginx"
        for url, header, script in scenarios.values():  # warm-up: caches, connections, imports
            wrk(url, header, script, seconds=1)
        results = {name: {"requests": 0, "seconds": 0, "cpu": 0, "p50": [], "p99": []} for name in scenarios}
        for _round in range(ROUNDS):
            for name, (url, header, script) in scenarios.items():
                cpu_before = server_cpu_seconds(server.pid)
                requests, errors, latency = wrk(url, header, script)
                result = results[name]
                result["cpu"] += server_cpu_seconds(server.pid) - cpu_before
                result["requests"] += requests
                result["seconds"] += SECONDS
                result["p50"].append(milliseconds(latency["50"]))
                result["p99"].append(milliseconds(latency["99"]))
                if errors:
                    print(f"  {name}: {errors} answers were not 2xx/3xx", file=sys.stderr)
        rates = {name: result["requests"] / result["seconds"] for name, result in results.items()}
        print(f"\n{CONNECTIONS} connections, {ROUNDS} interleaved rounds of {SECONDS} s, {os.cpu_count()} CPUs\n")
        print(f"{'scenario':<28}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'app CPU ms/req':>16}{'of ceiling':>12}")
        for name, result in results.items():
            cpu = 1000 * result["cpu"] / max(result["requests"], 1)
            print(
                f"{name:<28}{rates[name]:>9.0f}{statistics.median(result['p50']):>9.2f}"
                f"{statistics.median(result['p99']):>9.2f}{cpu:>16.2f}{rates[name] / rates[ceilings[name]]:>11.0%}"
            )
        if "article through nginx" in rates:
            times = rates["article through nginx"] / rates["article, cached"]
            print(f"\nThrough nginx, the article is served {times:.0f}× as fast as from gunicorn's own page cache.")
    finally:
        stack.close()
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
