"""The commenter's cookie, set only when they tick the consent box.

Signed and HttpOnly, it holds the name, e-mail and website to fill in the
next form, and the ids of the comments posted from this browser: the proof
that lets an approved commenter's next comment be published at once.
"""

import json

from django.conf import settings

SALT = "comments.remember"
MAX_IDS = 20


def read(request) -> dict:
    try:
        data = request.get_signed_cookie(settings.COMMENTS_COOKIE_NAME, salt=SALT, default=None)
    except Exception:  # a malformed cookie is no cookie
        return {}
    if not data:
        return {}
    try:
        value = json.loads(data)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def comment_ids(request) -> list[int]:
    ids = read(request).get("ids", [])
    return [i for i in ids if isinstance(i, int)] if isinstance(ids, list) else []


def remember(response, request, comment):
    data = {
        "name": comment.author_name,
        "email": comment.author_email,
        "url": comment.author_url,
        "ids": [*comment_ids(request), comment.pk][-MAX_IDS:],
    }
    response.set_signed_cookie(
        settings.COMMENTS_COOKIE_NAME,
        json.dumps(data),
        salt=SALT,
        max_age=settings.COMMENTS_COOKIE_MAX_AGE,
        httponly=True,
        secure=not settings.DEBUG,
        samesite="Lax",
    )


def forget(response):
    response.delete_cookie(settings.COMMENTS_COOKIE_NAME, samesite="Lax")


def initial(request) -> dict:
    """Initial form values from the cookie: name, e-mail, website, and the box ticked."""
    data = read(request)
    if not data:
        return {}
    return {
        "author_name": data.get("name", ""),
        "author_email": data.get("email", ""),
        "author_url": data.get("url", ""),
        "remember": True,
    }
