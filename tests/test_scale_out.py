"""Two gunicorn servers over one PostgreSQL database and one Redis: what one does, the other sees.

The test starts and stops its own processes and database, and leaves nothing running.
"""

import http.cookiejar
import os
import re
import secrets
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.core import signing

from comments.forms import TOKEN_SALT
from tests.servers import NoRedirect, gunicorn, manage

pytestmark = pytest.mark.servers

PG = os.environ.get("SCALEOUT_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("SCALEOUT_REDIS", "redis://127.0.0.1:6379/0")


def answers(host, port):
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


if not (answers("127.0.0.1", 5432) and answers("127.0.0.1", 6379)):
    pytest.skip("PostgreSQL and Redis must run on 127.0.0.1 for the scale-out test", allow_module_level=True)


class Browser:
    """A tiny cookie-keeping HTTP client; cookies are per host, so both servers share them."""

    def __init__(self, address="203.0.113.1"):
        # The servers trust 127.0.0.1 as their proxy: each browser gets its own client address.
        self.address = address
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())

    def request(self, url, data=None, referer=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        headers = {"Referer": referer or url, "X-Forwarded-For": self.address}
        try:
            with self.opener.open(urllib.request.Request(url, data=body, headers=headers), timeout=20) as response:
                return response.status, response.read().decode(), response.headers
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), error.headers

    def csrf_token(self):
        return next(cookie.value for cookie in self.jar if cookie.name == "csrftoken")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    name = f"refbax_scaleout_{secrets.token_hex(4)}"
    environment = {
        **os.environ,
        "DATABASE_URL": f"{PG}/{name}",
        "REDIS_URL": REDIS,
        "CACHE_KEY_PREFIX": name,
        "SECRET_KEY": secrets.token_urlsafe(40),
        "DEBUG": "1",
        "MEDIA_ROOT": str(tmp_path_factory.mktemp("media")),
        "TASKS_BACKEND": "immediate",
        "EMAIL_URL": "locmem://",
        "TRUSTED_PROXIES": "127.0.0.1",
        "DJANGO_SETTINGS_MODULE": "refbax.settings",
    }
    subprocess.run(["psql", PG + "/postgres", "-qc", f"CREATE DATABASE {name}"], check=True)
    try:
        manage("migrate", "-v0", environment=environment)
        setup = (
            "from django.contrib.auth.models import Group, User;"
            "from articles.models import Article, Author, Category;"
            "a = Article.objects.create(title='Deux serveurs', standfirst='Chapeau', body='<p>Texte</p>',"
            " author=Author.objects.create(name='Claire'), category=Category.objects.create(name='Tech'),"
            " status='published');"
            "u = User.objects.create_user('modo', 'modo@example.org', 'modo-password', is_staff=True);"
            "u.groups.add(Group.objects.get(name='Modérateurs'));"
            "print(a.pk, a.get_absolute_url())"
        )
        output = manage("shell", "-c", setup, environment=environment).stdout
        article_id, article_path = re.search(r"(\d+) (/\S+)", output).groups()
        with gunicorn(environment) as first, gunicorn(environment) as second:
            yield {
                "a": first,
                "b": second,
                "article_id": int(article_id),
                "article_path": article_path,
                "secret": environment["SECRET_KEY"],
            }
    finally:
        subprocess.run(["psql", PG + "/postgres", "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=True)


def post_comment(browser, server, cluster, body):
    """Load the article page, then send the form back as a reader would (token dated 10 s ago)."""
    url = server + cluster["article_path"]
    status, _html, _headers = browser.request(url)
    assert status == 200
    token = signing.dumps({"a": cluster["article_id"], "t": time.time() - 10}, salt=TOKEN_SALT, key=cluster["secret"])
    data = {
        "csrfmiddlewaretoken": browser.csrf_token(),
        "token": token,
        "author_name": "Lectrice",
        "author_email": "lectrice@example.org",
        "body": body,
    }
    return browser.request(f"{server}/comments/post/{cluster['article_id']}/", data, referer=url)


def log_in(browser, server):
    login = f"{server}/admin/login/"
    browser.request(login)
    status, _html, _headers = browser.request(
        login,
        {
            "csrfmiddlewaretoken": browser.csrf_token(),
            "username": "modo",
            "password": "modo-password",
            "next": "/admin/",
        },
    )
    assert status == 302, "the moderator could not log in"


def test_a_comment_posted_on_one_server_and_approved_on_the_other_shows_on_the_first(cluster):
    reader, moderator = Browser("203.0.113.10"), Browser("203.0.113.11")
    status, _html, _headers = post_comment(reader, cluster["a"], cluster, "Vu depuis le serveur A")
    assert status == 302

    log_in(moderator, cluster["b"])
    status, html, _headers = moderator.request(f"{cluster['b']}/admin/comments/comment/?status__exact=pending")
    assert status == 200
    comment_id = re.search(r"/admin/comments/comment/(\d+)/moderate/approve/", html).group(1)
    status, _html, _headers = moderator.request(
        f"{cluster['b']}/admin/comments/comment/{comment_id}/moderate/approve/",
        {"csrfmiddlewaretoken": moderator.csrf_token()},
    )
    assert status == 302

    status, html, _headers = reader.request(cluster["a"] + cluster["article_path"])
    assert status == 200
    assert f'id="comment-{comment_id}"' in html
    assert "Vu depuis le serveur A" in html


def test_a_session_opened_on_one_server_is_valid_on_the_other(cluster):
    moderator = Browser("203.0.113.20")
    log_in(moderator, cluster["a"])
    status, _html, _headers = moderator.request(f"{cluster['b']}/admin/")
    assert status == 200  # not a redirect to the login page


def test_the_comment_rate_limit_counts_across_servers(cluster):
    reader = Browser("203.0.113.30")
    for number in range(5):
        status, _html, _headers = post_comment(reader, cluster["a"], cluster, f"Commentaire numéro {number}")
        assert status == 302
    status, html, _headers = post_comment(reader, cluster["b"], cluster, "Un de trop")
    assert status == 429
    assert "Un de trop" in html  # the reader's text comes back

    another_reader = Browser("203.0.113.31")
    status, _html, _headers = post_comment(another_reader, cluster["b"], cluster, "Une autre adresse")
    assert status == 302
