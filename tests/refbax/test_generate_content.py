"""generate_content fills the database with consistent articles and comments, in bulk."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article
from comments.models import Comment

pytestmark = pytest.mark.django_db


def test_it_adds_the_requested_articles_and_comments_consistently():
    call_command("generate_content", articles=60, comments=300, stderr=io.StringIO())
    assert Article.objects.count() == 60
    assert Comment.objects.count() == 300
    assert len(set(Article.objects.values_list("slug", flat=True))) == 60
    for article in Article.objects.all():
        assert article.word_count > 50
        assert article.reading_time >= 1
        assert article.tags.count() == 3
        assert article.comment_count == Comment.objects.approved().filter(article=article).count()
    sample = Article.objects.published().first()
    word = max(sample.title.split(), key=len)  # the longest: never a stop word such as "qui"
    assert sample in Article.objects.published().search_and_count(word)[0]


def test_it_can_run_twice_without_slug_clashes():
    call_command("generate_content", articles=10, comments=0, stderr=io.StringIO())
    call_command("generate_content", articles=10, comments=0, stderr=io.StringIO())
    assert Article.objects.values("slug").distinct().count() == 20


def test_negative_numbers_are_refused():
    with pytest.raises(CommandError):
        call_command("generate_content", articles=-1)
