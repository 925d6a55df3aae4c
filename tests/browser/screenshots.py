"""Full-page screenshots of the demo site, for a reviewer to look at the design: `make screenshots`.

Each reader's page type (home, article, category, tag, author, search with and without
results, the 404 page) on a phone (375 px), a tablet (768 px) and a desktop (1280 px), in
light and dark mode: PNG files named page-device-scheme.png in the folder given
(screenshots/ by default); and the admin's writing screen at 1280 and 768 px (admin_screenshots.py).

    python -m tests.browser.screenshots [FOLDER]
"""

import os
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.browser import chromium
from tests.browser.admin_screenshots import take_writing_screen
from tests.browser.demo_site import DemoSite, demo_site
from tests.servers import ROOT

DEVICES = {
    "phone": {
        "viewport": {"width": 375, "height": 812},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 2,
    },
    "tablet": {"viewport": {"width": 768, "height": 1024}, "has_touch": True, "device_scale_factor": 2},
    "desktop": {"viewport": {"width": 1280, "height": 900}},
}
SCHEMES = ["light", "dark"]

# Lazy images load as they come into view: bring them all in before the picture is taken
# (for ten seconds at most: evaluate() has no timeout of its own).
LOAD_EVERY_IMAGE = """async () => {
  const images = [...document.images];
  images.forEach((image) => { image.loading = 'eager'; });
  const timeout = new Promise((resolve) => setTimeout(resolve, 10000));
  await Promise.race([Promise.all(images.map((image) => image.decode().catch(() => null))), timeout]);
}"""


def pages_to_shoot(site):
    # The browser checks' own way of finding the pages; their module reads the project's settings.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "refbax.settings")
    from tests.browser.checks import discover_urls

    urls = discover_urls(site)
    return {
        "home": "/",
        "article": urls["article"],
        "category": urls["category"],
        "tag": urls["tag"],
        "author": urls["author"],
        "search": "/search/?q=r%C3%A9f%C3%A9rencement",
        "search-without-result": "/search/?q=xylophone",
        "not-found": "/cette-page-n-existe-pas/",
    }


def take(site, folder):
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = chromium.launch(playwright)
        for name, path in pages_to_shoot(site).items():
            for device, options in DEVICES.items():
                for scheme in SCHEMES:
                    context = browser.new_context(
                        base_url=site.url, locale="fr-FR", timezone_id="Europe/Paris", color_scheme=scheme, **options
                    )
                    page = context.new_page()
                    page.goto(path, wait_until="networkidle")
                    page.evaluate(LOAD_EVERY_IMAGE)
                    target = folder / f"{name}-{device}-{scheme}.png"
                    page.screenshot(path=target, full_page=True, animations="disabled", caret="hide")
                    written.append(target)
                    context.close()
        written += take_writing_screen(browser, site, folder)
        browser.close()
    return written


def main(folder):
    with ExitStack() as stack:
        if url := os.environ.get("BROWSER_TESTS_SITE"):
            site = DemoSite(url=url.rstrip("/"), folder=None)
        else:
            print("Building the demo site (half a minute)…", flush=True)
            site = stack.enter_context(demo_site(Path(stack.enter_context(tempfile.TemporaryDirectory()))))
        for path in take(site, folder):
            print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "screenshots").resolve())
