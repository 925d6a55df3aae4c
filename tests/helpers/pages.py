"""Pages and forms read as a browser would, and the admin's article forms posted as one."""

from datetime import timedelta

from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone


def days_ago(days):
    return timezone.now() - timedelta(days=days)


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def get_page(client, url, status=200):
    """The page at `url`, parsed, once its status is checked."""
    response = client.get(url)
    assert response.status_code == status, url
    return soup_of(response)


def article_page(client, article, query=""):
    """The reader's page of `article` (with `query`), parsed, once it answered 200."""
    return get_page(client, article.get_absolute_url() + query)


def squash(text):
    """`text` with runs of whitespace, no-break spaces of French typography included, as one plain space."""
    return " ".join(text.split())


def text_of(element):
    """An element's text with its whitespace collapsed, as a reader sees it."""
    return squash(element.get_text(" "))


def card_titles(soup):
    """The titles of the article cards of a list page, in order."""
    return [title.get_text(strip=True) for title in soup.select(".card__title")]


def form_values(response, form_id):
    """What a browser would submit from the form `form_id` as rendered, files and buttons left out."""
    form = soup_of(response).find("form", id=form_id)
    data = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.get("type") in {"submit", "file", "button"}:
            continue
        if field.name == "textarea":
            data[name] = field.get_text()
        elif field.name == "select":
            data[name] = [option["value"] for option in field.find_all("option", selected=True)]
        elif field.get("type") == "checkbox":
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        else:
            data[name] = field.get("value", "")
    return data


def errors_of(response):
    """The errors of the admin form a response shows again."""
    return response.context["adminform"].form.errors


def change_url(article):
    """The address of `article`'s change form in the admin."""
    return reverse("admin:articles_article_change", args=[article.pk])


def post_change(client, article, **changes):
    """Post the article's change form as the browser shows it to this client, with `changes`."""
    data = form_values(client.get(change_url(article)), "article_form")
    return client.post(change_url(article), {**data, "_save": "Enregistrer", **changes})
