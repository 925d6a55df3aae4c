"""`make run` serves what readers get: the French 404 page, never Django's debug page, with media served."""

import os
import signal
import subprocess
import time

import pytest
from bs4 import BeautifulSoup

from tests.servers import ROOT, fetch, free_port

pytestmark = pytest.mark.servers


def start_make_run(folder, **extra):
    """`make run` over a database and media of its own; the key it makes is kept in var/ as usual."""
    port = free_port()
    environment = {
        **{name: value for name, value in os.environ.items() if name not in {"DEBUG", "SECRET_KEY", "REDIS_URL"}},
        "PORT": str(port),
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
        "CACHE_DIR": str(folder / "cache"),
        "STATIC_ROOT": str(folder / "static"),
        "WEB_CONCURRENCY": "2",
        "LOG_LEVEL": "WARNING",
        **extra,
    }
    log = open(folder / "make-run.log", "w")  # noqa: SIM115 (closed by the caller)
    process = subprocess.Popen(
        ["make", "--no-print-directory", "run"],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    return process, log, f"http://127.0.0.1:{port}"


def wait_for(url, process, timeout=240):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "make run stopped"
        try:
            status, _headers, _body = fetch(url + "/healthz")
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError("make run never answered")


@pytest.fixture
def served(tmp_path):
    def serve(**extra):
        process, log, url = start_make_run(tmp_path, **extra)
        started.append((process, log))
        wait_for(url, process)
        return url

    started = []
    yield serve
    for process, log in started:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


def test_make_run_shows_the_french_404_page_media_and_the_demo_logins(served, tmp_path):
    url = served()
    status, headers, body = fetch(url + "/cette-adresse-n-existe-pas/")
    assert status == 404
    page = BeautifulSoup(body, "html.parser")
    assert page.html["lang"] == "fr"
    assert "n’existe pas" in page.h1.get_text()
    assert "URLconf" not in body.decode()
    assert page.find("form", role="search") is not None
    # Hashed static files: DEBUG is off.
    stylesheet = page.find("link", rel="stylesheet")["href"]
    assert stylesheet.startswith("/static/css/site.") and stylesheet != "/static/css/site.css"

    avatar = next((tmp_path / "media" / "authors").glob("*.png"))
    status, headers, _body = fetch(f"{url}/media/authors/{avatar.name}")
    assert status == 200 and headers["Content-Type"] == "image/png"

    output = (tmp_path / "make-run.log").read_text()
    assert "login: admin  password: refbax-demo" in output
    assert "login: modo" in output


def test_debug_1_make_run_shows_djangos_debug_page_to_a_developer(served, tmp_path):
    url = served(DEBUG="1")
    status, _headers, body = fetch(url + "/cette-adresse-n-existe-pas/")
    assert status == 404
    assert "URLconf" in body.decode()
    avatar = next((tmp_path / "media" / "authors").glob("*.png"))
    assert fetch(f"{url}/media/authors/{avatar.name}")[0] == 200
