"""A loud warning when a site in DEBUG mode can be reached from elsewhere than this machine.

DEBUG is for a laptop: its error pages show code and settings, and without a
SECRET_KEY of its own the site signs with the public development key, so anyone
could forge its signed cookies and links (the commenter's cookie, messages,
unsubscribe links). Said by `manage.py check` and runserver (ALLOWED_HOSTS) and by
gunicorn as it starts (ALLOWED_HOSTS and the addresses it listens on).
"""

import ipaddress

from django.conf import settings
from django.core.checks import Tags, Warning, register

LOOPBACK_NAMES = {"localhost", ".localhost", "testserver"}


def _is_loopback_host(host):
    host = host.strip().strip("[]").lower()
    if host in LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a name (or "*"): other machines reach it


def _is_loopback_bind(address):
    """Whether a gunicorn bind address ("127.0.0.1:8000", "[::1]:80", "unix:/run/x.sock") is this machine's own."""
    if address.startswith("unix:"):
        return True  # only what runs here can connect to a socket file
    if address.startswith("fd://"):
        return False  # handed over by systemd: where it listens is unknown
    host = address.rsplit(":", 1)[0] if address.count(":") == 1 or address.startswith("[") else address
    return _is_loopback_host(host)


def exposure(bind_addresses=()):
    """Why this DEBUG site is dangerous where it can be reached, or "" when it is not (or DEBUG is off)."""
    if not settings.DEBUG:
        return ""
    foreign_hosts = [host for host in settings.ALLOWED_HOSTS if not _is_loopback_host(host)]
    open_binds = [address for address in bind_addresses if not _is_loopback_bind(address)]
    if not foreign_hosts and not open_binds:
        return ""
    reached = []
    if open_binds:
        reached.append(f"it listens on {', '.join(open_binds)}")
    if foreign_hosts:
        reached.append(f"ALLOWED_HOSTS lets in {', '.join(foreign_hosts)}")
    risks = "its error pages show code and settings to anyone"
    if settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
        risks = (
            "it signs with the public development SECRET_KEY, so anyone can forge its signed cookies and links "
            "(the commenter's cookie, messages, unsubscribe links), and " + risks
        )
    return (
        f"DEBUG is on and this site can be reached from other machines ({'; '.join(reached)}): {risks}. "
        "Serve it with DEBUG=0 and a SECRET_KEY of its own, or on 127.0.0.1 only."
    )


@register(Tags.security)
def check_debug_exposure(app_configs, **kwargs):
    message = exposure()
    return [Warning(message, id="refbax.W001")] if message else []
