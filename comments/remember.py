"""The commenter's cookie: which comments were posted from this browser, and, with consent, who posted them.

Signed and HttpOnly. It always holds the ids of the comments posted from this
browser (nothing personal): their author sees them while they await moderation,
and may edit or delete them (comments/views.py); they are also the proof that
lets an approved commenter's next comment be published at once. The name,
e-mail and website that fill in the next form are kept only when the reader
ticks the consent box.
"""

import json

from django.conf import settings
from django.core import signing

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


def remember(response, request, comment, *, identity):
    """Add `comment` to the browser's comments; keep the commenter's name, e-mail and website if `identity`."""
    data = {"ids": [*comment_ids(request), comment.pk][-MAX_IDS:]}
    if identity:
        data |= {"name": comment.author_name, "email": comment.author_email, "url": comment.author_url}
    response.set_signed_cookie(
        settings.COMMENTS_COOKIE_NAME,
        json.dumps(data),
        salt=SALT,
        max_age=settings.COMMENTS_COOKIE_MAX_AGE,
        httponly=True,
        secure=not settings.DEBUG,
        samesite="Lax",
    )


def initial(request) -> dict:
    """Initial form values from the cookie: name, e-mail, website, and the box ticked."""
    data = read(request)
    if not data.get("email"):
        return {}
    return {
        "author_name": data.get("name", ""),
        "author_email": data.get("email", ""),
        "author_url": data.get("url", ""),
        "remember": True,
    }


OWNER_SALT = "comments.owner"


def owner_key(comment):
    """The signed key of the link e-mailed to a commenter: it lets them edit or delete that comment."""
    return signing.dumps(comment.pk, salt=OWNER_SALT)


def owns(request, comment, key=""):
    """Whether the reader is the comment's author: posted from this browser, or holding its e-mailed key."""
    if comment.pk in comment_ids(request):
        return True
    try:
        return signing.loads(key, salt=OWNER_SALT) == comment.pk
    except signing.BadSignature:
        return False
