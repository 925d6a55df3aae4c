"""The anti-robot token of the comment form: which article, issued when, and a number used once.

Article pages are the same for every reader (shared caches keep them), so the
page itself holds no token: comments.js asks for a fresh one when the reader
starts writing, and a form sent back without a good one is given back to confirm,
with a new token and the text kept (comments/views.py). Settings:

- COMMENTS_MIN_SECONDS: a token younger than this is "too young": no one types a
  comment that fast (a paste does: the reader is asked to confirm).
- COMMENTS_TOKEN_MAX_SECONDS: an older token is stale.

The number used once is stored with the comment, so that a second comment sent
with the same token from the same address is known (comments/views.py).
"""

import secrets
import time
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.core import signing

SALT = "comments.form"


class State(StrEnum):
    VALID = "valid"
    MISSING = "missing"
    FORGED = "forged"
    OTHER_ARTICLE = "other_article"
    TOO_YOUNG = "too_young"
    STALE = "stale"


@dataclass(frozen=True)
class Reading:
    state: State
    seconds: float | None = None  # its age, when it is a token of ours for this article
    nonce: str = ""

    @property
    def valid(self):
        return self.state is State.VALID


def issue(article_id, *, now=None):
    """A new token for the form of the article `article_id`."""
    issued = time.time() if now is None else now
    return signing.dumps({"a": article_id, "t": round(issued, 3), "n": secrets.token_hex(8)}, salt=SALT)


def read(value, article_id, *, now=None):
    """What the token sent back with a form says (a Reading)."""
    if not value:
        return Reading(State.MISSING)
    try:
        data = signing.loads(value, salt=SALT)
    except signing.BadSignature:
        return Reading(State.FORGED)
    if not (
        isinstance(data, dict)
        and isinstance(data.get("t"), (int, float))
        and isinstance(data.get("n"), str)
        and len(data["n"]) == 16
    ):
        return Reading(State.FORGED)
    if data.get("a") != article_id:
        return Reading(State.OTHER_ARTICLE)
    seconds = max(0.0, (time.time() if now is None else now) - data["t"])
    if seconds < settings.COMMENTS_MIN_SECONDS:
        state = State.TOO_YOUNG
    elif seconds > settings.COMMENTS_TOKEN_MAX_SECONDS:
        state = State.STALE
    else:
        state = State.VALID
    return Reading(state, seconds, data["n"])
