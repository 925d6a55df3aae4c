"""The demo site as production runs it, for the browser tests and the screenshots.

gunicorn with DEBUG off (hashed static files, the real 404 page, the strict CSP)
over a fresh SQLite database filled by `manage.py demo`, behind a pretend proxy:
127.0.0.1 is trusted, so each browser context can be a reader from its own
address (X-Forwarded-For), as readers are in production.
"""

import ctypes
import os
import secrets
import signal
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.servers import ROOT, free_port, manage, wait_until_listening


@dataclass(frozen=True)
class DemoSite:
    url: str
    folder: Path

    def __call__(self, path="/"):
        return self.url + path


def stop_with_parent():
    """Run in a server's process: SIGTERM it when the tests' process dies, even killed, leaving nothing behind."""
    ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # 1: PR_SET_PDEATHSIG (Linux)


def environment_for(folder: Path, url: str) -> dict:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "refbax.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": url,
        "SECURE_SSL_REDIRECT": "0",  # plain HTTP on the loopback; Chromium keeps Secure cookies there
        "TRUSTED_PROXIES": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
        "CACHE_DIR": str(folder / "cache"),
        "STATIC_ROOT": str(folder / "static"),
        "TASKS_BACKEND": "immediate",
        "EMAIL_URL": "locmem://",
        "LOG_LEVEL": "WARNING",
        # Several workers, sharing the cache as they do under `make run`.
        "WEB_CONCURRENCY": "3",
    }
    for name in ("REDIS_URL", "ADMIN_URL", "CSRF_TRUSTED_ORIGINS", "BEHIND_TLS_PROXY"):
        environment.pop(name, None)
    return environment


def prepare(environment: dict) -> None:
    """Migrate, then load the demo and collect the static files side by side (both take seconds)."""
    manage("migrate", "--no-input", "-v0", environment=environment)
    jobs = [
        subprocess.Popen(
            [sys.executable, "manage.py", *arguments],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for arguments in (["demo"], ["collectstatic", "--no-input", "-v0"])
    ]
    for job in jobs:
        _out, errors = job.communicate(timeout=300)
        if job.returncode:
            raise RuntimeError(f"{' '.join(job.args[2:])} failed:\n{errors}")


@contextmanager
def demo_site(folder: Path, log_path: Path | None = None):
    """Build the demo site in `folder`, serve it, and stop the server whatever happens."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    environment = environment_for(folder, url)
    prepare(environment)
    log = open(log_path, "w") if log_path else subprocess.DEVNULL  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        # tests/browser/wsgi.py serves /media/ as the proxy does in production.
        [sys.executable, "-m", "gunicorn", "-c", "refbax/gunicorn.conf.py", "tests.browser.wsgi"],
        cwd=ROOT,
        env={**environment, "PORT": str(port)},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        preexec_fn=stop_with_parent,
    )
    try:
        wait_until_listening(port)
        yield DemoSite(url=url, folder=folder)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        if log_path:
            log.close()


if __name__ == "__main__":
    import tempfile
    import time

    with tempfile.TemporaryDirectory() as folder, demo_site(Path(folder)) as site:
        print(f"Demo site on {site.url}: BROWSER_TESTS_SITE={site.url} make test-browser uses it. Ctrl-C stops it.")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
