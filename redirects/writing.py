"""The writing screen's link warnings: as one types, the body's links that lead nowhere, by the checker's resolver.

Internal links are resolved at once (redirects/links.py, no HTTP); links to
other sites are looked up among the last check's results only: the writing
screen never makes the server fetch a page. Added to newsroom's writing screen
through its registry (newsroom/editing.py), its script static/js/admin-links.js.
"""

import json

from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from redirects.links import is_internal, normalize, resolve_internal
from redirects.models import Link

# A body checked as it is typed sends its links; more than this is no body being typed.
MAX_LINKS = 300
MAX_REQUEST_BYTES = 1024 * 1024
SCRIPT = "js/admin-links.js"

STRINGS = {
    "broken": gettext_lazy("Broken link: %(url)s (%(problem)s)"),
    "redirected": gettext_lazy("This link is redirected: %(url)s leads to %(target)s. Link to the target."),
}


def writing_check_data(admin_site):
    """What admin-links.js needs, in the writing screen's JSON data block."""
    return {"url": reverse("admin:redirects_link_check", current_app=admin_site.name), "strings": STRINGS}


@require_POST
def check_view(request):
    """POST {"links": [href, …]} → {"links": [{"url", "state", "problem", "target"}]} of those to fix."""
    if not (request.user.has_perm("articles.add_article") or request.user.has_perm("articles.change_article")):
        return JsonResponse({"error": _("Permission denied.")}, status=403)
    if len(request.body) > MAX_REQUEST_BYTES:
        return JsonResponse({"error": _("Too many links.")}, status=400)
    try:
        hrefs = json.loads(request.body or b"{}").get("links")
    except (ValueError, UnicodeDecodeError, AttributeError):
        return JsonResponse({"error": _("Malformed JSON.")}, status=400)
    if not isinstance(hrefs, list) or not all(isinstance(href, str) for href in hrefs):
        return JsonResponse({"error": _("“links” must be a list of addresses.")}, status=400)
    urls = list(dict.fromkeys(url for url in map(normalize, hrefs[:MAX_LINKS]) if url))
    known = {
        link.url: link
        for link in Link.objects.filter(url__in=[url for url in urls if not is_internal(url)]).exclude(
            state__in=[Link.State.OK, Link.State.UNCHECKED, Link.State.UNVERIFIED]
        )
    }
    found = []
    for url in urls:
        result = resolve_internal(url) if is_internal(url) else known.get(url)
        if result is not None and result.state in {Link.State.BROKEN, Link.State.REDIRECTED}:
            problem = result.error or (str(result.status_code) if result.status_code else "")
            found.append({"url": url, "state": result.state, "problem": problem, "target": result.redirected_to})
    return JsonResponse({"links": found})
