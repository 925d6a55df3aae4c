"""The number of approved comments, in French, on the article page and on the article cards."""

import pytest

from comments.models import Comment
from tests.helpers import article_page, get_page, make_comment, text_of

pytestmark = [pytest.mark.django_db]


def test_the_article_page_shows_the_number_of_approved_comments(client, make_article):
    article = make_article()
    make_comment(article)
    make_comment(article)
    make_comment(article, status=Comment.Status.PENDING)
    soup = article_page(client, article)
    assert text_of(soup.select_one(".article__header .comment-count")) == "2 commentaires"
    assert soup.select_one(".article__header .comment-count").parent["href"] == "#comments"
    assert text_of(soup.select_one("#comments-title")) == "2 commentaires"


@pytest.mark.parametrize(("count", "label"), [(0, "Aucun commentaire"), (1, "1 commentaire")])
def test_the_article_page_counts_in_french(client, make_article, count, label):
    article = make_article()
    for _number in range(count):
        make_comment(article)
    assert text_of(article_page(client, article).select_one(".article__header .comment-count")) == label


def test_the_count_follows_moderation(client, make_article):
    article = make_article()
    comment = make_comment(article, status=Comment.Status.PENDING)
    article.refresh_from_db()
    assert article.comment_count == 0
    comment.approve()
    article.refresh_from_db()
    assert article.comment_count == 1
    comment.remove()
    article.refresh_from_db()
    assert article.comment_count == 0


def card_of(soup, article):
    title = soup.find("a", href=article.get_absolute_url(), string=article.title)
    return title.find_parent("article", class_="card")


def test_article_cards_show_the_comment_count(client, make_article):
    article = make_article(title="Un article commenté")
    quiet = make_article(category=article.category, title="Un article sans commentaire")
    for _number in range(3):
        make_comment(article)
    soup = get_page(client, article.category.get_absolute_url())
    count = card_of(soup, article).select_one(".comment-count")
    assert text_of(count) == "3 commentaires"
    assert count.parent["href"] == f"{article.get_absolute_url()}#comments"
    assert card_of(soup, quiet).select_one(".comment-count") is None


def test_the_featured_article_on_the_home_page_shows_its_comment_count(client, make_article):
    article = make_article(featured=True)
    make_comment(article)
    featured = get_page(client, "/").select_one(".featured")
    assert text_of(featured.select_one(".comment-count")) == "1 commentaire"
