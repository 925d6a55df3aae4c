"""axe-core finds no WCAG 2.2 AA violation (nor best-practice one) on the reader's pages, light or dark."""

import pytest

from tests.browser.checks import PAGES, axe_violations, describe_violations


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_accessibility_violation_in_light_and_dark_mode(page, visit, name):
    visit(page, name)
    found = {}
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        if violations := axe_violations(page):
            found[scheme] = describe_violations(violations)
    assert not found, "\n".join(f"{scheme} mode:\n{report}" for scheme, report in found.items())
