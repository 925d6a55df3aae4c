"""The moderation rules: what happens to a new comment, and why.

A pure function of the comment and its context, so that each rule can be
tested alone and read in one place. Settings (defaults in refbax/settings.py):

- COMMENTS_MODERATION: "known" holds a comment unless its author proves an
  approved earlier comment under the same name; "all" holds every comment;
  "none" holds none.
- COMMENTS_MAX_LINKS: from this many links on, a comment is held whoever wrote it.

The form token's age is not judged here: a form sent back too fast, or with a
missing or stale token, is given back to its reader to confirm (comments/views.py).
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


def judge(*, name, email, url, body, honeypot, token_reused, proof, blocked_words):
    """Decide the status of a new comment.

    `token_reused` says whether a comment was already sent from this address
    with the same form token; `proof` is what the commenter's cookie proves
    (comments.models.proof_of): ("proven", name), ("other_name", the name that
    was approved) or (None, "").
    """
    spam = Comment.Status.SPAM
    held = Comment.Status.PENDING
    if honeypot:
        return Verdict(spam, Comment.Reason.HONEYPOT)
    if token_reused:
        return Verdict(spam, Comment.Reason.TOKEN_REUSED)
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
    state, approved_name = proof
    if state == "proven":
        return Verdict(Comment.Status.APPROVED, Comment.Reason.KNOWN_COMMENTER)
    if state == "other_name":
        return Verdict(held, Comment.Reason.NAME_DIFFERS, approved_name)
    return Verdict(held, Comment.Reason.FIRST_COMMENT)


def judge_edit(comment, body, blocked_words):
    """The status of a comment its author has just edited: what it was, unless the new text is held or spam."""
    if word := find_blocked_word([comment.author_name, body], blocked_words):
        return Verdict(Comment.Status.SPAM, Comment.Reason.BLOCKED_WORD, word)
    links = count_links(body) + count_links(comment.author_name)
    if links >= settings.COMMENTS_MAX_LINKS:
        return Verdict(Comment.Status.PENDING, Comment.Reason.LINKS, str(links))
    return Verdict(comment.status, comment.reason, comment.reason_detail)
