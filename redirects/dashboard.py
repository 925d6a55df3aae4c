"""The dashboard's "Liens cassés" block: the articles whose links are broken, most broken first.

Added to newsroom's dashboard through its panel registry (newsroom/dashboard.py),
so that newsroom never imports redirects.
"""

from django.db.models import Count, Q

from articles.models import Article
from redirects.models import Link, NotFound

LIST_LENGTH = 5


def broken_links_panel(user, now):
    """The figures of the block for `user` (None if they may not read link checks)."""
    if not user.has_perm("redirects.view_link"):
        return None
    # Two queries: the counts, and the 404 log's; the articles only when some link is broken.
    counts = Link.objects.aggregate(
        broken=Count("pk", filter=Q(state=Link.State.BROKEN)),
        redirected=Count("pk", filter=Q(state=Link.State.REDIRECTED)),
        checked=Count("pk", filter=Q(checked_at__isnull=False)),
    )
    articles = []
    if counts["broken"]:
        articles = (
            Article.objects.filter(checked_links__state=Link.State.BROKEN)
            .annotate(broken=Count("checked_links"))
            .only("pk", "title")
            .order_by("-broken", "title")[:LIST_LENGTH]
        )
    sees_not_found = user.has_perm("redirects.view_notfound")
    return {
        **counts,
        "articles": list(articles),
        "not_found": NotFound.objects.filter(ignored=False).count() if sees_not_found else None,
    }
