"""Comments made directly, forms posted as a browser would, the moderators' list and the e-mails' links."""

import itertools
import re
import time

from django.conf import settings
from django.urls import reverse

from comments import tokens
from comments.models import Comment
from tests.helpers.pages import soup_of, text_of

_sequence = itertools.count(1)


def make_comment(article, *, status=Comment.Status.APPROVED, **fields):
    """A comment saved directly (no view, no rules), approved unless told otherwise; the article's count follows."""
    number = next(_sequence)
    fields = {
        "author_name": f"Lectrice {number}",
        "author_email": f"lectrice{number}@example.com",
        "body": f"Un commentaire numéro {number}.",
        **fields,
    }
    comment = Comment.objects.create(article=article, status=status, **fields)
    Comment.objects.recount([article.pk])
    return comment


def form_token(article, seconds_ago=60):
    """The token comments.js would have fetched for `article` when the reader began, `seconds_ago` seconds ago."""
    return tokens.issue(article.pk, now=time.time() - seconds_ago)


def comment_data(article, **overrides):
    """What a reader who took their time would send: valid, unless `overrides` say otherwise.

    An override set to None leaves the field out.
    """
    data = {
        "author_name": "Claire Morel",
        "author_email": "claire@example.com",
        "author_url": "",
        "body": "Merci pour cet article très clair.",
        "homepage": "",
        "parent": "",
        "token": form_token(article),
        **overrides,
    }
    return {name: value for name, value in data.items() if value is not None}


def post_url(article):
    return reverse("comments:post", args=[article.pk])


def post_comment(client, article, **overrides):
    """Post the comment form of `article` as a browser would; returns the response (not followed)."""
    return client.post(post_url(article), comment_data(article, **overrides))


def latest_comment():
    return Comment.objects.order_by("-pk").first()


def comment_form(response):
    """The comment form of a rendered page."""
    return soup_of(response).select_one("#respond form")


def form_value(form, name):
    """What the browser would send for the field `name` of a parsed form (None for an unticked box)."""
    field = form.find(attrs={"name": name})
    if field is None:
        return None
    if field.name == "textarea":
        # Browsers drop the one newline that may follow <textarea>; html.parser keeps it.
        return field.get_text().removeprefix("\n")
    if field.get("type") == "checkbox":
        return field.get("value", "on") if field.has_attr("checked") else None
    return field.get("value", "")


def field_errors(response, name):
    """The error messages shown under the field `name` of the comment form."""
    errors = soup_of(response).select_one(f"#id_{name}_error")
    return [text_of(item) for item in errors.find_all("li")] if errors else []


def form_errors(response):
    """The form-wide error messages shown above the comment form."""
    return [text_of(item) for item in soup_of(response).select("#respond .errorlist-box li")]


def cookie_value(client):
    """The commenter cookie the browser holds, or "" when there is none."""
    morsel = client.cookies.get(settings.COMMENTS_COOKIE_NAME)
    return morsel.value if morsel else ""


def form_data(form):
    """Every field a browser would send from a parsed form, as it was rendered."""
    data = {}
    for field in form.find_all(["input", "textarea"]):
        name = field.get("name")
        if name and field.get("type") not in {"submit", "button"}:
            value = form_value(form, name)
            if value is not None:
                data[name] = value
    return data


def become_proven_commenter(client, article, **overrides):
    """Post a comment with the consent box ticked, then approve it: `client` now holds the proof."""
    response = post_comment(client, article, remember="on", **overrides)
    assert response.status_code == 302
    comment = latest_comment()
    comment.approve()
    return comment


def unsubscribe_url_in(message):
    """The unsubscribe link an e-mail to a commenter carries."""
    return re.search(r"^(https?://\S+/comments/unsubscribe/\S+/)$", message.body, re.MULTILINE).group(1)


# The moderators' list in the admin

COMMENTS_CHANGELIST_URL = reverse("admin:comments_comment_changelist")


def changelist(client, query=""):
    """The comment list as `client` sees it, parsed, once it answered 200."""
    response = client.get(COMMENTS_CHANGELIST_URL + query)
    assert response.status_code == 200
    return soup_of(response)


def listed_ids(soup):
    """The ids of the comments in the changelist, from their selection boxes."""
    return {int(box["value"]) for box in soup.select("#result_list input[name=_selected_action]")}


def row_of(soup, comment):
    return soup.select_one(f"#result_list input[name=_selected_action][value='{comment.pk}']").find_parent("tr")


def refreshed(comment):
    comment.refresh_from_db()
    return comment


def messages_after(client, response):
    """The messages shown on the page a response redirects to."""
    return [text_of(item) for item in soup_of(client.get(response["Location"])).select(".messagelist li")]
