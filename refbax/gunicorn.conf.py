"""Gunicorn settings: `gunicorn -c refbax/gunicorn.conf.py refbax.wsgi`."""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# Sync workers suit a server-rendered site whose views do not wait on slow peers.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
timeout = 30
graceful_timeout = 30
keepalive = 5
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def on_starting(server):
    """Say loudly when a DEBUG site listens beyond the loopback (refbax/checks.py); with DEBUG off, a weak
    SECRET_KEY stops gunicorn here, before any worker starts."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "refbax.settings")
    from refbax.checks import exposure

    if message := exposure(server.cfg.bind):
        banner = "!" * 78
        server.log.warning("%s\nWARNING: %s\n%s", banner, message, banner)
