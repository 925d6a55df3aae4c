"""The figures of the admin index's dashboard, each from one aggregate query.

Days and months are those of the site's time zone (TIME_ZONE, Europe/Paris): a
comment posted at 00:30 in Paris counts for that day, whatever UTC says. Every
function takes `now` so that tests can pin the periods; periods end at `now`.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from django.db.models import Count, Q
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from articles.models import Article
from comments.models import Comment

MONTHS = 12
DAYS = 30
# Blocks that apps after newsroom add to the dashboard in their ready() (redirects: the broken
# links), so that newsroom imports none of them: [(template name, panel(user, now) -> context or None)].
PANELS = []
SCHEDULE_WINDOW = timedelta(days=7)
LIST_LENGTH = 5


class Waiting(NamedTuple):
    count: int
    articles: list  # the first LIST_LENGTH of them


class MonthCount(NamedTuple):
    month: date  # its first day
    published: int


class DayCount(NamedTuple):
    day: date
    received: int
    approved: int


class ArticleComments(NamedTuple):
    article_id: int
    title: str
    comments: int


@dataclass(frozen=True)
class Dashboard:
    """What one user may see; None for a block they may not see."""

    in_review: Waiting | None = None
    scheduled: Waiting | None = None
    pending_comments: int | None = None
    articles_per_month: list[MonthCount] | None = None
    comments_per_day: list[DayCount] | None = None
    most_commented: list[ArticleComments] | None = None


def local_date(moment):
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


def start_of_day(day):
    """Midnight at the start of `day` in the site's time zone, as an aware datetime."""
    return datetime.combine(day, time.min, tzinfo=timezone.get_default_timezone())


def month_starts(today, count=MONTHS):
    """The first days of the `count` months that end with today's, oldest first."""
    year, month = today.year, today.month
    starts = []
    for _ in range(count):
        starts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def last_days(today, count=DAYS):
    """The `count` days that end with today, oldest first."""
    return [today - timedelta(days=offset) for offset in range(count - 1, -1, -1)]


def articles_per_month(now=None):
    """Articles published in each of the last MONTHS months (this one up to now), empty months included."""
    now = now or timezone.now()
    months = month_starts(local_date(now))
    rows = (
        Article.objects.published()
        .filter(published_at__gte=start_of_day(months[0]), published_at__lte=now)
        .values(month=TruncMonth("published_at", tzinfo=timezone.get_default_timezone()))
        .annotate(published=Count("pk"))
        .order_by("month")
    )
    counts = {local_date(row["month"]): row["published"] for row in rows}
    return [MonthCount(month, counts.get(month, 0)) for month in months]


def comments_per_day(now=None):
    """Comments received (whatever became of them) and those approved, by day of arrival, over DAYS days."""
    now = now or timezone.now()
    days = last_days(local_date(now))
    rows = (
        Comment.objects.filter(created_at__gte=start_of_day(days[0]), created_at__lte=now)
        .values(day=TruncDate("created_at", tzinfo=timezone.get_default_timezone()))
        .annotate(received=Count("pk"), approved=Count("pk", filter=Q(status=Comment.Status.APPROVED)))
        .order_by("day")
    )
    counts = {row["day"]: (row["received"], row["approved"]) for row in rows}
    return [DayCount(day, *counts.get(day, (0, 0))) for day in days]


def most_commented(now=None, limit=LIST_LENGTH):
    """The articles with the most approved comments received over the last DAYS days, most first."""
    now = now or timezone.now()
    since = start_of_day(last_days(local_date(now))[0])
    rows = (
        Comment.objects.approved()
        .filter(created_at__gte=since, created_at__lte=now)
        .values("article_id", "article__title")
        .annotate(comments=Count("pk"))
        .order_by("-comments", "article__title", "article_id")[:limit]
    )
    return [ArticleComments(row["article_id"], row["article__title"], row["comments"]) for row in rows]


def waiting_articles(now=None, limit=LIST_LENGTH):
    """{"in_review": Waiting, "scheduled": Waiting}: articles in review, and those going out within a week.

    Counts come from one query, each list from another: in review, the longest
    waiting first; scheduled, the soonest first.
    """
    now = now or timezone.now()
    conditions = Article.visibility_conditions(now)
    in_review = conditions["in_review"]
    this_week = conditions["scheduled"] & Q(published_at__lte=now + SCHEDULE_WINDOW)
    counts = Article.objects.aggregate(
        in_review=Count("pk", filter=in_review),
        scheduled=Count("pk", filter=this_week),
    )
    cards = Article.objects.select_related("author").only("pk", "title", "published_at", "updated_at", "author__name")
    in_review_first = cards.filter(in_review).order_by("updated_at", "pk")[:limit]
    scheduled_first = cards.filter(this_week).order_by("published_at", "pk")[:limit]
    return {
        "in_review": Waiting(counts["in_review"], list(in_review_first)),
        "scheduled": Waiting(counts["scheduled"], list(scheduled_first)),
    }


def add_panel(template_name, panel):
    """Show `template_name` on the dashboard with the context `panel(user, now)` returns (nothing for None)."""
    PANELS.append((template_name, panel))


def panels_for(user, now=None):
    """[{"template": …, **context}] of the added panels that `user` sees."""
    now = now or timezone.now()
    shown = ((template_name, panel(user, now)) for template_name, panel in PANELS)
    return [{"template": template_name, **context} for template_name, context in shown if context is not None]


def for_user(user, now=None):
    """The dashboard `user` may see: article figures for editors, comment figures for moderators.

    The most commented articles are shown to both: approved comments are public.
    """
    now = now or timezone.now()
    sees_articles = user.has_perm("articles.view_article")
    sees_comments = user.has_perm("comments.view_comment")
    figures = {}
    if sees_articles:
        figures |= waiting_articles(now)
        figures["articles_per_month"] = articles_per_month(now)
    if sees_comments:
        figures["pending_comments"] = Comment.objects.pending().count()
        figures["comments_per_day"] = comments_per_day(now)
    if sees_articles or sees_comments:
        figures["most_commented"] = most_commented(now)
    return Dashboard(**figures)
