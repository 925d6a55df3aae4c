"""How fast the writing screen opens: the demo site under gunicorn (DEBUG off), Debian's Chromium.

An editor (claire) opens the longest demo article's change form, and a new article's,
RUNS times each (the browser's cache kept, as on an editor's working day); printed:
the median and slowest time to the server's answer, to the body's editor being ready
(django-prose-editor's "prose-editor:ready") and to the page's load event, in ms
from the navigation's start. The target: the editor ready in under 300 ms.

    python bench/writing_screen.py                       # builds the demo site (half a minute)
    BROWSER_TESTS_SITE=http://127.0.0.1:PORT python bench/writing_screen.py
"""

import os
import statistics
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "refbax.settings")
RUNS = int(os.environ.get("BENCH_RUNS", "15"))

# Recorded before any script of the page runs; Playwright's init scripts are not subject to the CSP.
WATCH_EDITOR = """
document.addEventListener("prose-editor:ready", () => { window.__editorReady = performance.now(); });
"""
TIMINGS = """() => {
  const navigation = performance.getEntriesByType("navigation")[0];
  return { answer: navigation.responseEnd, editor: window.__editorReady ?? null, load: navigation.loadEventEnd };
}"""


def measure(page, path):
    page.goto(path, wait_until="load")
    page.wait_for_function("() => window.__editorReady !== undefined", polling=50)
    return page.evaluate(TIMINGS)


def longest_article(page):
    page.goto("/admin/articles/article/?o=-6")  # by reading time, longest first
    return page.locator("#result_list tbody tr th a").first.get_attribute("href")


def main():
    import django
    from playwright.sync_api import sync_playwright

    django.setup()  # people.py reads the demo's password from the demo command

    from tests.browser import chromium
    from tests.browser.demo_site import DemoSite, demo_site
    from tests.browser.people import log_in_to_admin

    with ExitStack() as stack:
        if url := os.environ.get("BROWSER_TESTS_SITE"):
            site = DemoSite(url=url.rstrip("/"), folder=None)
        else:
            print("Building the demo site (half a minute)…", flush=True)
            site = stack.enter_context(demo_site(Path(stack.enter_context(tempfile.TemporaryDirectory()))))
        playwright = stack.enter_context(sync_playwright())
        browser = chromium.launch(playwright)
        context = browser.new_context(base_url=site.url, locale="fr-FR", viewport={"width": 1280, "height": 800})
        context.add_init_script(WATCH_EDITOR)
        page = context.new_page()
        log_in_to_admin(page, "claire")
        screens = {"longest demo article": longest_article(page), "new article": "/admin/articles/article/add/"}
        print(f"Writing screen, {RUNS} runs each after one to warm up; ms from the start of the navigation\n")
        print(f"{'screen':<24}{'answer':>14}{'editor ready':>20}{'load':>14}")
        for name, path in screens.items():
            measure(page, path)
            runs = [measure(page, path) for _run in range(RUNS)]
            cells = []
            for key in ("answer", "editor", "load"):
                values = [run[key] for run in runs]
                cells.append(f"{statistics.median(values):.0f} (max {max(values):.0f})")
            print(f"{name:<24}{cells[0]:>14}{cells[1]:>20}{cells[2]:>14}")
        browser.close()


if __name__ == "__main__":
    main()
