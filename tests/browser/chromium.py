"""Debian's Chromium (apt-get install chromium), as the browser tests and the screenshots launch it.

Playwright drives the system browser: `playwright install` would download its own build.
"""

import os
from pathlib import Path

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def launch(playwright):
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} is missing: apt-get install -y chromium (or set CHROMIUM to another build)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
