"""Whether a link to another site still works: HEAD, then GET when HEAD is refused, within strict bounds.

Each request has a timeout for every read (LINK_CHECK_TIMEOUT) and a deadline for
the whole exchange, after which its socket is shut: a server that answers after
a minute, or trickles its headers, holds the checker no longer. A GET reads at
most MAX_BODY_BYTES of the body, whatever the server sends (1 GB included).
Redirects are followed by hand, MAX_REDIRECTS at most, and a loop is named as
such. Addresses of private networks are not fetched (LINK_CHECK_PRIVATE_ADDRESSES).
"""

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from redirects.links import Result
from redirects.models import Link
from site_settings.models import SiteSettings

MAX_REDIRECTS = 5
MAX_BODY_BYTES = 64 * 1024
# Answers that mean "no such page" (or no working server); other 4xx are the server refusing robots.
BROKEN_STATUSES = {404, 410}


class CheckFailed(Exception):
    """The link could not be followed: no answer, a TLS error, a loop… The message is for editors."""


class NotChecked(Exception):
    """The link is not to be fetched from here (a private network, a host left out): nothing to conclude."""


def user_agent():
    """Browser-like, so that sites answer as they answer readers, and naming the site that checks."""
    return f"Mozilla/5.0 (compatible; RefbaxLinkChecker/1.0; {SiteSettings.load().name}; +{settings.SITE_URL}/)"


def _check_address(host):
    """Refuse private networks and this machine (unless allowed): a link must not probe the server's network."""
    if settings.LINK_CHECK_PRIVATE_ADDRESSES:
        return
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (socket.gaierror, UnicodeError) as error:
        raise CheckFailed(_("Unknown host.")) from error
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast:
            raise NotChecked(_("Address on a private network: not checked."))


def request(url, method, timeout, agent):
    """(status, Location header or "") of one request; CheckFailed when there is no usable answer."""
    parts = urlsplit(url)
    host = parts.hostname
    if parts.scheme not in {"http", "https"} or not host:
        raise CheckFailed(_("Not a web address."))
    _check_address(host)
    try:
        port = parts.port
    except ValueError as error:
        raise CheckFailed(_("Not a web address.")) from error
    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(host, port, timeout=timeout, context=ssl.create_default_context())
    else:
        connection = http.client.HTTPConnection(host, port, timeout=timeout)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    # The whole exchange, not only each read, is bounded: past it the socket is shut, and reads end.
    watchdog = threading.Timer(timeout * 2, _shut, [connection])
    watchdog.start()
    try:
        connection.request(method, target, headers={"User-Agent": agent, "Accept": "*/*"})
        response = connection.getresponse()
        if method == "GET":
            response.read(MAX_BODY_BYTES)
        return response.status, response.getheader("Location", "")
    except ssl.SSLError as error:
        raise CheckFailed(_("TLS error: %(reason)s") % {"reason": error.reason or error}) from error
    except TimeoutError as error:
        raise CheckFailed(_("No answer within %(seconds)s seconds.") % {"seconds": f"{timeout:g}"}) from error
    except ConnectionRefusedError as error:
        raise CheckFailed(_("Connection refused.")) from error
    except socket.gaierror as error:
        raise CheckFailed(_("Unknown host.")) from error
    except (OSError, http.client.HTTPException) as error:
        if not watchdog.is_alive():
            raise CheckFailed(_("No answer within %(seconds)s seconds.") % {"seconds": f"{timeout:g}"}) from error
        raise CheckFailed(_("No valid answer: %(reason)s") % {"reason": type(error).__name__}) from error
    finally:
        watchdog.cancel()
        connection.close()


def _shut(connection):
    if connection.sock is not None:
        with contextlib.suppress(OSError):
            connection.sock.shutdown(socket.SHUT_RDWR)


def check_url(url, timeout=None, wait_for_host=lambda host: None):
    """The Result of following `url` as a reader's browser would (HEAD first, GET if refused)."""
    timeout = timeout or settings.LINK_CHECK_TIMEOUT
    if (urlsplit(url).hostname or "").lower() in settings.LINK_CHECK_SKIP_HOSTS:
        return Result(Link.State.UNVERIFIED, None, _("This site refuses robots: not checked."))
    agent = user_agent()
    seen = [url]
    current = url
    try:
        for _hop in range(MAX_REDIRECTS + 1):
            wait_for_host(urlsplit(current).hostname)
            status, location = request(current, "HEAD", timeout, agent)
            if status >= 400:  # HEAD is not always answered truly (405, 403, even 404): GET confirms
                wait_for_host(urlsplit(current).hostname)
                status, location = request(current, "GET", timeout, agent)
            if 300 <= status < 400 and location:
                following = urljoin(current, location)
                if following in seen:
                    return Result(Link.State.BROKEN, status, _("Redirect loop."))
                seen.append(following)
                current = following
                continue
            return _result(status, url, current)
        return Result(Link.State.BROKEN, None, _("Too many redirects."))
    except CheckFailed as failure:
        return Result(Link.State.BROKEN, None, str(failure)[:300])
    except NotChecked as reason:
        return Result(Link.State.UNVERIFIED, None, str(reason)[:300])


def _result(status, url, final):
    if 200 <= status < 300:
        if final != url:
            return Result(Link.State.REDIRECTED, status, redirected_to=final[: Link._meta.get_field("url").max_length])
        return Result(Link.State.OK, status)
    if status in BROKEN_STATUSES or status >= 500:
        return Result(Link.State.BROKEN, status, _("The site answers %(status)s.") % {"status": status})
    return Result(Link.State.UNVERIFIED, status, _("The site answers %(status)s to robots.") % {"status": status})
