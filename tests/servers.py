"""Helpers for the tests that run the site under gunicorn, as in production."""

import http.cookiejar
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(*arguments, environment):
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    )


def shell(environment, code):
    """What `code` prints, run by manage.py shell with `environment` (as an editor's fix from the shell)."""
    return manage("shell", "--no-imports", "-c", code, environment=environment).stdout


def wait_until_listening(port, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"nothing listens on port {port}")


def environment_for(folder, database_url, **extra):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "refbax.settings",
        "DATABASE_URL": database_url,
        "CACHE_DIR": str(folder / "cache"),
        "MEDIA_ROOT": str(folder / "media"),
        "STATIC_ROOT": str(folder / "static"),
        "SECRET_KEY": secrets.token_urlsafe(40),
        "TRUSTED_PROXIES": "127.0.0.1",
        "TASKS_BACKEND": "immediate",
        "EMAIL_URL": "locmem://",
        **extra,
    }
    for name in ("REDIS_URL", "DEBUG", "WEB_CONCURRENCY", "PAGE_CACHE_SECONDS", "COMMENTS_RATE_LIMIT"):
        if name not in extra:
            environment.pop(name, None)
    return environment


def prepare(environment):
    """What `make run` does before it serves: migrate, demo content, static files."""
    manage("migrate", "--no-input", "-v0", environment=environment)
    manage("demo", "--if-empty", environment=environment)
    manage("collectstatic", "--no-input", "-v0", environment=environment)


# The access log of the tests' servers: which worker (its pid) answered what.
ACCESS_LOG_FORMAT = "%(p)s %(m)s %(U)s?%(q)s %(s)s"


@contextmanager
def gunicorn(environment, workers=1, access_log=None):
    """A gunicorn server with `environment`; yields its base URL and stops it, whatever happens.

    `workers=None` keeps refbax/gunicorn.conf.py's number, as `make run` does. With
    `access_log` (a path), each answer is logged there with the pid of its worker.
    """
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "-c", "refbax/gunicorn.conf.py"]
    if access_log:
        # No recycling either: the workers whose answers are counted stay the same ones.
        command += ["--access-logfile", str(access_log), "--access-logformat", ACCESS_LOG_FORMAT]
        command += ["--max-requests", "0"]
    environment = {**environment, "PORT": str(port)}
    if workers is not None:
        environment["WEB_CONCURRENCY"] = str(workers)
    process = subprocess.Popen(
        [*command, "refbax.wsgi"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_until_listening(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url, headers=None, data=None, method=None):
    """(status, headers, body) without following redirects; errors are answers too."""
    opener = urllib.request.build_opener(NoRedirect())
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with opener.open(request, timeout=20) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


class Browser:
    """A tiny cookie-keeping HTTP client that follows no redirect; cookies go to every port of the host.

    The servers trust 127.0.0.1 as their proxy: each browser comes from its own client address.
    """

    def __init__(self, address="203.0.113.1"):
        self.address = address
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())

    def request(self, url, data=None, referer=None, headers=None):
        """(status, text, headers)."""
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        headers = {"Referer": referer or url, "X-Forwarded-For": self.address, **(headers or {})}
        try:
            with self.opener.open(urllib.request.Request(url, data=body, headers=headers), timeout=30) as response:
                return response.status, response.read().decode(), response.headers
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), error.headers

    def csrf_token(self):
        return next(cookie.value for cookie in self.jar if cookie.name == "csrftoken")

    def log_in(self, server, username, password, admin_path="/admin/"):
        login = f"{server}{admin_path}login/"
        self.request(login)
        data = {"csrfmiddlewaretoken": self.csrf_token(), "username": username, "password": password}
        status, _text, _headers = self.request(login, {**data, "next": admin_path})
        assert status == 302, f"{username} could not log in"


# nginx in front: the README's own configuration (section "Deploying"), run by Debian's nginx.


def readme_nginx_configuration():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.search(r"```nginx\n(.*?)```", text, re.DOTALL).group(1)


def nginx_configuration(folder, port, upstreams, media_root, extra_locations=""):
    """The README's server block, listening on `port` in front of `upstreams` (host:port), in a whole nginx.conf.

    Only the addresses and paths are changed; a README whose block no longer has one of them fails here.
    """
    block = readme_nginx_configuration()
    servers = " ".join(f"server {upstream};" for upstream in upstreams)
    for pattern, replacement in [
        (r"proxy_cache_path /var/cache/nginx/refbax ", f"proxy_cache_path {folder}/cache "),
        (r"upstream refbax \{[^}]*\}", f"upstream refbax {{ {servers} keepalive 32; }}"),
        (r"listen 443 ssl http2;", f"listen 127.0.0.1:{port};"),
        (r"alias /srv/refbax/media/;", f"alias {media_root}/;"),
        (r"\n    location / \{", f"\n{extra_locations}    location / {{"),
    ]:
        block, count = re.subn(pattern, lambda match, new=replacement: new, block)
        if count != 1:
            raise AssertionError(f"the README's nginx configuration no longer has {pattern!r}")
    temporary = "\n".join(
        f"{kind}_temp_path {folder}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        # As root, nginx's workers would run as "nobody", who cannot write the test's folders.
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"worker_processes 2;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log warn;\n"
        + "events { worker_connections 1024; }\n"
        + f"http {{\ninclude /etc/nginx/mime.types;\naccess_log off;\n{temporary}\n{block}}}\n"
    )


@contextmanager
def nginx(folder, upstreams, media_root, extra_locations=""):
    """Debian's nginx with the README's configuration in front of `upstreams`; yields its base URL."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    configuration = folder / "nginx.conf"
    configuration.write_text(nginx_configuration(folder, port, upstreams, media_root, extra_locations))
    subprocess.run(["nginx", "-t", "-q", "-p", str(folder), "-c", str(configuration)], check=True)
    process = subprocess.Popen(
        ["nginx", "-p", str(folder), "-c", str(configuration), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_listening(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)
