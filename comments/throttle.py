"""Who is posting, and how often: client address, its keyed hash, and the flood limit."""

import ipaddress

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or X-Forwarded-For only behind a trusted proxy.

    A forged X-Forwarded-For sent straight to the app is ignored; behind trusted
    proxies, the right-most address that is not one of them is the client.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = settings.COMMENTS_TRUSTED_PROXIES
    if remote not in trusted:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for address in reversed(forwarded):
        if address and address not in trusted:
            try:
                return str(ipaddress.ip_address(address))
            except ValueError:
                break
    return remote


def ip_hash(address: str) -> str:
    """A keyed hash (HMAC with the server's secret) so that no address is ever stored."""
    return salted_hmac("comments.ip", address, algorithm="sha256").hexdigest()


def over_limit(address_hash: str) -> bool:
    """Count one comment for this address; True once it is over the limit of its window.

    The count lives in the shared cache, so every app server sees the same one.
    """
    limit, window = settings.COMMENTS_RATE_LIMIT
    key = f"comments:rate:{address_hash}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit
