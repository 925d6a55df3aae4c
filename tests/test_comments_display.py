"""What readers see of the comments: approved ones only, threaded, escaped, private, at a fixed query cost."""

from datetime import UTC, datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments.models import Comment
from comments.templatetags.comments_tags import comment_text
from tests.comment_helpers import comment_form, form_value, make_comment, soup_of, text_of

pytestmark = [pytest.mark.django_db]


def page_of(client, article, query=""):
    response = client.get(article.get_absolute_url() + query)
    assert response.status_code == 200
    return soup_of(response)


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
    soup = page_of(client, article)
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
    assert top_level_ids(page_of(client, article)) == [f"comment-{c.pk}" for c in (first, second, third)]


def test_replies_are_nested_lists_under_their_parent(client, make_article):
    article = make_article()
    root = make_comment(article, created_at=minutes_ago(30))
    late_reply = make_comment(article, parent=root, created_at=minutes_ago(5))
    early_reply = make_comment(article, parent=root, created_at=minutes_ago(20))
    reply_to_reply = make_comment(article, parent=early_reply, created_at=minutes_ago(10))
    soup = page_of(client, article)
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
    soup = page_of(client, article)
    assert soup.find(id=f"comment-{reply.pk}") is None


def test_an_article_without_comments_invites_the_first(client, make_article):
    soup = page_of(client, make_article())
    assert text_of(soup.select_one("#comments .empty")) == "Aucun commentaire pour l’instant. Lancez la discussion !"
    assert text_of(soup.select_one("#respond h3")) == "Laisser un commentaire"


# Each comment


def test_the_name_links_to_the_website_with_nofollow_and_ugc(client, make_article):
    article = make_article()
    comment = make_comment(article, author_name="Claire Morel", author_url="https://claire.example/")
    link = page_of(client, article).select_one(f"#comment-{comment.pk} .comment__author a")
    assert link["href"] == "https://claire.example/"
    assert {"nofollow", "ugc"} <= set(link["rel"])
    assert text_of(link) == "Claire Morel"


def test_a_name_without_website_is_not_a_link(client, make_article):
    article = make_article()
    comment = make_comment(article, author_name="Claire Morel")
    author = page_of(client, article).select_one(f"#comment-{comment.pk} .comment__author")
    assert author.find("a") is None
    assert text_of(author) == "Claire Morel"


def test_the_date_is_in_french_in_paris_time(client, make_article):
    article = make_article()
    comment = make_comment(article, created_at=datetime(2026, 7, 9, 12, 5, tzinfo=UTC))
    time = page_of(client, article).select_one(f"#comment-{comment.pk} time")
    assert text_of(time) == "9 juillet 2026 à 14:05"
    assert time["datetime"] == "2026-07-09T14:05:00+02:00"


def test_the_date_is_a_permalink_to_the_comments_anchor(client, make_article):
    article = make_article()
    comment = make_comment(article)
    item = page_of(client, article).find(id=f"comment-{comment.pk}")
    assert item.name == "li"
    assert item.select_one("a.comment__permalink")["href"] == f"#comment-{comment.pk}"
    assert comment.get_absolute_url() == f"{article.get_absolute_url()}#comment-{comment.pk}"


def test_the_avatar_is_local_initials_on_a_colour_from_the_email(client, make_article):
    article = make_article()
    first = make_comment(article, author_name="claire morel", author_email="Claire@Example.com")
    second = make_comment(article, author_name="Claire", author_email="claire@example.com ")
    third = make_comment(article, author_name="!!", author_email="x@example.com")
    soup = page_of(client, article)
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
    soup = page_of(client, article)
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
        html = client.get(article.get_absolute_url() + query).content.decode()
        assert "secret" not in html


# The comment text


def test_urls_in_the_text_become_links_with_nofollow_ugc_noopener(client, make_article):
    article = make_article()
    comment = make_comment(article, body="Voir https://exemple.fr/guide?a=1&b=2 ou www.autre.example.")
    text = page_of(client, article).select_one(f"#comment-{comment.pk} .comment__text")
    links = text.find_all("a")
    assert [link["href"] for link in links] == ["https://exemple.fr/guide?a=1&b=2", "https://www.autre.example"]
    for link in links:
        assert link["rel"] == ["nofollow", "ugc", "noopener"]
    assert text.get_text().strip() == "Voir https://exemple.fr/guide?a=1&b=2 ou www.autre.example."


def test_the_text_is_escaped_and_keeps_its_line_breaks(client, make_article):
    article = make_article()
    comment = make_comment(article, body="<b>Gras ?</b>\nLigne deux\n\nParagraphe & fin")
    text = page_of(client, article).select_one(f"#comment-{comment.pk} .comment__text")
    assert text.find("b") is None
    paragraphs = text.find_all("p")
    assert len(paragraphs) == 2
    assert paragraphs[0].find("br") is not None
    assert [p.get_text("\n") for p in paragraphs] == ["<b>Gras ?</b>\nLigne deux", "Paragraphe & fin"]


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


# The comment count


def test_the_article_page_shows_the_number_of_approved_comments(client, make_article):
    article = make_article()
    make_comment(article)
    make_comment(article)
    make_comment(article, status=Comment.Status.PENDING)
    soup = page_of(client, article)
    assert text_of(soup.select_one(".article__header .comment-count")) == "2 commentaires"
    assert soup.select_one(".article__header .comment-count").parent["href"] == "#comments"
    assert text_of(soup.select_one("#comments-title")) == "2 commentaires"


@pytest.mark.parametrize(("count", "label"), [(0, "Aucun commentaire"), (1, "1 commentaire")])
def test_the_article_page_counts_in_french(client, make_article, count, label):
    article = make_article()
    for _number in range(count):
        make_comment(article)
    assert text_of(page_of(client, article).select_one(".article__header .comment-count")) == label


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
    soup = page_of_url(client, article.category.get_absolute_url())
    count = card_of(soup, article).select_one(".comment-count")
    assert text_of(count) == "3 commentaires"
    assert count.parent["href"] == f"{article.get_absolute_url()}#comments"
    assert card_of(soup, quiet).select_one(".comment-count") is None


def page_of_url(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return soup_of(response)


def test_the_featured_article_on_the_home_page_shows_its_comment_count(client, make_article):
    article = make_article(featured=True)
    make_comment(article)
    featured = page_of_url(client, "/").select_one(".featured")
    assert text_of(featured.select_one(".comment-count")) == "1 commentaire"


# Replying without JavaScript


def test_reply_puts_the_form_under_that_comment(client, make_article):
    article = make_article()
    root = make_comment(article, author_name="Marc")
    other = make_comment(article)
    soup = page_of(client, article, f"?reply={root.pk}")
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
    link = page_of(client, article).select_one(f"#comment-{comment.pk} .comment__reply")
    assert link["href"] == f"?reply={comment.pk}#respond"
    assert text_of(link) == "Répondre à Marc"


@pytest.mark.parametrize("query", ["?reply=abc", "?reply=", "?reply=-1", "?reply=99999999999999999999"])
def test_a_nonsense_reply_parameter_shows_the_usual_form(client, make_article, query):
    article = make_article()
    make_comment(article)
    soup = page_of(client, article, query)
    assert soup.select_one("#comments > #respond") is not None
    assert form_value(comment_form_of(soup), "parent") == ""


def comment_form_of(soup):
    return soup.select_one("#respond form")


def test_the_usual_form_replies_to_nobody(client, make_article):
    response = client.get(make_article().get_absolute_url())
    assert form_value(comment_form(response), "parent") == ""


# Query count


def fill(article, count):
    """`count` approved comments: a third of them top-level, each followed by two replies."""
    comments = []
    for index in range(count):
        parent = comments[index - index % 3] if index % 3 else None
        comments.append(
            Comment(
                article=article,
                parent=parent,
                depth=1 if parent else 0,
                author_name=f"Lecteur {index}",
                author_email=f"lecteur{index}@example.com",
                author_url="https://lecteur.example/" if index % 2 else "",
                body=f"Commentaire {index} avec https://lien.example/{index}",
                status=Comment.Status.APPROVED,
                created_at=timezone.now() - timedelta(minutes=count - index),
            )
        )
        if parent is None:
            comments[-1].save()
    Comment.objects.bulk_create([comment for comment in comments if comment.pk is None])
    article.comment_count = count
    article.save(update_fields=["comment_count"])


def article_page_queries(client, article):
    client.get(article.get_absolute_url())  # warms the cache of site settings and navigation
    with CaptureQueriesContext(connection) as context:
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.usefixtures("uncached_pages")
def test_the_article_page_runs_as_many_queries_with_200_comments_as_with_2(client, make_article):
    few, many = make_article(), make_article()
    fill(few, 2)
    fill(many, 200)
    assert len(page_of(client, many).select("li.comment")) == 200
    assert article_page_queries(client, few) == article_page_queries(client, many)


# The site's generation, the article with its author and category, its tags, the related
# articles, the approved comments.
ARTICLE_PAGE_QUERIES = 5


@pytest.mark.usefixtures("uncached_pages")
def test_the_article_page_with_200_comments_runs_a_fixed_small_number_of_queries(
    client, make_article, django_assert_max_num_queries
):
    article = make_article()
    fill(article, 200)
    client.get(article.get_absolute_url())
    with django_assert_max_num_queries(ARTICLE_PAGE_QUERIES):
        assert client.get(article.get_absolute_url()).status_code == 200


@pytest.mark.usefixtures("uncached_pages")
def test_a_reply_form_costs_no_extra_query(client, make_article):
    article = make_article()
    fill(article, 30)
    root = Comment.objects.filter(article=article, parent=None).first()
    plain = article_page_queries(client, article)
    client.get(f"{article.get_absolute_url()}?reply={root.pk}")
    with CaptureQueriesContext(connection) as context:
        client.get(f"{article.get_absolute_url()}?reply={root.pk}")
    assert len(context.captured_queries) == plain
