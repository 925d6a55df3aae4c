"""The moderation rules: what happens to a new comment, and why.

A pure function of the comment and its context, so that each rule can be
tested alone and read in one place. Settings (defaults in refbax/settings.py):

- COMMENTS_MODERATION: "known" holds a comment unless its author proves an
  approved earlier comment; "all" holds every comment; "none" holds none.
- COMMENTS_MAX_LINKS: from this many links on, a comment is held whoever wrote it.
- COMMENTS_MIN_SECONDS: a form sent back faster than this is a robot's.
"""

import re
from dataclasses import dataclass

from django.conf import settings

from comments.models import Comment

URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)


@dataclass(frozen=True)
class Verdict:
    status: str
    reason: str
    detail: str = ""


def count_links(text: str) -> int:
    return len(URL_RE.findall(text))


def find_blocked_word(texts, words):
    """The first blocked word or phrase found as a whole word in any of `texts`, or None."""
    haystack = "\n".join(texts).lower()
    for word in words:
        if re.search(rf"(?<!\w){re.escape(word.lower())}(?!\w)", haystack):
            return word
    return None


def judge(*, name, email, url, body, honeypot, elapsed, token_valid, proven, blocked_words):
    """Decide the status of a new comment.

    `elapsed` is the number of seconds between the form being served and sent
    back (from the signed token); `proven` says whether the commenter showed
    proof of an approved earlier comment.
    """
    spam = Comment.Status.SPAM
    held = Comment.Status.PENDING
    if honeypot:
        return Verdict(spam, Comment.Reason.HONEYPOT)
    if not token_valid:
        return Verdict(spam, Comment.Reason.BAD_TOKEN)
    if elapsed < settings.COMMENTS_MIN_SECONDS:
        return Verdict(spam, Comment.Reason.TOO_FAST, f"{elapsed:.1f} s")
    if word := find_blocked_word([name, email, url, body], blocked_words):
        return Verdict(spam, Comment.Reason.BLOCKED_WORD, word)
    links = count_links(body) + count_links(name)
    if links >= settings.COMMENTS_MAX_LINKS:
        return Verdict(held, Comment.Reason.LINKS, str(links))
    match settings.COMMENTS_MODERATION:
        case "none":
            return Verdict(Comment.Status.APPROVED, Comment.Reason.OPEN)
        case "all":
            return Verdict(held, Comment.Reason.ALL_HELD)
    if proven:
        return Verdict(Comment.Status.APPROVED, Comment.Reason.KNOWN_COMMENTER)
    return Verdict(held, Comment.Reason.FIRST_COMMENT)
