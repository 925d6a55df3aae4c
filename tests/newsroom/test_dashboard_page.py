"""The dashboard on the admin index: its blocks for each role, its charts and their tables, its query count."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from comments.models import Comment
from newsroom import charts
from tests.helpers import make_comment, soup_of, text_of

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
INDEX_URL = reverse("admin:index")
# With warm caches: the user, the site's generation (for the kept site settings), the site
# settings' "add" permission (twice), the admin log of "Recent actions", and the dashboard's 7:
# in-review and scheduled counts, the two lists, articles per month, pending comments,
# comments per day, most commented.
SUPERUSER_INDEX_QUERIES = 14  # the broken links' block (redirects/dashboard.py): 2
# Editors and moderators: the user, the generation, their permissions (own and groups'), the
# admin log, then 5 dashboard queries for an editor (no comment figures), 3 for a moderator.
EDITOR_INDEX_QUERIES = 12  # the broken links' block: 2
MODERATOR_INDEX_QUERIES = 8


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
