"""Reading the environment into settings: booleans, lists and the e-mail URL."""

import os
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def email_settings(url):
    """The MAILERS setting from a URL: console://, locmem://, file:///path or smtp(s)://user:pass@host:port."""
    parts = urlsplit(url)
    backends = {
        "console": "django.core.mail.backends.console.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "file": "django.core.mail.backends.filebased.EmailBackend",
        "smtp": "django.core.mail.backends.smtp.EmailBackend",
        "smtps": "django.core.mail.backends.smtp.EmailBackend",
    }
    if parts.scheme not in backends:
        raise ImproperlyConfigured(f"EMAIL_URL: unknown scheme {parts.scheme!r}; use one of {', '.join(backends)}.")
    options = {}
    if parts.scheme == "file":
        options["file_path"] = parts.path
    elif parts.scheme in {"smtp", "smtps"}:
        options = {
            "host": parts.hostname or "localhost",
            "port": parts.port or (465 if parts.scheme == "smtps" else 587),
            "username": unquote(parts.username or ""),
            "password": unquote(parts.password or ""),
            "use_ssl": parts.scheme == "smtps",
            "use_tls": parts.scheme == "smtp" and "tls=0" not in parts.query,
            "timeout": 10,
        }
    return {"default": {"BACKEND": backends[parts.scheme], "OPTIONS": options}}
