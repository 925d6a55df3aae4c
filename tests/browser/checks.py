"""The pages that every check visits, and the two checkers: axe-core and the Nu HTML Checker.

Both checkers come from npm (package.json at the root, `npm ci`): axe-core runs inside the
page, vnu.jar under Debian's Java as a local HTTP service.
"""

import json
import signal
import subprocess
import time
import urllib.request
from contextlib import contextmanager

from bs4 import BeautifulSoup
from django.conf import settings

from tests.browser.demo_site import stop_with_parent
from tests.servers import ROOT, fetch, free_port, wait_until_listening

NODE_MODULES = ROOT / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"

# WCAG 2.2 A and AA, and axe's best practices (landmarks, heading order, one <h1>…).
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
    "resultTypes": ["violations"],
}

# The reader's pages, each in the state a reader meets it.
PAGES = [
    "home",
    "home-page-2",
    "article",
    "category",
    "tag",
    "author",
    "search",
    "search-without-result",
    "not-found",
    "comment-form-with-errors",
    "too-many-comments",
]

# The server runs on the same settings: a form sent back faster than this is a robot's, and
# sends from one address past this many in the window get 429.
COMMENT_MIN_SECONDS = settings.COMMENTS_MIN_SECONDS + 0.5
COMMENTS_PER_WINDOW = settings.COMMENTS_RATE_LIMIT[0]
KEPT_COMMENT = "Un commentaire que je ne veux pas perdre."


def missing_tools():
    return [str(path.relative_to(ROOT)) for path in (AXE_JS, VNU_JAR) if not path.exists()]


def discover_urls(site):
    """Paths of demo pages, found as a reader finds them: from the home page's featured article."""
    home = BeautifulSoup(fetch(site.url + "/")[2], "html.parser")
    article = home.select_one(".featured__title a")["href"]
    page = BeautifulSoup(fetch(site.url + article)[2], "html.parser")
    return {
        "article": article,
        "category": page.select_one(".article__category a")["href"],
        "tag": page.select_one(".article__tags a")["href"],
        "author": page.select_one(".author-box__name a")["href"],
        # The hand-picked related articles: the same ones whatever other tests publish.
        "related": [link["href"] for link in page.select(".related .card__title a")],
    }


def visit(page, urls, name):
    """Open the page called `name` in `page`; returns the response that brought its HTML."""
    paths = {
        "home": "/",
        "home-page-2": "/?page=2",
        "article": urls["article"],
        "category": urls["category"],
        "tag": urls["tag"],
        "author": urls["author"],
        "search": "/search/?q=r%C3%A9f%C3%A9rencement",
        "search-without-result": "/search/?q=xylophone",
        "not-found": "/cette-page-n-existe-pas/",
    }
    if name in paths:
        return page.goto(paths[name])
    page.goto(urls["article"])
    if name == "comment-form-with-errors":
        # An empty form sent back: the page comes back with the errors next to each field.
        return send_comment_form(page)
    assert name == "too-many-comments"
    # A flood from one address (each browser context has its own): every send counts, even a wrong one.
    for _ in range(COMMENTS_PER_WINDOW + 1):
        page.get_by_role("textbox", name="Commentaire", exact=True).fill(KEPT_COMMENT)
        response = send_comment_form(page)
    return response


def send_comment_form(page):
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Publier le commentaire").click()
    return navigation.value


def axe_violations(page):
    """axe-core's violations on the page as it is now."""
    if not page.evaluate("() => 'axe' in window"):
        # page.evaluate() runs outside the page's Content-Security-Policy, which (rightly)
        # refuses an injected <script>; a context with bypass_csp would test another site.
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    return page.evaluate("options => axe.run(document, options).then(results => results.violations)", AXE_OPTIONS)


def describe_violations(violations):
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"][:6]:
            summary = " ".join(node["failureSummary"].split())
            lines.append(f"    {' '.join(map(str, node['target']))}: {summary[:300]}")
    return "\n".join(lines)


class HtmlChecker:
    """The Nu HTML Checker's web service, started once: a page is checked in a few milliseconds."""

    def __init__(self, url):
        self.url = url

    def messages(self, html):
        request = urllib.request.Request(
            f"{self.url}/?out=json",
            data=html.encode(),
            headers={"Content-Type": "text/html; charset=utf-8"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.load(response)["messages"]

    def errors(self, html):
        return [message for message in self.messages(html) if message["type"] in {"error", "non-document-error"}]


@contextmanager
def html_checker():
    port = free_port()
    process = subprocess.Popen(
        ["java", "-Xss1m", "-cp", str(VNU_JAR), "-Dnu.validator.servlet.bind-address=127.0.0.1",
         "nu.validator.servlet.Main", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        preexec_fn=stop_with_parent,
    )  # fmt: skip
    try:
        wait_until_listening(port, timeout=60)
        checker = HtmlChecker(f"http://127.0.0.1:{port}")
        _wait_until_answering(checker)
        yield checker
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def _wait_until_answering(checker, timeout=60):
    # The port opens before the checker has loaded its schemas.
    deadline = time.monotonic() + timeout
    while True:
        try:
            checker.messages("<!doctype html><html lang=en><title>t</title>")
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def describe_html_errors(errors):
    return "\n".join(
        f"line {error.get('lastLine', '?')}: {error['message']}\n    {error.get('extract', '').strip()[:200]}"
        for error in errors
    )
