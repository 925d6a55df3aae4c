"""Cross-site posting refused with no token in the page (comments/origin.py): Fetch Metadata, then Origin."""

import pytest
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from tests.helpers import comment_data, post_url, soup_of, text_of

pytestmark = pytest.mark.django_db

TEXT = "Un avis écrit avec soin."


def post_with(article, **headers):
    """Post a good comment form as a browser that sends `headers`, with Django's CSRF checks on."""
    return Client(enforce_csrf_checks=True).post(post_url(article), comment_data(article, body=TEXT), headers=headers)


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "same-origin"},
        {"Sec-Fetch-Site": "none"},  # the reader's own doing
        {"Origin": "http://testserver"},  # a browser without Fetch Metadata
        {"Sec-Fetch-Site": "same-origin", "Origin": "http://testserver"},
        {},  # no browser header at all: not another site's form (see comments/origin.py)
    ],
    ids=["same-origin", "none", "origin", "both", "neither"],
)
def test_a_comment_from_this_site_is_accepted_without_any_token(make_article, headers):
    assert post_with(make_article(), **headers).status_code == 302
    assert Comment.objects.get().body == TEXT


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},  # a neighbouring subdomain is another site too
        {"Sec-Fetch-Site": "cross-site", "Origin": "http://testserver"},  # Fetch Metadata decides
        {"Origin": "https://attaquant.example"},
        {"Origin": "https://testserver"},  # another scheme is another origin
        {"Origin": "null"},
    ],
    ids=["cross-site", "same-site", "fetch-metadata-first", "other-origin", "other-scheme", "null"],
)
def test_a_comment_another_site_makes_a_browser_send_is_refused_text_kept(make_article, headers):
    response = post_with(make_article(), **headers)
    assert response.status_code == 403
    assert not Comment.objects.exists()
    page = soup_of(response)
    assert text_of(page.find("h1")) == "Ce formulaire a été envoyé depuis un autre site"
    assert page.select_one("textarea.kept-comment").get_text() == TEXT


def test_a_trusted_origin_is_this_site(make_article, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://www.exemple.fr"]
    assert post_with(make_article(), Origin="https://www.exemple.fr").status_code == 302


def test_the_admin_keeps_djangos_token(admin_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    response = client.post(reverse("admin:logout"), headers={"Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 403
