"""Absolute URLs of the public site, always built from settings.SITE_URL.

Feeds, sitemaps and social cards are read by machines that keep what they see:
they must learn the public address, never the host or scheme that reached the app
server behind a proxy.
"""

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(url: str) -> str:
    """`url` made absolute on the public site; already absolute URLs (a CDN's) are kept."""
    if url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL + url


def site_scheme() -> str:
    return urlsplit(settings.SITE_URL).scheme


def site_domain() -> str:
    return urlsplit(settings.SITE_URL).netloc
