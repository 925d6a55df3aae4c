"""No English word on the admin pages editors and moderators open, nor in the article editor's buttons and dialogs.

The pages are walked as each role finds them: from the admin's index, every link of
the page's content, menu and breadcrumbs, two links deep (lists, forms, histories,
revisions, deletion pages), with content written in French only. Each page's text,
and the names it gives its controls (title, aria-label, placeholder, alt, button
values), is searched for words that are English and not French.
"""

import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import translation

from comments.models import Comment
from newsroom.editor import BUTTON_LABELS, DIALOG_WORDS
from tests.helpers import make_comment
from tests.helpers.untranslated import english_words

pytestmark = pytest.mark.django_db


def walk(client, start, depth=2):
    """{url: English words} for the admin pages reachable from `start` within `depth` links (GET only)."""
    found, seen, frontier = {}, set(), [start]
    for _level in range(depth + 1):
        next_frontier = []
        for url in frontier:
            if url in seen:
                continue
            seen.add(url)
            response = client.get(url)
            if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
                continue
            if words := english_words(response.content):
                found[url] = words
            soup = BeautifulSoup(response.content, "html.parser")
            for link in soup.select("#content a[href], #nav-sidebar a[href], .breadcrumbs a[href]"):
                href = link["href"].split("#")[0]
                if href.startswith("/admin/") and not re.search(r"logout|password|jsi18n|[?&](o|q|_to_field)=", href):
                    next_frontier.append(href)
        frontier = next_frontier
    return found, seen


@pytest.fixture
def french_newsroom(desk, submitted, make_image):
    """Articles of every stage, one with a cover and a comment of each status, all in French."""
    article = desk["published"]
    article.cover, article.cover_alt = make_image("schema.png"), "Un schéma du parcours"
    article.save()
    make_comment(article, author_name="Anne", body="Merci pour ce guide.")
    make_comment(article, status=Comment.Status.PENDING, author_name="Bruno", body="Une question sur la fin.")
    make_comment(article, status=Comment.Status.SPAM, author_name="Robot", body="Gagnez gros")
    return desk


@pytest.mark.parametrize("role", ["editor", "moderator"])
def test_no_english_word_on_the_admin_pages_of(role, french_newsroom, client, request):
    client.force_login(request.getfixturevalue(role))
    found, seen = walk(client, reverse("admin:index"))
    assert len(seen) > 5
    assert found == {}


def test_the_writing_screen_of_a_writer_is_french_too(writer_client, own_draft):
    found, _seen = walk(writer_client, reverse("admin:articles_article_change", args=[own_draft.pk]), depth=0)
    assert found == {}


def test_every_button_and_word_of_the_editor_is_translated():
    with translation.override("fr"):
        untranslated = [
            english for english, french in {**BUTTON_LABELS, **DIALOG_WORDS}.items() if english_words(str(french))
        ]
    assert untranslated == []
