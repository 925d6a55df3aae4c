"""The README's nginx in front of gunicorn: anonymous article pages served from nginx's cache, never a page of
one's own, comments posted from a page nginx served, cross-site posts refused, an edit seen within N seconds."""

import re
import shutil
import time
import uuid

import pytest

from tests.servers import Browser, environment_for, gunicorn, nginx, prepare, shell

pytestmark = [
    pytest.mark.servers,
    pytest.mark.skipif(not shutil.which("nginx"), reason="Debian's nginx is needed: apt-get install nginx"),
]

PROXY_SECONDS = 2  # PAGE_CACHE_PROXY_SECONDS of this site: short, so that the edit is seen soon


class Proxied:
    def __init__(self, url, environment):
        self.url, self.environment = url, environment

    def shell(self, code):
        return shell(self.environment, code)


@pytest.fixture(scope="module")
def proxied(tmp_path_factory):
    folder = tmp_path_factory.mktemp("proxy")
    environment = environment_for(
        folder,
        f"sqlite:///{folder / 'db.sqlite3'}",
        ALLOWED_HOSTS="127.0.0.1",
        PAGE_CACHE_PROXY_SECONDS=str(PROXY_SECONDS),
        COMMENTS_MIN_SECONDS="1",
    )
    prepare(environment)
    with (
        gunicorn(environment, workers=2) as app,
        nginx(folder / "nginx", [app.removeprefix("http://")], folder / "media") as url,
    ):
        yield Proxied(url, environment)


@pytest.fixture(scope="module")
def article(proxied):
    output = proxied.shell(
        "from articles.models import Article\n"
        "a = Article.objects.published().filter(comments_open=True).first()\nprint('article', a.pk, a.slug)"
    )
    pk, slug = re.search(r"^article (\d+) (\S+)$", output, re.MULTILINE).groups()
    return int(pk), f"/articles/{slug}/"


def cache_status(headers):
    return headers["X-Proxy-Cache"]


def test_anonymous_article_pages_are_served_from_nginx(proxied, article):
    reader = Browser()
    statuses, bodies = [], []
    for _ in range(3):
        status, text, headers = reader.request(proxied.url + article[1])
        assert status == 200
        assert headers["Cache-Control"] == f"public, max-age=0, s-maxage={PROXY_SECONDS}, stale-while-revalidate=60"
        assert headers.get("Set-Cookie") is None
        statuses.append(cache_status(headers))
        bodies.append(text)
    assert statuses[-1] == "HIT"
    assert len(set(bodies)) == 1
    assert "csrfmiddlewaretoken" not in bodies[0]


def post_comment(browser, proxied, article, body, headers=None, wait=1.2):
    """Post the article's comment form as a browser would: the page, the token comments.js fetches, the post."""
    pk, path = article
    status, _text, page_headers = browser.request(proxied.url + path)
    assert status == 200
    status, token, token_headers = browser.request(f"{proxied.url}/comments/token/{pk}/")
    assert status == 200 and cache_status(token_headers) != "HIT"
    time.sleep(wait)  # the reader writes
    data = {
        "token": re.search(r'"token": "([^"]+)"', token).group(1),
        "author_name": "Lectrice du proxy",
        "author_email": "proxy@example.org",
        "body": body,
    }
    headers = {"Origin": proxied.url, "Sec-Fetch-Site": "same-origin"} if headers is None else headers
    return cache_status(page_headers), browser.request(f"{proxied.url}/comments/post/{pk}/", data, headers=headers)


def test_a_comment_posted_from_a_page_nginx_served_is_accepted(proxied, article):
    body = f"Posté depuis une page du proxy ({uuid.uuid4().hex[:6]})"
    served_from, (status, _text, headers) = post_comment(Browser("203.0.113.10"), proxied, article, body)
    assert served_from == "HIT"
    assert status == 302
    assert headers["Location"].startswith(f"{article[1]}#comment-")


@pytest.mark.parametrize(
    "headers",
    [{"Origin": "http://127.0.0.1:1"}, {"Origin": "https://attaquant.example"}, {"Sec-Fetch-Site": "cross-site"}],
    ids=["other-port", "other-host", "cross-site"],
)
def test_a_cross_site_post_is_refused(proxied, article, headers):
    body = f"Envoyé par un autre site ({uuid.uuid4().hex[:6]})"
    _served, (status, text, _headers) = post_comment(Browser("203.0.113.11"), proxied, article, body, headers)
    assert status == 403
    assert body in text  # given back to its writer
    assert body not in proxied.shell(
        "from comments.models import Comment; print(list(Comment.objects.values_list('body', flat=True)))"
    )


def test_a_commenters_page_is_never_served_from_nginx_nor_to_others(proxied, article):
    commenter = Browser("203.0.113.12")
    body = f"En attente, visible de moi seule ({uuid.uuid4().hex[:6]})"
    _served, (status, _text, _headers) = post_comment(commenter, proxied, article, body)
    assert status == 302
    for _ in range(3):
        status, text, headers = commenter.request(proxied.url + article[1])
        assert cache_status(headers) == "BYPASS"
        assert headers["Cache-Control"] == "private, no-cache"
        assert body in text
    for _ in range(3):
        _status, text, _headers = Browser().request(proxied.url + article[1])
        assert body not in text


def test_an_editors_pages_are_never_served_from_nginx(proxied, article):
    editor = Browser("203.0.113.13")
    editor.log_in(proxied.url, "claire", "refbax-demo")
    for path in [article[1], "/"]:
        for _ in range(2):
            _status, _text, headers = editor.request(proxied.url + path)
            assert cache_status(headers) == "BYPASS"


def test_an_edit_is_seen_through_nginx_within_its_seconds(proxied, article):
    reader = Browser()
    for _ in range(2):
        reader.request(proxied.url + article[1])
    title = f"Titre revu au proxy {uuid.uuid4().hex[:6]}"
    proxied.shell(
        f"from articles.models import Article\na = Article.objects.get(pk={article[0]}); a.title = {title!r}; a.save()"
    )
    edited_at = time.monotonic()
    while title not in reader.request(proxied.url + article[1])[1]:
        assert time.monotonic() - edited_at < PROXY_SECONDS + 3, "the edit was not seen through nginx in time"
        time.sleep(0.2)
    # And kept by nginx again once seen.
    assert cache_status(reader.request(proxied.url + article[1])[2]) == "HIT"


def test_the_form_token_is_never_kept_by_nginx(proxied, article):
    answers = [Browser().request(f"{proxied.url}/comments/token/{article[0]}/") for _ in range(3)]
    assert len({text for _status, text, _headers in answers}) == 3
    assert {cache_status(headers) for _status, _text, headers in answers} <= {"MISS", "BYPASS", "EXPIRED"}
