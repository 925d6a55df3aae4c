"""Fixtures of the comments' tests: the moderators' queue."""

import pytest

from comments.models import Comment
from tests.helpers import make_comment


@pytest.fixture
def queue(make_article):
    """Comments of every kind on two articles."""
    guide, news = make_article(title="Le guide SEO"), make_article(title="Les nouvelles")
    return {
        "held": make_comment(
            guide,
            status=Comment.Status.PENDING,
            reason=Comment.Reason.FIRST_COMMENT,
            author_name="Anne",
            body="Premier commentaire d’Anne.",
        ),
        "links": make_comment(
            guide,
            status=Comment.Status.PENDING,
            reason=Comment.Reason.LINKS,
            reason_detail="3",
            author_name="Bruno",
            body="https://a.example https://b.example https://c.example",
        ),
        "spam": make_comment(
            news,
            status=Comment.Status.SPAM,
            reason=Comment.Reason.BLOCKED_WORD,
            reason_detail="casino",
            author_name="Robot",
            author_email="robot@spam.example",
            body="Casino gratuit",
        ),
        "approved": make_comment(news, author_name="Chloé", body="Très utile, merci."),
        "removed": make_comment(news, status=Comment.Status.REMOVED, author_name="Troll", body="Hors sujet."),
    }
