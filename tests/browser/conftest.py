"""Browser tests: Debian's Chromium, driven by Playwright, against the demo site under gunicorn.

Every test here is marked `browser` (run by `make test-browser`). Each test fails on a
JavaScript error, a Content-Security-Policy violation or a broken sub-resource on any of
its pages, and leaves a screenshot and the HTML of each of its pages in test-artifacts/
when it fails.
"""

import ipaddress
import itertools
import os
import random
import re
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.browser import checks, chromium
from tests.browser.demo_site import DemoSite, demo_site
from tests.servers import ROOT

ARTIFACTS = ROOT / "test-artifacts"
HERE = Path(__file__).resolve().parent

# Each browser context is a reader on an address of its own (the benchmarking range, never
# contacted): the site trusts the loopback as its proxy, as production trusts nginx. A random
# start keeps the flood limit of one run from reaching the next on a reused site.
_addresses = (str(ipaddress.ip_address("198.18.0.1") + n) for n in itertools.count(random.randrange(100_000)))

_report_key = pytest.StashKey[dict]()


def pytest_collection_modifyitems(items):
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    item.stash.setdefault(_report_key, {})[report.when] = report
    return report


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The demo site, built once for the session (half a minute of migrations, covers and static files).

    While writing tests, BROWSER_TESTS_SITE=URL points them at a site already served by
    tests/browser/demo_site.py instead (`python -m tests.browser.demo_site`).
    """
    ARTIFACTS.mkdir(exist_ok=True)
    if url := os.environ.get("BROWSER_TESTS_SITE"):
        yield DemoSite(url=url.rstrip("/"), folder=None)
        return
    with demo_site(tmp_path_factory.mktemp("site"), ARTIFACTS / "server.log") as running:
        yield running


@pytest.fixture(scope="session")
def urls(site):
    """Paths of the demo pages the checks visit (article, its category, tag and author…)."""
    return checks.discover_urls(site)


@pytest.fixture
def visit(urls):
    """visit(page, name) -> the response: opens one of checks.PAGES in the state a reader meets it."""
    return lambda page, name: checks.visit(page, urls, name)


@pytest.fixture(scope="session")
def html_checker():
    with checks.html_checker() as checker:
        yield checker


@pytest.fixture(scope="session")
def browser():
    if missing := checks.missing_tools():
        pytest.exit(f"{', '.join(missing)} missing: run `npm ci --ignore-scripts` (see Makefile)", returncode=1)
    with sync_playwright() as playwright:
        try:
            browser = chromium.launch(playwright)
        except RuntimeError as error:
            pytest.exit(str(error), returncode=1)
        yield browser
        browser.close()


class PageProblems:
    """What went wrong on a page that no assertion looks at: errors, CSP refusals, broken files."""

    def __init__(self):
        self.problems = []

    def watch(self, page):
        page.on("pageerror", lambda error: self.problems.append(f"{page.url}: JavaScript error: {error}"))
        page.on("console", lambda message: self._console(page, message))
        page.on("response", lambda response: self._response(page, response))
        page.on("requestfailed", lambda request: self._failed(page, request))

    def _console(self, page, message):
        # Failed sub-resources are reported with their URL by _response; CSP refusals come here.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.problems.append(f"{page.url}: console error: {message.text}")

    def _response(self, page, response):
        if response.status >= 400 and response.request.resource_type != "document":
            self.problems.append(f"{page.url}: {response.status} for {response.url}")

    def _failed(self, page, request):
        # A navigation or lazy image cut short by the next navigation is no problem.
        if "ERR_ABORTED" not in (request.failure or ""):
            self.problems.append(f"{page.url}: {request.url} failed: {request.failure}")


@pytest.fixture
def new_context(request, browser, site):
    """new_context(**options) -> a fresh browser context on the demo site (French, Paris, desktop size)."""
    contexts = []
    problems = PageProblems()

    def make(**options):
        address = next(_addresses)
        defaults = {
            "base_url": site.url,
            "locale": "fr-FR",
            "timezone_id": "Europe/Paris",
            "viewport": {"width": 1280, "height": 800},
            # Smooth scrolling off: Playwright waits for an element to stop moving before a click.
            "reduced_motion": "reduce",
            "extra_http_headers": {"X-Forwarded-For": address},
        }
        context = browser.new_context(**(defaults | options))
        context.set_default_timeout(10_000)
        context.on("page", problems.watch)
        contexts.append(context)
        return context

    yield make

    report = request.node.stash.get(_report_key, {}).get("call")
    failed = report is not None and report.failed
    if failed or problems.problems:
        save_artifacts(request.node.nodeid, [page for context in contexts for page in context.pages])
    for context in contexts:
        context.close()
    if problems.problems and not failed:
        pytest.fail("Problems in the browser:\n" + "\n".join(dict.fromkeys(problems.problems)))


@pytest.fixture
def page(new_context):
    return new_context().new_page()


def save_artifacts(nodeid, pages):
    """A full-page screenshot and the HTML of each open page, named after the test."""
    ARTIFACTS.mkdir(exist_ok=True)
    stem = re.sub(r"[^\w.-]+", "_", nodeid.split("::", 1)[-1])
    for index, page in enumerate(pages, start=1):
        try:
            page.screenshot(path=ARTIFACTS / f"{stem}-{index}.png", full_page=True)
            (ARTIFACTS / f"{stem}-{index}.html").write_text(page.content(), encoding="utf-8")
        except Exception as error:  # a crashed page still lets the others be saved
            print(f"no artifact for page {index} ({page.url}): {error}")
