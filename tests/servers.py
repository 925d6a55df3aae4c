"""Helpers for the tests that run the site under gunicorn, as in production."""

import http.cookiejar
import os
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


def wait_until_listening(port, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"nothing listens on port {port}")


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
