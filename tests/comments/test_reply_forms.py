"""Replying without JavaScript: ?reply= puts the reply form under that comment, and nonsense shows the usual one."""

import pytest

from tests.helpers import article_page, comment_form, form_value, make_comment, text_of

pytestmark = [pytest.mark.django_db]


def test_reply_puts_the_form_under_that_comment(client, make_article):
    article = make_article()
    root = make_comment(article, author_name="Marc")
    other = make_comment(article)
    soup = article_page(client, article, f"?reply={root.pk}")
    forms = soup.select("#respond")
    assert len(forms) == 1
    assert forms[0].find_parent("li")["id"] == f"comment-{root.pk}"
    assert soup.select_one(f"#comment-{other.pk} #respond") is None
    assert form_value(forms[0].find("form"), "parent") == str(root.pk)
    assert text_of(forms[0].find("h3")) == "Répondre à Marc"
    assert soup.select_one(".comments__new a")["href"] == f"{article.get_absolute_url()}#respond"


def test_every_reply_link_leads_to_its_own_reply_form(client, make_article):
    article = make_article()
    comment = make_comment(article, author_name="Marc")
    link = article_page(client, article).select_one(f"#comment-{comment.pk} .comment__reply")
    assert link["href"] == f"?reply={comment.pk}#respond"
    assert text_of(link) == "Répondre à Marc"


@pytest.mark.parametrize("query", ["?reply=abc", "?reply=", "?reply=-1", "?reply=99999999999999999999"])
def test_a_nonsense_reply_parameter_shows_the_usual_form(client, make_article, query):
    article = make_article()
    make_comment(article)
    soup = article_page(client, article, query)
    assert soup.select_one("#comments > #respond") is not None
    assert form_value(comment_form_of(soup), "parent") == ""


def comment_form_of(soup):
    return soup.select_one("#respond form")


def test_the_usual_form_replies_to_nobody(client, make_article):
    response = client.get(make_article().get_absolute_url())
    assert form_value(comment_form(response), "parent") == ""
