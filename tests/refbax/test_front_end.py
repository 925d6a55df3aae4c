"""A strict front end on every reader page: the site's own CSS and JS, no inline code, a strict CSP."""

import pytest

from tests.helpers import get_page, soup_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader_urls(library, searchable, full_article):
    article, _related = full_article
    return [
        "/",
        article.get_absolute_url(),
        "/category/seo/",
        "/tag/python/",
        "/author/claire-morel/",
        "/search/?q=maillage",
        "/search/",
    ]


def test_reader_pages_use_the_sites_css_and_js(client, reader_urls):
    for url in reader_urls:
        soup = get_page(client, url)
        assert soup.find("link", rel="stylesheet", href=lambda href: href.endswith("site.css")), url
        assert soup.find("script", src=lambda src: src and src.endswith("site.js")), url


def test_reader_pages_have_no_inline_script_or_style(client, reader_urls, settings):
    settings.DEBUG = False
    for url, status in [*((url, 200) for url in reader_urls), ("/nexiste-pas/", 404)]:
        response = client.get(url)
        assert response.status_code == status, url
        soup = soup_of(response)
        # JSON-LD blocks are data, never executed: the policy does not apply to them.
        for script in soup.find_all("script", type=lambda kind: kind != "application/ld+json"):
            assert script.get("src"), (url, script)
            assert not script.get_text(strip=True), (url, script)
        assert soup.find("style") is None, url
        assert soup.find(style=True) is None, url
        assert not [element for element in soup.find_all(True) if any(a.startswith("on") for a in element.attrs)]


def test_reader_pages_send_a_strict_content_security_policy(client, reader_urls):
    for url in reader_urls:
        response = client.get(url)
        assert response.status_code == 200, url
        policy = response["Content-Security-Policy"]
        directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
        assert "'unsafe-inline'" not in policy, url
        assert "'unsafe-eval'" not in policy, url
        assert directives["default-src"] == ["'self'"]
        assert "'self'" in directives["script-src"]
        assert directives["frame-ancestors"] == ["'none'"]
        assert directives["object-src"] == ["'none'"]
