"""Small conversions of exported values: text, e-mail addresses, dates, old addresses, fingerprints."""

import hashlib
import json
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils import timezone

from articles.text import html_to_text

_email_validator = EmailValidator()


_LARGE = 1 << 16  # characters: a string this long is digested piece by piece
_PIECE = 1 << 20


def fingerprint(*values) -> str:
    """A digest of exported data: equal digests, nothing changed in WordPress.

    Small data is digested as its JSON text (the digests of earlier imports stay
    valid); a long text (a post's content) piece by piece, never copied whole.
    """
    digest = hashlib.sha256()
    if not any(_has_large(value) for value in values):
        digest.update(json.dumps(values, default=str, ensure_ascii=False).encode())
        return digest.hexdigest()
    _feed(digest, values)
    return digest.hexdigest()


def legacy_fingerprint(*values) -> str:
    """The digest earlier releases kept for a post: the JSON text of its values, whole."""
    return hashlib.sha256(json.dumps(values, default=str, ensure_ascii=False).encode()).hexdigest()


def _has_large(value):
    if isinstance(value, str):
        return len(value) > _LARGE
    return isinstance(value, list | tuple) and any(_has_large(part) for part in value)


def _feed(digest, value):
    if isinstance(value, str) and len(value) > _LARGE:
        digest.update(b"\x00text %d\x00" % len(value))
        for start in range(0, len(value), _PIECE):
            digest.update(value[start : start + _PIECE].encode("utf-8", "surrogatepass"))
    elif isinstance(value, list | tuple):
        digest.update(b"\x00[")
        for part in value:
            _feed(digest, part)
        digest.update(b"\x00]")
    else:
        digest.update(json.dumps(value, default=str, ensure_ascii=False).encode() + b"\x00,")


def site_key(url: str) -> str:
    """'https://www.Example.com/blog/' -> 'example.com/blog': the same site over http and https."""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}"[:200]


def export_key(index) -> str:
    """What keeps one export's ids apart from another's: its site's address.

    An export without one (hand-made, or from a plugin) is keyed by its title and a
    digest of its items' GUIDs, so two such files never overwrite each other's articles,
    while the same file imported again finds its own.
    """
    if key := site_key(index.site_url):
        return key
    title = " ".join(index.site_title.split())[:150] or "sans titre"
    return f"{title} · {index.guids.hexdigest()[:16]}"


def old_path(link: str) -> str:
    """The path part of an old permalink, decoded as requests arrive; its ?p= or ?page_id= kept."""
    parts = urlsplit(link.strip())
    path = unquote(parts.path) or "/"
    query = parse_qs(parts.query)
    for name in ("p", "page_id"):
        if query.get(name, [""])[0].isdecimal():
            return f"{path}?{name}={query[name][0]}"
    return path


def plain(text: str) -> str:
    """Text without tags, entities decoded, on one line (titles, names)."""
    return " ".join(html_to_text(text or "").split())


def valid_email(value):
    """`value` if it is an e-mail address, else ""."""
    try:
        _email_validator(value)
    except ValidationError:
        return ""
    return value


def aware(moment):
    return timezone.make_aware(moment) if moment else None
