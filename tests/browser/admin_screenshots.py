"""Screenshots of the writing screen, for `make screenshots` (tests/browser/screenshots.py calls it).

An editor's article as she opens it, and a new one, on a desktop (1280 px) and a tablet
(768 px), in light and dark mode: writing-{article,new}-{desktop,tablet}-{light,dark}.png.
"""

import os

DEVICES = {"desktop": {"width": 1280, "height": 900}, "tablet": {"width": 768, "height": 1024}}
SCHEMES = ["light", "dark"]


def take_writing_screen(browser, site, folder):
    # people.py reads the demo's password from the demo command, which needs the project's apps.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "refbax.settings")
    import django

    django.setup()
    from tests.browser.people import log_in_to_admin

    written = []
    for device, viewport in DEVICES.items():
        for scheme in SCHEMES:
            context = browser.new_context(
                base_url=site.url, locale="fr-FR", timezone_id="Europe/Paris", color_scheme=scheme, viewport=viewport
            )
            page = context.new_page()
            log_in_to_admin(page, "claire")
            page.goto("/admin/articles/article/")
            article = page.locator("#result_list tbody tr th a").first.get_attribute("href")
            for name, path in {"article": article, "new": "/admin/articles/article/add/"}.items():
                page.goto(path, wait_until="networkidle")
                page.locator(".prose-editor .ProseMirror[contenteditable=true]").wait_for()
                target = folder / f"writing-{name}-{device}-{scheme}.png"
                page.screenshot(path=target, animations="disabled", caret="hide")
                written.append(target)
            context.close()
    return written
