"""What readers see of the comments: approved ones only, threaded, escaped, private."""

from datetime import UTC, datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from django.template import Context, Template
from django.utils import timezone

from comments.models import Comment
from comments.templatetags.comments_tags import comment_text
from tests.helpers import article_page, make_comment, text_of

pytestmark = [pytest.mark.django_db]


def top_level_ids(soup):
    return [item["id"] for item in soup.select("#comments > ol.comment-list > li.comment")]


def minutes_ago(minutes):
    return timezone.now() - timedelta(minutes=minutes)


# Which comments, in what order


def test_only_approved_comments_are_shown(client, make_article):
    article = make_article()
    shown = make_comment(article, body="Visible")
    hidden = [
        make_comment(article, status=status, body=f"Caché {status}")
        for status in [Comment.Status.PENDING, Comment.Status.SPAM, Comment.Status.REMOVED]
    ]
    soup = article_page(client, article)
    assert top_level_ids(soup) == [f"comment-{shown.pk}"]
    for comment in hidden:
        assert soup.find(id=f"comment-{comment.pk}") is None
    assert "Caché" not in soup.select_one("#comments").get_text()


def test_the_queryset_of_what_is_shown_is_the_approved_comments_of_the_article(make_article):
    article, other = make_article(), make_article()
    newer = make_comment(article, created_at=minutes_ago(1))
    older = make_comment(article, created_at=minutes_ago(5))
    make_comment(article, status=Comment.Status.PENDING)
    make_comment(other)
    assert list(Comment.objects.thread_for(article)) == [older, newer]
    assert set(Comment.objects.approved()) == {newer, older, *Comment.objects.filter(article=other)}
    assert Comment.objects.pending().get().status == Comment.Status.PENDING


def test_comments_are_shown_oldest_first(client, make_article):
    article = make_article()
    third = make_comment(article, created_at=minutes_ago(1))
    first = make_comment(article, created_at=minutes_ago(30))
    second = make_comment(article, created_at=minutes_ago(10))
    assert top_level_ids(article_page(client, article)) == [f"comment-{c.pk}" for c in (first, second, third)]


def test_replies_are_nested_lists_under_their_parent(client, make_article):
    article = make_article()
    root = make_comment(article, created_at=minutes_ago(30))
    late_reply = make_comment(article, parent=root, created_at=minutes_ago(5))
    early_reply = make_comment(article, parent=root, created_at=minutes_ago(20))
    reply_to_reply = make_comment(article, parent=early_reply, created_at=minutes_ago(10))
    soup = article_page(client, article)
    assert top_level_ids(soup) == [f"comment-{root.pk}"]
    replies = soup.select(f"#comment-{root.pk} > ol.comment-list--replies > li.comment")
    assert [item["id"] for item in replies] == [f"comment-{early_reply.pk}", f"comment-{late_reply.pk}"]
    nested = soup.select(f"#comment-{early_reply.pk} > ol.comment-list--replies > li.comment")
    assert [item["id"] for item in nested] == [f"comment-{reply_to_reply.pk}"]


def test_a_reply_to_a_comment_no_longer_shown_is_hidden_too(client, make_article):
    article = make_article()
    root = make_comment(article)
    reply = make_comment(article, parent=root)
    root.remove()
    soup = article_page(client, article)
    assert soup.find(id=f"comment-{reply.pk}") is None


def test_an_article_without_comments_invites_the_first(client, make_article):
    soup = article_page(client, make_article())
    assert text_of(soup.select_one("#comments .empty")) == "Aucun commentaire pour l’instant. Lancez la discussion !"
    assert text_of(soup.select_one("#respond h3")) == "Laisser un commentaire"


# Each comment


def test_the_name_links_to_the_website_with_nofollow_and_ugc(client, make_article):
    article = make_article()
    comment = make_comment(article, author_name="Claire Morel", author_url="https://claire.example/")
    link = article_page(client, article).select_one(f"#comment-{comment.pk} .comment__author a")
    assert link["href"] == "https://claire.example/"
    assert {"nofollow", "ugc"} <= set(link["rel"])
    assert text_of(link) == "Claire Morel"


def test_a_name_without_website_is_not_a_link(client, make_article):
    article = make_article()
    comment = make_comment(article, author_name="Claire Morel")
    author = article_page(client, article).select_one(f"#comment-{comment.pk} .comment__author")
    assert author.find("a") is None
    assert text_of(author) == "Claire Morel"


def test_the_date_is_in_french_in_paris_time(client, make_article):
    article = make_article()
    comment = make_comment(article, created_at=datetime(2026, 7, 9, 12, 5, tzinfo=UTC))
    time = article_page(client, article).select_one(f"#comment-{comment.pk} time")
    assert text_of(time) == "9 juillet 2026 à 14:05"
    assert time["datetime"] == "2026-07-09T14:05:00+02:00"


def test_the_date_is_a_permalink_to_the_comments_anchor(client, make_article):
    article = make_article()
    comment = make_comment(article)
    item = article_page(client, article).find(id=f"comment-{comment.pk}")
    assert item.name == "li"
    assert item.select_one("a.comment__permalink")["href"] == f"#comment-{comment.pk}"
    assert comment.get_absolute_url() == f"{article.get_absolute_url()}#comment-{comment.pk}"


def test_the_avatar_is_local_initials_on_a_colour_from_the_email(client, make_article):
    article = make_article()
    first = make_comment(article, author_name="claire morel", author_email="Claire@Example.com")
    second = make_comment(article, author_name="Claire", author_email="claire@example.com ")
    third = make_comment(article, author_name="!!", author_email="x@example.com")
    soup = article_page(client, article)
    avatars = [soup.select_one(f"#comment-{c.pk} .avatar") for c in (first, second, third)]
    assert [text_of(avatar) for avatar in avatars] == ["CM", "C", "?"]
    assert avatars[0].name == "span"
    assert avatars[0]["aria-hidden"] == "true"
    # The same address, whatever its case and spaces, gives the same colour.
    assert first.avatar_colour == second.avatar_colour
    assert f"avatar--{first.avatar_colour}" in avatars[0]["class"]


def test_the_page_loads_nothing_from_another_site(client, make_article):
    article = make_article()
    make_comment(article, author_email="claire@example.com", author_url="https://claire.example/")
    soup = article_page(client, article)
    assert "gravatar" not in soup.decode().lower()
    loaded = [
        url
        for element in soup.find_all(["img", "script", "iframe", "source", "video", "audio", "link"])
        if element.name != "link" or not {"canonical", "alternate"} & set(element.get("rel", []))
        for url in [element.get("src"), element.get("srcset"), element.get("href")]
        if url
    ]
    assert loaded
    assert [url for url in loaded if url.startswith(("http:", "https:", "//"))] == []


def test_the_email_address_never_appears_in_the_page(client, make_article):
    article = make_article()
    root = make_comment(article, author_name="Claire", author_email="claire.secret@example.com")
    make_comment(article, parent=root, author_email="marc.secret@example.com")
    for query in ["", f"?reply={root.pk}"]:
        response = client.get(article.get_absolute_url() + query)
        assert response.status_code == 200, query
        assert "secret" not in response.content.decode()


# The comment text


def test_urls_in_the_text_become_links_with_nofollow_ugc_noopener(client, make_article):
    article = make_article()
    comment = make_comment(article, body="Voir https://exemple.fr/guide?a=1&b=2 ou www.autre.example.")
    text = article_page(client, article).select_one(f"#comment-{comment.pk} .comment__text")
    links = text.find_all("a")
    assert [link["href"] for link in links] == ["https://exemple.fr/guide?a=1&b=2", "https://www.autre.example"]
    for link in links:
        assert link["rel"] == ["nofollow", "ugc", "noopener"]
    assert text.get_text().strip() == "Voir https://exemple.fr/guide?a=1&b=2 ou www.autre.example."


def test_the_text_is_escaped_and_keeps_its_line_breaks(client, make_article):
    article = make_article()
    comment = make_comment(article, body="<b>Gras ?</b>\nLigne deux\n\nParagraphe & fin")
    text = article_page(client, article).select_one(f"#comment-{comment.pk} .comment__text")
    assert text.find("b") is None
    paragraphs = text.find_all("p")
    assert len(paragraphs) == 2
    assert paragraphs[0].find("br") is not None
    # French typography too: a no-break space before the question mark.
    assert [p.get_text("\n") for p in paragraphs] == ["<b>Gras\u00a0?</b>\nLigne deux", "Paragraphe & fin"]


@pytest.mark.parametrize(
    "body",
    [
        '<a href="javascript:alert(1)">x</a>',
        "javascript:alert(1)",
        '"><script>alert(1)</script>',
        "https://exemple.fr/\"onmouseover='alert(1)'",
        "<https://exemple.fr/>",
    ],
)
def test_the_comment_text_filter_writes_no_markup_but_its_own_links(body):
    html = soup_of_fragment(comment_text(body))
    assert html.find_all(["script", "img"]) == []
    for element in html.find_all(True):
        assert element.name in {"p", "br", "a"}
        assert not [name for name in element.attrs if name.startswith("on")]
    for link in html.find_all("a"):
        assert link["href"].startswith("https://")
        assert link["rel"] == ["nofollow", "ugc", "noopener"]
    assert html.get_text().strip() == body


def soup_of_fragment(html):
    return BeautifulSoup(html, "html.parser")


def test_the_comment_text_filter_escapes_even_when_autoescape_is_off():
    rendered = Template("{% load comments_tags %}{% autoescape off %}{{ body|comment_text }}{% endautoescape %}")
    html = rendered.render(Context({"body": "<script>alert(1)</script>"}))
    assert soup_of_fragment(html).find("script") is None
