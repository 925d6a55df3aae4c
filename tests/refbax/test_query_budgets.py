"""The query budgets of issue 8, with lazy loading turned into an error so that no N+1 hides."""

from datetime import timedelta

import pytest
from django.core.exceptions import FieldFetchBlocked
from django.db import connection
from django.db.models import FETCH_RAISE
from django.db.models import query as django_query
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from comments.models import Comment
from site_settings.models import SiteSettings

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached_pages")]

ARTICLE_PAGE_BUDGET = 10
LIST_PAGE_BUDGET = 8
COMMENT_POST_BUDGET = 12


@pytest.fixture(autouse=True)
def lazy_loads_raise(monkeypatch):
    """Any field or relation loaded one row at a time raises FieldFetchBlocked instead of querying."""
    monkeypatch.setattr(django_query, "DEFAULT_FETCH_MODE", FETCH_RAISE)


@pytest.fixture(autouse=True)
def warm_settings():
    SiteSettings.load()


def queries_for(client, url):
    client.get(url)  # warms the cached site settings and navigation
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def add_comments(article, count):
    roots = Comment.objects.bulk_create(
        Comment(
            article=article, author_name=f"L{n}", author_email=f"l{n}@example.org", body="Texte", status="approved"
        )
        for n in range(count // 2)
    )
    Comment.objects.bulk_create(
        Comment(
            article=article,
            parent=root,
            depth=1,
            author_name="R",
            author_email="r@example.org",
            body="Réponse",
            status="approved",
        )
        for root in roots[: count - len(roots)]
    )
    Comment.objects.recount([article.pk])


def article_with_company(make_article, make_image, comments):
    tags = [f"theme-{n}" for n in range(10)]
    article = make_article(tags=tags, cover=make_image(), cover_alt="Illustration")
    for day in range(1, 5):
        make_article(tags=tags[:day], published_at=timezone.now() - timedelta(days=day))
    add_comments(article, comments)
    return article


def test_lazy_loading_is_an_error_in_these_tests(make_article):
    article = make_article()
    Comment.objects.create(article=article, author_name="A", author_email="a@example.org", body="B")
    with pytest.raises(FieldFetchBlocked):
        Comment.objects.get().article  # noqa: B018 (the access is the test)


@pytest.mark.parametrize("comments", [2, 200])
def test_the_article_page_stays_within_its_budget(make_article, make_image, comments):
    article = article_with_company(make_article, make_image, comments)
    assert queries_for(Client(), article.get_absolute_url()) <= ARTICLE_PAGE_BUDGET


def test_the_article_page_costs_the_same_with_2_or_200_comments(make_article, make_image):
    few = article_with_company(make_article, make_image, 2)
    many = article_with_company(make_article, make_image, 200)
    assert queries_for(Client(), few.get_absolute_url()) == queries_for(Client(), many.get_absolute_url())


@pytest.mark.parametrize(
    "url", ["/", "/?page=2", "/category/{category}/", "/tag/commun/", "/author/{author}/", "/search/?q=commun"]
)
def test_list_pages_stay_within_their_budget_whatever_they_list(make_article, make_image, url):
    articles = [
        make_article(title=f"Commun {n}", tags=["commun", f"t{n}"], cover=make_image(), cover_alt="Image")
        for n in range(25)
    ]
    for article in articles[:5]:
        add_comments(article, 3)
    url = url.format(category=articles[0].category.slug, author=articles[0].author.slug)
    assert queries_for(Client(), url) <= LIST_PAGE_BUDGET


def test_posting_a_comment_stays_within_its_budget(make_article, settings):
    settings.COMMENTS_MIN_SECONDS = 0
    article = make_article()
    parent = Comment.objects.create(
        article=article, author_name="A", author_email="a@example.org", body="Premier", status="approved"
    )
    client = Client()
    client.get(article.get_absolute_url())
    data = {
        "author_name": "Lou",
        "author_email": "lou@example.org",
        "body": "Une réponse",
        "parent": str(parent.pk),
        "remember": "on",
    }
    # The token comes from its address, as comments.js fetches it.
    data["token"] = client.get(reverse("comments:token", args=[article.pk])).json()["token"]
    with CaptureQueriesContext(connection) as context:
        response = client.post(reverse("comments:post", args=[article.pk]), data)
    assert response.status_code == 302
    assert len(context.captured_queries) <= COMMENT_POST_BUDGET


def test_cover_dimensions_are_stored_so_loading_a_row_never_opens_the_image(make_article, make_image, monkeypatch):
    article = make_article(cover=make_image(width=40, height=30), cover_alt="Image")
    assert (article.cover_width, article.cover_height) == (40, 30)
    opened = []
    monkeypatch.setattr("django.core.files.images.get_image_dimensions", lambda *a, **k: opened.append(a) or (1, 1))
    list(Article.objects.all())
    assert opened == []
