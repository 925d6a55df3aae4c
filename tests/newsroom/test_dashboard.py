"""The dashboard's figures on the admin index, against known data: periods, counts, what waits, who gets what."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from articles.models import Article
from comments.models import Comment
from newsroom import dashboard
from newsroom.dashboard import ArticleComments, DayCount, MonthCount
from tests.helpers import make_comment

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


def paris(year, month, day, hour=12, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=PARIS)


# A Saturday in winter (UTC+1); the 12 months run from April 2024, the 30 days from 14 February.
NOW = paris(2025, 3, 15, 12)


# Periods


def test_the_twelve_months_end_with_the_current_one_across_a_new_year():
    months = dashboard.month_starts(date(2025, 3, 15))
    assert months[0] == date(2024, 4, 1)
    assert months[-1] == date(2025, 3, 1)
    assert len(set(months)) == 12
    assert months == sorted(months)


def test_the_thirty_days_end_with_today():
    days = dashboard.last_days(date(2025, 3, 1))
    assert (days[0], days[-1], len(days)) == (date(2025, 1, 31), date(2025, 3, 1), 30)


def test_a_day_starts_at_midnight_in_paris_summer_or_winter():
    assert dashboard.start_of_day(date(2025, 1, 10)) == datetime(2025, 1, 9, 23, 0, tzinfo=UTC)
    assert dashboard.start_of_day(date(2025, 7, 10)) == datetime(2025, 7, 9, 22, 0, tzinfo=UTC)


# Articles published per month


def test_articles_are_counted_per_month_of_paris_empty_months_included(make_article):
    # 1 April 2024 at 00:10 in Paris is still 31 March in UTC (summer time had begun).
    make_article(published_at=paris(2024, 4, 1, 0, 10))
    make_article(published_at=paris(2024, 3, 31, 23, 50))  # before the 12 months
    # 1 March 2025 at 00:30 in Paris is 28 February at 23:30 in UTC.
    make_article(published_at=paris(2025, 3, 1, 0, 30))
    make_article(published_at=paris(2025, 2, 28, 23, 30))
    make_article(published_at=paris(2025, 3, 15, 11, 59))
    make_article(published_at=paris(2025, 3, 15, 12, 1))  # after "now": scheduled then
    make_article(published_at=paris(2025, 1, 10), status=Article.Status.DRAFT)

    figures = dashboard.articles_per_month(NOW)

    expected = {date(2024, 4, 1): 1, date(2025, 2, 1): 1, date(2025, 3, 1): 2}
    assert figures == [MonthCount(month, expected.get(month, 0)) for month in dashboard.month_starts(NOW.date())]


def test_articles_per_month_is_one_query(make_article, django_assert_num_queries):
    for year, month in [*((2024, month) for month in range(1, 13)), (2025, 1), (2025, 2), (2025, 3)]:
        make_article(published_at=paris(year, month, 5))
    with django_assert_num_queries(1):
        figures = dashboard.articles_per_month(NOW)
    assert [row.published for row in figures] == [1] * 12  # January to March 2024 are out


# Comments received and approved per day


@pytest.fixture
def article(make_article):
    return make_article(published_at=paris(2025, 1, 2))


def test_comments_are_counted_per_day_of_paris_received_and_approved(article):
    make_comment(article, created_at=paris(2025, 2, 13, 23, 59))  # before the 30 days
    make_comment(article, created_at=paris(2025, 2, 14, 0, 0))
    make_comment(article, created_at=paris(2025, 3, 10, 23, 59))
    make_comment(article, created_at=paris(2025, 3, 11, 0, 1), status=Comment.Status.PENDING)
    # 23:30 in UTC on the 10th is 00:30 on the 11th in Paris.
    make_comment(article, created_at=datetime(2025, 3, 10, 23, 30, tzinfo=UTC), status=Comment.Status.SPAM)
    make_comment(article, created_at=paris(2025, 3, 15, 11, 0), status=Comment.Status.REMOVED)
    make_comment(article, created_at=paris(2025, 3, 15, 12, 30))  # after "now"

    figures = dashboard.comments_per_day(NOW)

    expected = {
        date(2025, 2, 14): (1, 1),
        date(2025, 3, 10): (1, 1),
        date(2025, 3, 11): (2, 0),
        date(2025, 3, 15): (1, 0),
    }
    assert figures == [DayCount(day, *expected.get(day, (0, 0))) for day in dashboard.last_days(NOW.date())]


def test_comments_after_midnight_in_paris_summer_count_for_the_next_day(article):
    make_comment(article, created_at=datetime(2025, 7, 1, 21, 59, tzinfo=UTC))  # 23:59 on 1 July in Paris
    make_comment(article, created_at=datetime(2025, 7, 1, 22, 30, tzinfo=UTC))  # 00:30 on 2 July in Paris

    figures = {row.day: row.received for row in dashboard.comments_per_day(paris(2025, 7, 10))}

    assert (figures[date(2025, 7, 1)], figures[date(2025, 7, 2)]) == (1, 1)


def test_comments_per_day_is_one_query(article, django_assert_num_queries):
    for day in range(1, 11):
        make_comment(article, created_at=paris(2025, 3, day))
    with django_assert_num_queries(1):
        figures = dashboard.comments_per_day(NOW)
    assert sum(row.approved for row in figures) == 10


# Most commented articles


def test_the_most_commented_articles_count_approved_comments_of_the_last_30_days(make_article):
    first, second, old = (make_article(title=title) for title in ("Premier", "Second", "Ancien"))
    for _ in range(3):
        make_comment(first, created_at=paris(2025, 3, 1))
    make_comment(second, created_at=paris(2025, 3, 14))
    for _ in range(5):
        make_comment(second, created_at=paris(2025, 3, 14), status=Comment.Status.PENDING)
    for _ in range(4):
        make_comment(old, created_at=paris(2025, 2, 13, 23, 59))

    assert dashboard.most_commented(NOW) == [
        ArticleComments(first.pk, "Premier", 3),
        ArticleComments(second.pk, "Second", 1),
    ]


def test_the_most_commented_articles_are_a_short_list_in_one_query(make_article, django_assert_num_queries):
    for count in range(1, 8):
        article = make_article()
        for _ in range(count):
            make_comment(article, created_at=paris(2025, 3, 10))
    with django_assert_num_queries(1):
        figures = dashboard.most_commented(NOW)
    assert [row.comments for row in figures] == [7, 6, 5, 4, 3]


# What waits


def test_scheduled_this_week_means_published_status_within_seven_days(make_article):
    now = timezone.now()
    tomorrow = make_article(title="Demain", published_at=now + timedelta(days=1))
    in_six_days = make_article(title="Dans six jours", published_at=now + timedelta(days=6, hours=23))
    make_article(published_at=now + timedelta(days=8))
    make_article(published_at=now + timedelta(days=2), status=Article.Status.DRAFT)
    make_article(published_at=now + timedelta(days=2), status=Article.Status.IN_REVIEW)
    make_article(published_at=now - timedelta(hours=1))

    scheduled = dashboard.waiting_articles(now)["scheduled"]

    assert scheduled.count == 2
    assert scheduled.articles == [tomorrow, in_six_days]


def test_the_waiting_lists_are_short_but_the_counts_are_whole(make_article):
    now = timezone.now()
    for hour in range(1, 8):
        make_article(published_at=now + timedelta(hours=hour))
    scheduled = dashboard.waiting_articles(now)["scheduled"]
    assert (scheduled.count, len(scheduled.articles)) == (7, dashboard.LIST_LENGTH)


def test_articles_in_review_wait_oldest_first(make_article):
    in_review = Article.Status.IN_REVIEW
    older = make_article(title="Relu depuis longtemps", status=in_review)
    newer = make_article(title="Tout juste soumis", status=in_review)
    Article.objects.filter(pk=older.pk).update(updated_at=timezone.now() - timedelta(days=2))
    make_article(status=Article.Status.DRAFT)

    waiting = dashboard.waiting_articles()["in_review"]

    assert waiting.count == 2
    assert waiting.articles == [older, newer]


# Who gets what


def test_a_superuser_gets_every_block(admin_user):
    figures = dashboard.for_user(admin_user, NOW)
    assert figures.scheduled is not None
    assert figures.pending_comments == 0
    assert figures.articles_per_month is not None
    assert figures.comments_per_day is not None
    assert figures.most_commented == []
    assert figures.in_review == (0, [])


def test_an_editor_gets_the_article_figures_only(editor):
    figures = dashboard.for_user(editor, NOW)
    assert figures.in_review is not None
    assert figures.scheduled is not None
    assert figures.articles_per_month is not None
    assert figures.most_commented == []
    assert figures.pending_comments is None
    assert figures.comments_per_day is None


def test_a_moderator_gets_the_comment_figures_only(moderator):
    figures = dashboard.for_user(moderator, NOW)
    assert figures.pending_comments == 0
    assert figures.comments_per_day is not None
    assert figures.most_commented == []
    assert figures.in_review is None
    assert figures.scheduled is None
    assert figures.articles_per_month is None


def test_staff_without_permissions_get_nothing(django_user_model):
    user = django_user_model.objects.create_user("stagiaire", is_staff=True)
    assert dashboard.for_user(user, NOW) == dashboard.Dashboard()
