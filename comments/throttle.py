"""Who is posting, and how often: client address, its keyed hash, and the flood limit."""

import ipaddress
import logging
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.crypto import salted_hmac

from comments.models import Comment

logger = logging.getLogger(__name__)


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
    try:
        cache.add(key, 0, timeout=window)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)
            count = 1
    except Exception as error:  # the shared cache is away (CacheUnavailable, connection errors)
        logger.warning("rate limit counted in the database, the cache failed: %s", error)
        return _comments_in_window(address_hash, window) >= limit
    return count > limit


def _comments_in_window(address_hash, window):
    """The degraded count: comments stored from this address in the window (all statuses)."""
    since = timezone.now() - timedelta(seconds=window)
    return Comment.objects.filter(ip_hash=address_hash, created_at__gte=since).count()
