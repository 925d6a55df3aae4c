"""The dashboard on the admin index: its figures against known data, its charts, who sees what."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from comments.models import Comment
from newsroom import charts, dashboard
from newsroom.dashboard import ArticleComments, DayCount, MonthCount
from tests.comment_helpers import make_comment, soup_of, text_of

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
INDEX_URL = reverse("admin:index")
# With warm caches: the user, the site's generation (for the kept site settings), the site
# settings' "add" permission (twice), the admin log of "Recent actions", and the dashboard's 7:
# in-review and scheduled counts, the two lists, articles per month, pending comments,
# comments per day, most commented.
SUPERUSER_INDEX_QUERIES = 12
# Editors and moderators: the user, the generation, their permissions (own and groups'), the
# admin log, then 5 dashboard queries for an editor (no comment figures), 3 for a moderator.
EDITOR_INDEX_QUERIES = 10
MODERATOR_INDEX_QUERIES = 8


def paris(year, month, day, hour=12, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=PARIS)


# A Saturday in winter (UTC+1); the 12 months run from April 2024, the 30 days from 14 February.
NOW = paris(2025, 3, 15, 12)


@pytest.fixture
def moderator(django_user_model):
    """A member of the "Modérateurs" group: staff, not superuser, with only the group's permissions."""
    user = django_user_model.objects.create_user(
        "moderatrice", "moderatrice@example.com", "motdepasse-solide", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Modérateurs"))
    return user


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


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


# Who sees what


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


# Chart geometry


@pytest.mark.parametrize(
    ("maximum", "values"),
    [
        (0, [0, 1]),
        (3, [0, 1, 2, 3]),
        (7, [0, 2, 4, 6, 8]),
        (23, [0, 10, 20, 30]),
        (100, [0, 50, 100]),
        (180, [0, 50, 100, 150, 200]),
    ],
)
def test_the_value_axis_goes_up_in_round_steps(maximum, values):
    assert charts.axis_values(maximum) == values


def test_values_scale_on_the_axis():
    assert charts.scale(5, 10, 170) == 85
    assert charts.scale(0, 0, 170) == 0


def test_months_and_days_are_labelled_in_french():
    assert [charts.month_label(date(2025, month, 1)) for month in (1, 3, 8, 12)] == ["jan.", "mars", "août", "déc."]
    assert charts.month_title(date(2025, 2, 1)) == "février 2025"
    assert charts.day_label(date(2025, 3, 3)) == "3 mars"
    assert charts.day_title(date(2025, 3, 3)) == "lundi 3 mars 2025"


def test_the_year_is_written_under_the_first_month_and_each_january():
    months = dashboard.month_starts(date(2025, 3, 15))
    assert charts.year_labels(months) == ["2024", *[""] * 8, "2025", "", ""]
    chart = charts.column_chart(
        [charts.month_label(month) for month in months],
        [charts.month_title(month) for month in months],
        [charts.Series("S", "s", [1] * 12)],
        sublabels=charts.year_labels(months),
    )
    assert [label.text for label in chart.axis_labels if label.text.isdigit()] == ["2024", "2025"]
    assert chart.height == charts.COLUMN_HEIGHT + charts.SUBLABEL_HEIGHT


def test_column_bars_stand_on_the_baseline_in_proportion():
    chart = charts.column_chart(["a", "b", "c"], ["A", "B", "C"], [charts.Series("S", "s", [0, 2, 4])])
    plot_height = charts.COLUMN_HEIGHT - charts.MARGIN_TOP - charts.MARGIN_BOTTOM
    assert [bar.height for bar in chart.bars] == [0, plot_height / 2, plot_height]
    assert {bar.y + bar.height for bar in chart.bars} == {chart.baseline.y1}
    assert [bar.title for bar in chart.bars] == ["A: 0", "B: 2", "C: 4"]
    assert [label.text for label in chart.value_labels] == ["0", "1", "2", "3", "4"]
    assert chart.legend == []  # one series needs no legend
    xs = [bar.x for bar in chart.bars]
    assert xs == sorted(xs) and xs[0] >= charts.MARGIN_LEFT
    assert xs[-1] + chart.bars[-1].width <= charts.WIDTH - charts.MARGIN_RIGHT


def test_only_one_day_in_seven_is_labelled_ending_with_today():
    labels = [str(day) for day in range(30)]
    chart = charts.column_chart(labels, labels, [charts.Series("S", "s", [1] * 30)], label_every=7)
    assert [label.text for label in chart.axis_labels] == ["1", "8", "15", "22", "29"]


def test_two_series_overlap_and_get_a_legend():
    chart = charts.column_chart(
        ["a"], ["A"], [charts.Series("Reçus", "received", [4]), charts.Series("Approuvés", "approved", [1])]
    )
    received, approved = chart.bars
    assert received.x == approved.x and received.height == 4 * approved.height
    assert [item.text for item in chart.legend] == ["Reçus", "Approuvés"]


def test_rows_are_as_long_as_their_value():
    chart = charts.row_chart([("Premier", 4), ("Second", 1)], "c")
    first, second = chart.bars
    assert first.width == 4 * second.width
    assert [label.text for label in chart.labels] == ["Premier", "Second"]
    assert chart.height == 2 * charts.ROW_HEIGHT


# The page


def blocks_of(soup):
    ids = ["waiting", "in-review", "scheduled", "pending-comments", "articles-per-month", "comments-per-day"]
    return {block_id for block_id in [*ids, "most-commented"] if soup.find(id=block_id)}


def local_now():
    return timezone.localtime(timezone.now(), PARIS)


@pytest.fixture
def newsroom(make_article):
    """Two articles published an hour ago with comments, one scheduled tomorrow, one in review, one pending comment."""
    hour_ago = timezone.now() - timedelta(hours=1)
    make_article(title="À relire", status=Article.Status.IN_REVIEW)
    first = make_article(title="Le plus commenté", published_at=hour_ago)
    second = make_article(title="L’autre", published_at=hour_ago)
    make_article(title="Pour demain", published_at=timezone.now() + timedelta(days=1))
    for _ in range(3):
        make_comment(first, created_at=hour_ago)
    make_comment(second, created_at=hour_ago)
    make_comment(second, created_at=hour_ago, status=Comment.Status.PENDING)
    return {"first": first, "second": second, "hour_ago": hour_ago}


def test_a_superuser_sees_every_block(admin_client, newsroom):
    response = admin_client.get(INDEX_URL)
    assert response.status_code == 200
    soup = soup_of(response)
    assert blocks_of(soup) == {
        "waiting",
        "in-review",
        "scheduled",
        "pending-comments",
        "articles-per-month",
        "comments-per-day",
        "most-commented",
    }
    # The apps are still listed below.
    assert soup.select_one("#content-main .app-articles")


def test_an_editor_sees_the_article_blocks_only(editor_client, newsroom):
    soup = soup_of(editor_client.get(INDEX_URL))
    assert blocks_of(soup) == {"waiting", "in-review", "scheduled", "articles-per-month", "most-commented"}
    link = soup.select_one("#most-commented table a")
    assert link["href"] == reverse("admin:articles_article_change", args=[newsroom["first"].pk])


def test_a_moderator_sees_the_comment_blocks_only(moderator_client, newsroom):
    soup = soup_of(moderator_client.get(INDEX_URL))
    assert blocks_of(soup) == {"waiting", "pending-comments", "comments-per-day", "most-commented"}
    link = soup.select_one("#most-commented table a")
    changelist = reverse("admin:comments_comment_changelist")
    assert link["href"] == f"{changelist}?article__id__exact={newsroom['first'].pk}"
    assert text_of(soup.select_one("#pending-comments a")) == "1 commentaire attend votre modération"


def test_staff_without_permissions_see_no_dashboard_block(client, django_user_model, newsroom):
    client.force_login(django_user_model.objects.create_user("stagiaire", is_staff=True))
    assert blocks_of(soup_of(client.get(INDEX_URL))) == set()


def test_the_in_review_block_lists_what_waits_for_review(editor_client, newsroom):
    block = soup_of(editor_client.get(INDEX_URL)).find(id="in-review")
    count = block.select_one(".dashboard-count a")
    assert text_of(count).startswith("1 ")
    assert count["href"] == reverse("admin:articles_article_changelist") + "?status__exact=in_review"
    assert [text_of(link) for link in block.select("li a")] == ["À relire"]


def test_the_scheduled_block_lists_what_goes_out_this_week(admin_client, newsroom):
    block = soup_of(admin_client.get(INDEX_URL)).find(id="scheduled")
    count = block.select_one(".dashboard-count a")
    assert text_of(count).startswith("1 ")
    assert count["href"] == reverse("admin:articles_article_changelist") + "?visibility=scheduled"
    assert [text_of(link) for link in block.select("li a")] == ["Pour demain"]


def test_the_articles_chart_and_its_table_show_the_same_figures(admin_client, newsroom):
    block = soup_of(admin_client.get(INDEX_URL)).find(id="articles-per-month")
    rows = [[text_of(cell) for cell in row.find_all(["th", "td"])] for row in block.select("tbody tr")]
    this_month = charts.month_title(local_now().date())
    published_month = charts.month_title(timezone.localtime(newsroom["hour_ago"], PARIS).date())
    assert len(rows) == 12
    assert rows[-1][0] == this_month
    assert dict(rows)[published_month] == "2"
    assert sum(int(count) for _month, count in rows) == 2
    bars = block.select("svg rect.chart-bar")
    assert len(bars) == 12
    tallest = max(bars, key=lambda bar: float(bar["height"]))
    assert tallest.title.string.startswith(published_month)
    assert tallest.title.string.endswith(" 2")
    assert [float(bar["height"]) for bar in bars].count(0) == 11


def test_the_comments_chart_and_its_table_show_the_same_figures(admin_client, newsroom):
    block = soup_of(admin_client.get(INDEX_URL)).find(id="comments-per-day")
    rows = [[text_of(cell) for cell in row.find_all(["th", "td"])] for row in block.select("tbody tr")]
    day = charts.day_title(timezone.localtime(newsroom["hour_ago"], PARIS).date())
    assert len(rows) == 30
    assert rows[-1][0] == charts.day_title(local_now().date())
    assert {row[0]: row[1:] for row in rows}[day] == ["5", "4"]
    received = block.select("svg rect.chart-bar--received")
    approved = block.select("svg rect.chart-bar--approved")
    assert (len(received), len(approved)) == (31, 31)  # 30 days and the legend's swatch
    (tooltip,) = {bar.title.string for bar in received if bar.title and float(bar["height"])}
    assert tooltip.startswith(day)
    assert tooltip.endswith(" 5")


def test_the_most_commented_block_ranks_articles(admin_client, newsroom):
    block = soup_of(admin_client.get(INDEX_URL)).find(id="most-commented")
    rows = [[text_of(cell) for cell in row.find_all(["th", "td"])] for row in block.select("tbody tr")]
    assert rows == [["Le plus commenté", "3"], ["L’autre", "1"]]
    assert [text_of(text) for text in block.select("svg text.chart-text--strong")] == ["Le plus commenté", "L’autre"]


def test_the_most_commented_block_says_when_there_is_none(admin_client):
    block = soup_of(admin_client.get(INDEX_URL)).find(id="most-commented")
    assert block.find("svg") is None
    assert block.find("table") is None
    assert text_of(block.select_one(".dashboard-count"))


def test_every_chart_is_described_for_screen_readers_and_backed_by_a_table(admin_client, newsroom):
    soup = soup_of(admin_client.get(INDEX_URL))
    svgs = soup.select("#dashboard svg")
    assert len(svgs) == 3
    for svg in svgs:
        assert svg["role"] == "img"
        title_id, desc_id = svg["aria-labelledby"].split()
        assert text_of(svg.find("title", id=title_id))
        assert text_of(svg.find("desc", id=desc_id))
        table = svg.find_parent(class_="dashboard-figure").select_one("details table")
        assert text_of(table.caption)
        assert table.select("thead th[scope=col]") and table.select("tbody th[scope=row]")
    assert text_of(soup.find(id="articles-chart-desc")).startswith("2 ")


def test_the_dashboard_keeps_to_the_content_security_policy(admin_client, newsroom):
    soup = soup_of(admin_client.get(INDEX_URL))
    dashboard_block = soup.find(id="dashboard")
    assert dashboard_block.find_all(style=True) == []
    assert dashboard_block.find_all(["style", "script"]) == []
    # Coordinates are written with a decimal point, not the French comma.
    assert all("," not in rect["x"] for rect in dashboard_block.select("rect"))


@pytest.mark.parametrize(
    ("user_client", "expected"),
    [
        ("admin_client", SUPERUSER_INDEX_QUERIES),
        ("editor_client", EDITOR_INDEX_QUERIES),
        ("moderator_client", MODERATOR_INDEX_QUERIES),
    ],
)
def test_the_index_runs_a_fixed_number_of_queries(request, make_article, user_client, expected):
    client = request.getfixturevalue(user_client)

    def index_queries():
        client.get(INDEX_URL)  # fills the caches of site settings and navigation categories
        with CaptureQueriesContext(connection) as context:
            assert client.get(INDEX_URL).status_code == 200
        return len(context.captured_queries)

    article = make_article(published_at=timezone.now() - timedelta(hours=1))
    make_comment(article, created_at=timezone.now() - timedelta(hours=1))
    small = index_queries()
    for day in range(1, 20):
        more = make_article(published_at=timezone.now() - timedelta(days=day * 15))
        make_article(published_at=timezone.now() + timedelta(days=day % 7 + 1))
        make_article(status=Article.Status.IN_REVIEW)
        make_comment(more, created_at=timezone.now() - timedelta(days=day))
        make_comment(more, created_at=timezone.now() - timedelta(days=day), status=Comment.Status.PENDING)
    assert index_queries() == small == expected
