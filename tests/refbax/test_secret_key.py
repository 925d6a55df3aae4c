"""SECRET_KEY: DEBUG off refuses a weak one; DEBUG on says loudly when its public key is reachable from elsewhere."""

import os
import runpy
import secrets
import subprocess
import sys

import pytest
from django.core import checks

from refbax.checks import exposure
from tests.servers import ROOT

STRONG_KEY = secrets.token_urlsafe(50)


def start_django(**environment):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "refbax.settings", **environment}
    code = "import django; django.setup(); print('started')"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)


@pytest.mark.parametrize(
    "key",
    [
        "insecure-development-key-only-for-debug",  # the public development key
        "s3cr3t",  # too short
        "ab" * 40,  # long, but two characters only
        "django-insecure-" + secrets.token_urlsafe(50),  # what startproject makes for development
    ],
    ids=["development-key", "short", "few-characters", "django-insecure"],
)
def test_debug_off_refuses_to_start_with_a_weak_key_and_says_why(key):
    result = start_django(DEBUG="0", SECRET_KEY=key)
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is too weak for DEBUG off" in result.stderr
    assert "at least 50 characters" in result.stderr
    assert "secrets.token_urlsafe(50)" in result.stderr, "it says how to make a good one"
    assert key not in result.stderr, "the key itself is never printed"


def test_debug_off_starts_with_a_strong_key():
    result = start_django(DEBUG="0", SECRET_KEY=STRONG_KEY)
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_debug_on_without_a_key_starts_with_the_development_key():
    environment = {name: value for name, value in os.environ.items() if name != "SECRET_KEY"}
    code = "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "refbax.settings", "DEBUG": "1"},
        capture_output=True,
        text=True,
    )
    assert result.stdout.strip() == "insecure-development-key-only-for-debug"


@pytest.fixture
def debug_site(settings):
    settings.DEBUG = True
    settings.SECRET_KEY = settings.DEVELOPMENT_SECRET_KEY
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]", "testserver"]
    return settings


LOOPBACK_BINDS = [[], ["127.0.0.1:8000"], ["localhost:8000", "[::1]:8000"], ["unix:/run/refbax.sock"]]


@pytest.mark.parametrize("binds", LOOPBACK_BINDS)
def test_a_debug_site_on_the_loopback_is_not_warned_about(debug_site, binds):
    assert exposure(binds) == ""


@pytest.mark.parametrize("binds", [["0.0.0.0:8000"], ["[::]:8000"], ["192.168.1.20:8000"], ["refbax.lan:80"]])
def test_a_debug_site_listening_beyond_the_loopback_is_warned_about(debug_site, binds):
    message = exposure(binds)
    assert f"it listens on {binds[0]}" in message
    assert "public development SECRET_KEY" in message
    assert "forge" in message


def test_a_debug_site_whose_hosts_go_beyond_localhost_is_warned_about_by_the_checks(debug_site):
    debug_site.ALLOWED_HOSTS = ["localhost", "www.example.fr"]
    message = exposure()
    assert "ALLOWED_HOSTS lets in www.example.fr" in message
    [warning] = [found for found in checks.run_checks(tags=[checks.Tags.security]) if found.id == "refbax.W001"]
    assert warning.msg == message  # what `manage.py check` and runserver print


def test_with_a_key_of_its_own_a_reachable_debug_site_is_warned_about_its_error_pages_only(debug_site):
    debug_site.SECRET_KEY = STRONG_KEY
    message = exposure(["0.0.0.0:8000"])
    assert "error pages show code and settings" in message
    assert "SECRET_KEY" in message and "public development" not in message


def test_debug_off_is_never_warned_about(debug_site):
    debug_site.DEBUG = False
    assert exposure(["0.0.0.0:8000"]) == ""


class FakeGunicorn:
    """What gunicorn hands its hooks: its configuration and its logger."""

    def __init__(self, binds):
        self.cfg = type("Config", (), {"bind": binds})()
        self.warnings = []
        self.log = self

    def warning(self, message, *args):
        self.warnings.append(message % args)


def test_gunicorn_says_it_loudly_as_it_starts(debug_site):
    hooks = runpy.run_path(str(ROOT / "refbax" / "gunicorn.conf.py"))
    server = FakeGunicorn(["0.0.0.0:8000"])
    hooks["on_starting"](server)
    [warning] = server.warnings
    assert warning.startswith("!" * 78)
    assert "WARNING: DEBUG is on and this site can be reached from other machines" in warning
    quiet = FakeGunicorn(["127.0.0.1:8000"])
    hooks["on_starting"](quiet)
    assert quiet.warnings == []
