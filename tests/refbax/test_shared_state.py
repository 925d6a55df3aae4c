"""What one worker or server is told, every other one shows at once: the site run as people run it.

Two set-ups, the same checks, on the demo content:

- `make run`'s: one server with refbax/gunicorn.conf.py's default number of workers
  (five on two cores), SQLite and the default shared cache;
- production's: two servers sharing PostgreSQL and Redis, each change made while
  Redis is paused (CLIENT PAUSE), as in a Redis failover; a Redis of the test's own,
  so that pausing it holds up no other test.

Every check reads at least 30 answers, over new connections and ten at a time,
until each worker has given at least two: every one of them is seen to be right.
The tests trust 127.0.0.1 as a proxy (TRUSTED_PROXIES), so that commenters can come
from addresses of their own.
"""

import os
import re
import secrets
import shutil
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from django.core import signing

from comments import tokens
from tests.servers import (
    ROOT,
    Browser,
    environment_for,
    fetch,
    free_port,
    gunicorn,
    prepare,
    shell,
    wait_until_listening,
)

pytestmark = pytest.mark.servers

PG = os.environ.get("SCALEOUT_POSTGRES", "postgres://postgres@127.0.0.1:5432")
DEMO_PASSWORD = "refbax-demo"
MIN_ANSWERS = 30


class Site:
    """A running Refbax: its servers' URLs, its environment, and which worker answered what."""

    def __init__(self, urls, environment, logs, workers, redis_port=None):
        self.urls, self.environment, self.logs, self.workers = urls, environment, logs, workers
        self.redis_port = redis_port
        self._turn = 0

    def url(self, path):
        """The next server's URL for `path`: requests take turns between the servers."""
        self._turn += 1
        return self.urls[self._turn % len(self.urls)] + path

    def shell(self, code):
        return shell(self.environment, code)

    def answers(self, path, headers=None):
        """(status, headers, text) of GET `path` from every worker (see the module's docstring)."""
        start = [log.stat().st_size for log in self.logs]
        logged = f" GET {path if '?' in path else path + '?'} "
        answers = []
        with ThreadPoolExecutor(10) as pool:
            while True:
                batch = pool.map(lambda url: fetch(url, headers), [self.url(path) for _ in range(10)])
                answers += [(status, answer_headers, body.decode()) for status, answer_headers, body in batch]
                served = Counter()
                for log, offset in zip(self.logs, start, strict=True):
                    with log.open() as lines:
                        lines.seek(offset)
                        served.update(line.split()[0] for line in lines if logged in line)
                if len(answers) >= MIN_ANSWERS and len(served) == self.workers and min(served.values()) >= 2:
                    return answers
                assert len(answers) < 400, f"only {len(served)} of {self.workers} workers answered {path}"

    @contextmanager
    def cache_away(self):
        """Redis paused while the block runs (a change, say), then in use again; nothing for the file cache."""
        if self.redis_port is None:
            yield
            return
        redis_cli(self.redis_port, "CLIENT", "PAUSE", "2000", "ALL")
        started = time.monotonic()
        yield
        # The servers leave Redis alone for 5 s after a failure: wait until they serve from it again.
        deadline = time.monotonic() + 20
        while time.monotonic() < started + 8 or fetch(self.url("/robots.txt"))[1]["X-Page-Cache"] != "hit":
            assert time.monotonic() < deadline, "the servers never used Redis again"
            time.sleep(0.3)

    def kept(self, path):
        """Request `path` until it is answered from the page cache."""
        for _attempt in range(50):
            if fetch(self.url(path))[1]["X-Page-Cache"] == "hit":
                return
        raise AssertionError(f"{path} is never kept")


def redis_cli(port, *command):
    subprocess.run(["redis-cli", "-p", str(port), *command], check=True, capture_output=True)


@contextmanager
def make_run_site(folder):
    environment = environment_for(folder, f"sqlite:///{folder / 'db.sqlite3'}")
    prepare(environment)
    log = folder / "access.log"
    log.touch()
    configured = "import runpy; print(runpy.run_path('refbax/gunicorn.conf.py')['workers'])"
    workers = int(
        subprocess.run([sys.executable, "-c", configured], cwd=ROOT, env=environment, capture_output=True).stdout
    )
    assert workers > 1
    with gunicorn(environment, workers=None, access_log=log) as url:
        yield Site([url], environment, [log], workers)


@contextmanager
def two_servers_site(folder):
    if not shutil.which("redis-server") or not postgres_answers():
        pytest.skip("PostgreSQL on 127.0.0.1 and redis-server are needed for the two-server set-up")
    name = f"refbax_shared_{secrets.token_hex(4)}"
    redis_port = free_port()
    with ExitStack() as stack:
        redis = subprocess.Popen(
            ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        stack.callback(redis.wait, 10)
        stack.callback(redis.terminate)
        wait_until_listening(redis_port)
        subprocess.run(["psql", f"{PG}/postgres", "-qc", f"CREATE DATABASE {name}"], check=True)
        stack.callback(
            subprocess.run, ["psql", f"{PG}/postgres", "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"]
        )
        environment = environment_for(
            folder, f"{PG}/{name}", REDIS_URL=f"redis://127.0.0.1:{redis_port}/0", WEB_CONCURRENCY="2"
        )
        prepare(environment)
        logs = [folder / "access-a.log", folder / "access-b.log"]
        urls = [stack.enter_context(gunicorn(environment, workers=2, access_log=log)) for log in logs]
        yield Site(urls, environment, logs, workers=4, redis_port=redis_port)


def postgres_answers():
    try:
        return subprocess.run(["pg_isready", "-q", "-d", f"{PG}/postgres"]).returncode == 0
    except FileNotFoundError:
        return False


@pytest.fixture(scope="module", params=["make-run", "two-servers"])
def site(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(request.param)
    with (make_run_site if request.param == "make-run" else two_servers_site)(folder) as running:
        yield running


@pytest.fixture(scope="module")
def articles(site):
    """{pk: path} of the demo's published articles, each check taking its own."""
    output = site.shell(
        "from articles.models import Article\n"
        "for pk, slug in Article.objects.published().values_list('pk', 'slug'): print(pk, slug)"
    )
    return [(int(pk), f"/articles/{slug}/") for pk, slug in re.findall(r"^(\d+) (\S+)$", output, re.MULTILINE)]


def text(html, selector):
    return [element.get_text(" ", strip=True) for element in BeautifulSoup(html, "html.parser").select(selector)]


def comment_form(site, article_id, body, name="Lectrice"):
    """A comment form sent back ten seconds after it was served, as a reader would (token signed here)."""
    token = signing.dumps(
        {"a": article_id, "t": time.time() - 10, "n": secrets.token_hex(8)},
        salt=tokens.SALT,
        key=site.environment["SECRET_KEY"],
    )
    return {"token": token, "author_name": name, "author_email": "lectrice@example.org", "body": body}


def post_comments(site, article, forms_and_addresses):
    """Post each (form, address) at once, ten at a time, as the article's page does; their statuses, in order."""
    article_id, path = article

    def post(form_and_address):
        form, address = form_and_address
        url = site.url(f"/comments/post/{article_id}/")
        headers = {
            "X-Forwarded-For": address,
            "Origin": url.split("/comments/", 1)[0],
            "Sec-Fetch-Site": "same-origin",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        return fetch(url, headers=headers, data=urlencode(form).encode())[0]

    with ThreadPoolExecutor(10) as pool:
        return list(pool.map(post, forms_and_addresses))


def test_a_category_added_in_the_admin_shows_in_every_workers_navigation(site):
    site.kept("/")
    editor = Browser("203.0.113.2")
    editor.log_in(site.urls[0], "claire", DEMO_PASSWORD)
    with site.cache_away():
        status, _text, _headers = editor.request(
            site.url("/admin/articles/category/add/"),
            {
                "csrfmiddlewaretoken": editor.csrf_token(),
                "name": "Études de cas",
                "slug": "etudes-de-cas",
                "description": "",
                "position": "9",
            },
        )
        assert status == 302
    answers = site.answers("/")
    assert [status for status, _headers, _html in answers] == [200] * len(answers)
    assert all("Études de cas" in text(html, ".site-nav a") for _status, _headers, html in answers)


def test_an_article_edited_from_a_command_shows_everywhere_at_once(site, articles):
    article_id, path = articles[0]
    site.kept(path)
    with site.cache_away():
        site.shell(
            "from articles.models import Article\n"
            f"a = Article.objects.get(pk={article_id})\n"
            "a.standfirst = 'Un chapô corrigé en ligne de commande.'\n"
            "a.save()"
        )
    answers = site.answers(path)
    assert all(
        status == 200 and "Un chapô corrigé en ligne de commande." in html for status, _headers, html in answers
    )


def test_an_article_unpublished_by_a_queryset_update_is_gone_everywhere_at_once(site, articles):
    article_id, path = articles[1]
    site.kept(path)
    site.kept("/")
    with site.cache_away():
        site.shell(
            f"from articles.models import Article\nArticle.objects.filter(pk={article_id}).update(status='draft')"
        )
    assert {status for status, _headers, _html in site.answers(path)} == {404}
    assert not any(f'href="{path}"' in html for _status, _headers, html in site.answers("/"))


def test_a_comment_approved_by_a_moderator_shows_everywhere(site, articles):
    article = articles[2]
    site.kept(article[1])
    body = f"Merci pour cet article ({secrets.token_hex(3)})"
    assert post_comments(site, article, [(comment_form(site, article[0], body), "203.0.113.40")]) == [302]
    comment_id = site.shell(
        f"from comments.models import Comment\nprint(Comment.objects.get(body='{body}').pk)"
    ).strip()
    moderator = Browser("203.0.113.41")
    moderator.log_in(site.urls[0], "modo", DEMO_PASSWORD)
    with site.cache_away():
        status, _text, _headers = moderator.request(
            site.url(f"/admin/comments/comment/{comment_id}/moderate/approve/"),
            {"csrfmiddlewaretoken": moderator.csrf_token()},
        )
        assert status == 302
    answers = site.answers(article[1])
    assert all(status == 200 and f'id="comment-{comment_id}"' in html for status, _headers, html in answers)


def test_a_blocked_word_added_is_enforced_by_every_worker(site, articles):
    article = articles[3]
    moderator = Browser("203.0.113.50")
    moderator.log_in(site.urls[0], "modo", DEMO_PASSWORD)
    with site.cache_away():
        status, _text, _headers = moderator.request(
            site.url("/admin/comments/blockedword/add/"),
            {"csrfmiddlewaretoken": moderator.csrf_token(), "word": "crypto-miracle"},
        )
        assert status == 302
    marker = secrets.token_hex(3)
    posts = [
        (comment_form(site, article[0], f"Gagnez avec crypto-miracle {marker}"), f"198.51.100.{n}") for n in range(40)
    ]
    assert post_comments(site, article, posts) == [302] * 40  # spam gets the same answer as a held comment
    counts = site.shell(
        "from comments.models import Comment\n"
        f"mine = Comment.objects.filter(body__endswith='{marker}')\n"
        "print(mine.count(), mine.filter(status='spam', reason='blocked_word').count())"
    )
    assert counts.split() == ["40", "40"]


def test_the_comment_limit_answers_429_past_the_limit_whichever_worker_counts(site, articles):
    article = articles[4]
    posts = [(comment_form(site, article[0], f"Commentaire numéro {n}"), "192.0.2.77") for n in range(40)]
    statuses = post_comments(site, article, posts)
    assert Counter(statuses) == {302: 5, 429: 35}


def test_a_wordpress_id_link_answers_301_while_the_home_page_is_kept(site, articles):
    _article_id, path = articles[5]
    with site.cache_away():
        site.shell(
            f"from redirects.models import Redirect\nRedirect.objects.create(old_path='/?p=4242', new_path='{path}')"
        )
    site.kept("/")
    answers = site.answers("/?p=4242")
    assert {(status, headers["Location"]) for status, headers, _html in answers} == {(301, path)}


def test_a_forged_host_gets_400_even_on_a_kept_page(site):
    site.kept("/")
    answers = site.answers("/", headers={"Host": "attacker.example"})
    assert {status for status, _headers, _html in answers} == {400}


def test_a_session_opened_on_one_server_is_valid_on_the_other(site):
    if len(site.urls) < 2:
        pytest.skip("one server")
    moderator = Browser("203.0.113.60")
    moderator.log_in(site.urls[0], "modo", DEMO_PASSWORD)
    for server in site.urls:
        status, _text, _headers = moderator.request(f"{server}/admin/")
        assert status == 200  # not a redirect to the login page
