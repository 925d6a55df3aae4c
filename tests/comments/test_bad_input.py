"""Bad and hostile input in a comment: a form error that keeps the reader's text, or inert text, never a 500."""

from urllib.parse import urlencode

import pytest

from comments.models import Comment
from tests.helpers import (
    comment_data,
    comment_form,
    field_errors,
    form_value,
    latest_comment,
    make_comment,
    post_comment,
    post_url,
    soup_of,
)

pytestmark = pytest.mark.django_db


# Input that gets a form error, the reader's text kept


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"body": "a" * 5001}, "body"),
        ({"body": "a" * 1_000_000}, "body"),
        ({"body": ""}, "body"),
        ({"body": "   \n\t  "}, "body"),
        ({"body": "Du texte\x00 avec un octet nul"}, "body"),
        ({"author_name": "n" * 101}, "author_name"),
        ({"author_name": ""}, "author_name"),
        ({"author_name": "Claire\x00"}, "author_name"),
        ({"author_email": "pas-une-adresse"}, "author_email"),
        ({"author_email": ""}, "author_email"),
        ({"author_url": "javascript:alert(document.cookie)"}, "author_url"),
        ({"author_url": "JaVaScRiPt:alert(1)"}, "author_url"),
        ({"author_url": "data:text/html,<script>alert(1)</script>"}, "author_url"),
        ({"author_url": "ftp://example.com/"}, "author_url"),
        ({"author_url": "https://exa\x00mple.com"}, "author_url"),
    ],
    ids=[
        "body-5001",
        "body-1MB",
        "body-empty",
        "body-whitespace",
        "body-null-byte",
        "name-101",
        "name-empty",
        "name-null-byte",
        "email-invalid",
        "email-empty",
        "url-javascript",
        "url-javascript-mixed-case",
        "url-data",
        "url-ftp",
        "url-null-byte",
    ],
)
def test_bad_input_gets_a_form_error_and_keeps_the_readers_text(client, make_article, overrides, field):
    article = make_article()
    body = overrides.get("body", "Mon texte à ne pas perdre.")
    response = post_comment(client, article, **{"body": body, **overrides})
    assert response.status_code == 400
    assert field_errors(response, field)
    assert not Comment.objects.exists()
    form = comment_form(response)
    if body.strip():
        assert form_value(form, "body") == body
    if field != "body":
        assert form_value(form, field) == overrides[field]


def test_hostile_text_sent_back_in_the_form_is_inert(client, make_article):
    name, body = "</textarea><script>alert(1)</script>" * 5, '"><img src=x onerror=alert(1)></textarea>'
    response = post_comment(client, make_article(), author_name=name, body=body)
    assert field_errors(response, "author_name")
    form = comment_form(response)
    assert (form_value(form, "author_name"), form_value(form, "body")) == (name, body)
    assert form.find_all(["script", "img"]) == []


def test_a_body_of_exactly_5000_characters_is_accepted(client, make_article):
    post_comment(client, make_article(), body="a" * 5000)
    assert len(latest_comment().body) == 5000


def test_the_body_is_stored_without_surrounding_whitespace(client, make_article):
    post_comment(client, make_article(), body="\n\n  Bonjour.\n\nÀ bientôt.  \n")
    assert latest_comment().body == "Bonjour.\n\nÀ bientôt."


def test_the_page_explains_what_is_wrong_in_french(client, make_article):
    response = post_comment(client, make_article(), author_email="pas-une-adresse", body="   ")
    assert field_errors(response, "author_email") == ["Saisissez une adresse de courriel valide."]
    assert field_errors(response, "body") == ["Ce champ est obligatoire."]


# Input stored as inert text


HOSTILE = [
    '<script>alert("xss")</script>',
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "<a href=\"javascript:alert(1)\" onclick='alert(2)'>clic</a>",
    "\u202eexe.tnemucod\u202c",
    "Zoé 🎉👍🏽 ❤️",
    "'); DROP TABLE comments_comment; --",
    "{{ settings.SECRET_KEY }} {% debug %}",
]


def assert_inert(fragment):
    """No markup from the comment: no script, no event handler, no link to anything but the web."""
    assert fragment.find_all(["script", "img", "svg", "iframe", "object", "embed", "form"]) == []
    for element in fragment.find_all(True):
        assert not [name for name in element.attrs if name.lower().startswith("on")], element
    own_links = {
        f"/comments/{pk}/{action}/"
        for pk in Comment.objects.values_list("pk", flat=True)
        for action in ("edit", "delete")
    }
    for link in fragment.find_all("a", href=True):
        # The commenter's own links to edit and delete their comment are the site's.
        assert link["href"].startswith(("https://", "http://", "#", "?")) or link["href"] in own_links, link


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_text_is_stored_as_is_and_shown_as_text(client, make_article, settings, payload):
    settings.COMMENTS_MODERATION = "none"
    article = make_article()
    response = post_comment(client, article, author_name=payload[:100], body=f"Avant {payload} après")
    assert response.status_code == 302
    comment = latest_comment()
    assert (comment.author_name, comment.body) == (payload[:100], f"Avant {payload} après")

    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    item = soup_of(page).select_one(f"#comment-{comment.pk}")
    assert_inert(item)
    assert item.select_one(".comment__author").get_text() == payload[:100]
    assert item.select_one(".comment__text").get_text().strip() == f"Avant {payload} après"


def test_the_sql_fragment_did_nothing_to_the_table(client, make_article):
    post_comment(client, make_article(), body="'); DROP TABLE comments_comment; --")
    assert Comment.objects.get().body == "'); DROP TABLE comments_comment; --"


@pytest.mark.parametrize(
    "url",
    [
        'https://example.com/"><script>alert(1)</script>',
        "https://example.com/?q=<img/src=x/onerror=alert(1)>",
        'https://example.com/"onmouseover="alert(1)',
    ],
)
def test_a_website_with_markup_in_it_stays_inside_the_link(client, make_article, settings, url):
    settings.COMMENTS_MODERATION = "none"
    article = make_article()
    post_comment(client, article, author_url=url)
    comment = latest_comment()
    item = soup_of(client.get(article.get_absolute_url())).select_one(f"#comment-{comment.pk}")
    assert_inert(item)
    assert item.select_one(".comment__author a")["href"] == comment.author_url


def test_a_right_to_left_override_in_a_name_is_isolated(client, make_article):
    article = make_article()
    comment = make_comment(article, author_name="\u202eevil")
    author = soup_of(client.get(article.get_absolute_url())).select_one(f"#comment-{comment.pk} .comment__author")
    assert author.find("bdi").get_text() == "\u202eevil"


def test_invalid_utf8_sent_raw_never_gets_a_500(client, make_article):
    article = make_article()
    fields = urlencode(comment_data(article, body=None, author_name=None)).encode()
    raw = fields + b"&author_name=Zo\xe9+\xc3\x28&body=caf\xe9+\xff\xfe+fin"
    response = client.post(post_url(article), raw, content_type="application/x-www-form-urlencoded")
    # Django reads an undecodable form as Latin-1: odd letters, but the comment is kept, as text.
    assert response.status_code == 302
    comment = latest_comment()
    assert comment.body.startswith("caf") and comment.body.endswith(" fin")
    comment.approve()
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    assert soup_of(page).select_one(f"#comment-{comment.pk} .comment__text").get_text().strip() == comment.body


def test_invalid_utf8_in_every_field_never_gets_a_500(client, make_article):
    article = make_article()
    raw = b"&".join(
        f"{name}=".encode() + b"\xff\xfe\xc3\x28" for name in ["author_name", "author_email", "author_url", "body"]
    )
    response = client.post(post_url(article), raw, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
