"""Renames and the 404 log under gunicorn as `make run` serves the site: five workers on SQLite.

Right after a rename is saved (from the shell, as any write path), the old
address answers 301 from every worker, the page the reader had kept included;
and the 404s counted by each worker in its own memory add up in the log.
"""

import re
import subprocess
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.servers import ROOT, environment_for, fetch, gunicorn, prepare, shell

pytestmark = pytest.mark.servers

MIN_ANSWERS = 30


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """(base URL, environment, access log, workers) of the demo site under make run's gunicorn settings."""
    folder = tmp_path_factory.mktemp("redirects-servers")
    environment = environment_for(folder, f"sqlite:///{folder / 'db.sqlite3'}", NOT_FOUND_FLUSH_SECONDS="0")
    prepare(environment)
    configured = "import runpy; print(runpy.run_path('refbax/gunicorn.conf.py')['workers'])"
    workers = int(
        subprocess.run([sys.executable, "-c", configured], cwd=ROOT, env=environment, capture_output=True).stdout
    )
    assert workers > 1
    log = folder / "access.log"
    log.touch()
    with gunicorn(environment, workers=None, access_log=log) as url:
        yield url, environment, log, workers


def answers(site, path):
    """[(status, headers)] of GET `path` until every worker has answered it at least twice."""
    url, _environment, log, workers = site
    start = log.stat().st_size
    logged = f" GET {path}? "
    found = []
    with ThreadPoolExecutor(10) as pool:
        while True:
            found += [(status, headers) for status, headers, _body in pool.map(fetch, [url + path] * 10)]
            with log.open() as lines:
                lines.seek(start)
                served = Counter(line.split()[0] for line in lines if logged in line)
            if len(found) >= MIN_ANSWERS and len(served) == workers and min(served.values()) >= 2:
                return found
            assert len(found) < 400, f"only {len(served)} of {workers} workers answered {path}"


def test_a_rename_is_answered_with_a_301_by_every_worker_right_after_the_save(site):
    _url, environment, _log, _workers = site
    output = shell(
        environment,
        "from articles.models import Article\n"
        "article, linking = Article.objects.published().order_by('pk')[:2]\n"
        "linking.body += f'<p><a href=\"/articles/{article.slug}/\">voir</a></p>'\n"
        "linking.save()\n"
        "print(article.pk, article.slug, linking.pk)",
    )
    pk, slug, linking = re.search(r"^(\d+) (\S+) (\d+)$", output, re.MULTILINE).groups()
    assert {status for status, _headers in answers(site, f"/articles/{slug}/")} == {200}  # kept by every worker
    shell(
        environment,
        f"from articles.models import Article\narticle = Article.objects.get(pk={pk})\n"
        f"article.slug = '{slug}-renomme'\narticle.save()",
    )
    old = answers(site, f"/articles/{slug}/")
    assert {(status, headers["Location"]) for status, headers in old} == {(301, f"/articles/{slug}-renomme/")}
    assert {status for status, _headers in answers(site, f"/articles/{slug}-renomme/")} == {200}
    body = shell(environment, f"from articles.models import Article\nprint(Article.objects.get(pk={linking}).body)")
    assert f'href="/articles/{slug}-renomme/"' in body


def test_the_404s_counted_by_each_worker_add_up_in_the_log(site):
    _url, environment, _log, _workers = site
    served = answers(site, "/une-adresse-perdue/")
    assert {status for status, _headers in served} == {404}
    hits = shell(
        environment,
        "from redirects.models import NotFound\nprint(NotFound.objects.get(path='/une-adresse-perdue/').hits)",
    )
    assert int(hits) == len(served)
