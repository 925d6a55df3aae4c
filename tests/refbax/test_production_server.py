"""The site under gunicorn with production settings (DEBUG off), and how it behaves when its parts fail."""

import json
import os
import secrets
from pathlib import Path

import pytest

from tests.servers import fetch, gunicorn, manage

pytestmark = pytest.mark.servers

DEAD_REDIS = "redis://127.0.0.1:9/0"  # the discard port: nothing answers there
DEAD_POSTGRES = "postgres://postgres@127.0.0.1:9/refbax"
HTTPS = {"X-Forwarded-Proto": "https", "Host": "refbax.example"}


@pytest.fixture(scope="module")
def production_environment(tmp_path_factory):
    folder = tmp_path_factory.mktemp("production")
    environment = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "refbax.example",
        "SITE_URL": "https://refbax.example",
        "BEHIND_TLS_PROXY": "1",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
        "CACHE_DIR": str(folder / "cache"),
        "STATIC_ROOT": str(folder / "static"),
        "TASKS_BACKEND": "immediate",
        "EMAIL_URL": "locmem://",
        "DJANGO_SETTINGS_MODULE": "refbax.settings",
    }
    environment.pop("REDIS_URL", None)
    manage("migrate", "-v0", environment=environment)
    manage("collectstatic", "--no-input", "-v0", environment=environment)
    return environment


@pytest.fixture(scope="module")
def site(production_environment):
    with gunicorn(production_environment) as url:
        yield url


def test_pages_carry_the_security_headers_over_https(site):
    status, headers, _body = fetch(site + "/", HTTPS)
    assert status == 200
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "preload" not in headers["Strict-Transport-Security"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert "camera=()" in headers["Permissions-Policy"]
    policy = headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    assert "default-src 'self'" in policy


def test_plain_http_is_redirected_to_https(site):
    status, headers, _body = fetch(site + "/", {"Host": "refbax.example"})
    assert status == 301
    assert headers["Location"] == "https://refbax.example/"


def test_health_checks_from_the_load_balancer_need_no_https(site):
    status, _headers, _body = fetch(site + "/healthz", {"Host": "refbax.example"})
    assert status == 200


def test_a_forged_host_header_gets_400(site):
    status, _headers, _body = fetch(site + "/", {"X-Forwarded-Proto": "https", "Host": "evil.example"})
    assert status == 400


def test_an_oversized_body_is_refused_with_413_before_it_is_read(site):
    # The header announces 50 MB; the server answers without waiting for them.
    status, _headers, body = fetch(
        site + "/search/", {**HTTPS, "Content-Length": str(50 * 1024 * 1024)}, data=b"x", method="POST"
    )
    assert status == 413
    assert "trop" in body.decode().lower() or "413" in body.decode()


def test_static_files_have_hashed_names_far_future_caching_and_compressed_variants(site, production_environment):
    static_root = Path(production_environment["STATIC_ROOT"])
    manifest = json.loads((static_root / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/site.css"]
    assert hashed != "css/site.css"
    assert (static_root / f"{hashed}.br").is_file()
    assert (static_root / f"{hashed}.gz").is_file()
    status, headers, _body = fetch(f"{site}/static/{hashed}", {**HTTPS, "Accept-Encoding": "br"})
    assert status == 200
    assert headers["Content-Encoding"] == "br"
    assert "immutable" in headers["Cache-Control"]
    assert "max-age=315360000" in headers["Cache-Control"]


def test_the_site_keeps_answering_when_redis_is_away_and_health_says_so(production_environment):
    with gunicorn({**production_environment, "REDIS_URL": DEAD_REDIS}) as url:
        status, _headers, body = fetch(url + "/", HTTPS)
        assert status == 200
        status, _headers, body = fetch(url + "/healthz", HTTPS)
        # Still in the pool: the host serves, and every host shares the same Redis.
        assert status == 200
        assert json.loads(body) == {"status": "degraded", "database": "ok", "cache": "unavailable"}


def test_an_unreachable_database_gives_a_503_page_not_a_stack_trace(production_environment):
    with gunicorn({**production_environment, "DATABASE_URL": DEAD_POSTGRES}) as url:
        status, headers, body = fetch(url + "/", HTTPS)
        assert status == 503
        assert headers["Retry-After"] == "30"
        text = body.decode()
        assert "Traceback" not in text
        assert "indisponible" in text
        status, _headers, body = fetch(url + "/nulle-part/", HTTPS)
        assert (status, "n’existe pas" in body.decode()) == (404, True)
        status, _headers, body = fetch(url + "/healthz", HTTPS)
        assert status == 503
        assert json.loads(body)["database"] == "unavailable"


def test_the_site_serves_before_collectstatic_has_run(production_environment, tmp_path):
    with gunicorn({**production_environment, "STATIC_ROOT": str(tmp_path / "not-collected")}) as url:
        for path, expected in [("/", 200), ("/nulle-part/", 404), ("/robots.txt", 200)]:
            status, _headers, body = fetch(url + path, HTTPS)
            assert status == expected, path
            assert "Traceback" not in body.decode()


def test_health_answers_200_when_everything_is_up(site):
    status, headers, body = fetch(site + "/healthz", HTTPS)
    assert status == 200
    assert headers["Cache-Control"] == "no-store"
    assert json.loads(body) == {"status": "ok", "database": "ok", "cache": "ok"}
