"""The W3C Nu HTML Checker (vnu.jar) finds no error in the HTML the server sends."""

import pytest

from tests.browser.checks import PAGES, describe_html_errors


@pytest.mark.parametrize("name", PAGES)
def test_page_is_valid_html(page, visit, html_checker, name):
    response = visit(page, name)
    errors = html_checker.errors(response.text())
    assert not errors, f"{response.url}:\n{describe_html_errors(errors)}"
