"""Cross-site posting refused without a token in the page: what the browser says of where a request comes from.

The pages anonymous readers see are the same for everyone, so that proxies and
CDNs can keep them: they hold no CSRF token. The forms anonymous readers send
(the comment form) are protected instead by the headers every current browser
adds, as Go's net/http CrossOriginProtection does:

1. GET, HEAD and OPTIONS change nothing: allowed.
2. `Sec-Fetch-Site` (Fetch Metadata): "same-origin", or "none" (the reader's own
   doing: a bookmark, the address bar), is allowed; "same-site" and
   "cross-site" are refused.
3. Without it, `Origin`: allowed when it is this site (the scheme and host the
   request came to) or one of CSRF_TRUSTED_ORIGINS; refused otherwise,
   "null" (a sandboxed or privacy-stripped page) included.
4. With neither header, the request is not a browser's cross-site form (every
   browser in use sends `Origin` on a cross-site POST): allowed. A program can
   send any header it likes anyway; what the check prevents is another site
   making a reader's browser post, and the commenter cookie is `SameSite=Lax`
   besides, so such a post would not carry it.

Logged-in users (the admin) keep Django's token-based protection: only the
views decorated here are exempt from it.
"""

from functools import wraps

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def is_cross_origin(request):
    """Whether the browser says `request` comes from another site (the rules above)."""
    if request.method in SAFE_METHODS:
        return False
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site not in {"same-origin", "none"}
    origin = request.headers.get("Origin")
    if origin is None:
        return False
    return origin not in {f"{request.scheme}://{request.get_host()}", *settings.CSRF_TRUSTED_ORIGINS}


def same_origin_only(view):
    """Refuse what another site makes a browser post to `view` (403, with the reader's text given back)."""

    @csrf_exempt
    @wraps(view)
    def checked(request, *args, **kwargs):
        if is_cross_origin(request):
            return render(request, "comments/refused.html", {"text": request.POST.get("body", "")}, status=403)
        return view(request, *args, **kwargs)

    return checked
