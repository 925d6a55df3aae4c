from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from articles.share import share_links
from site_settings.models import SiteSettings

TITLE = 'Tom & Jerry ? #1 « Sécurité » "cité" 100% + égal/différent'
URL = "https://www.refbax.example/articles/tom-jerry/?utm_source=x&lang=fr#haut"


def links_by_network(url=URL, title=TITLE):
    return {link.network: link for link in share_links(url, title)}


def decoded_query(link_url):
    """The query parameters of `link_url`, each decoded exactly once."""
    return parse_qs(urlsplit(link_url).query, keep_blank_values=True, strict_parsing=True)


def test_there_is_one_link_per_network():
    assert set(links_by_network()) == {"facebook", "x", "linkedin", "whatsapp", "email"}


@pytest.mark.parametrize(
    ("network", "host", "expected"),
    [
        ("facebook", "www.facebook.com", {"u": [URL]}),
        ("x", "x.com", {"text": [TITLE], "url": [URL]}),
        ("linkedin", "www.linkedin.com", {"url": [URL]}),
        ("whatsapp", "wa.me", {"text": [f"{TITLE} {URL}"]}),
    ],
)
def test_share_urls_carry_the_title_and_address_exactly(network, host, expected):
    link = links_by_network()[network]
    parts = urlsplit(link.url)
    assert parts.scheme == "https"
    assert parts.netloc == host
    assert not parts.fragment  # a "#" of the title or URL must not end the link early
    assert decoded_query(link.url) == expected


def test_the_email_link_carries_the_title_as_subject_and_the_address_as_body():
    link = links_by_network()["email"]
    parts = urlsplit(link.url)
    assert parts.scheme == "mailto"
    assert not parts.fragment
    assert decoded_query(link.url) == {"subject": [TITLE], "body": [URL]}


def test_the_email_link_encodes_spaces_as_percent_20_not_plus():
    # Mail clients do not turn "+" back into a space.
    query = urlsplit(links_by_network(title="Un titre avec des espaces")["email"].url).query
    assert "%20" in query
    assert "+" not in query


def test_a_plus_sign_in_the_title_survives():
    link = links_by_network(title="C++ et C#")["x"]
    assert decoded_query(link.url)["text"] == ["C++ et C#"]


def test_every_link_has_an_accessible_name_naming_its_network():
    for link in share_links(URL, TITLE):
        assert str(link.action)
        assert str(link.label)


# On the article page


@pytest.fixture
def article_page(client, make_article, make_author, settings):
    settings.SITE_URL = "https://www.refbax.example"
    SiteSettings(
        cta_title="La lettre",
        cta_text="Un e-mail par mois.",
        cta_url="https://newsletter.example/inscription",
        linkedin="https://www.linkedin.com/company/exemple",
    ).save()
    author = make_author(name="Claire Morel", bio="Consultante.", website="https://claire.example/")
    article = make_article(title=TITLE, author=author, tags=["SEO", "Sécurité"])
    make_article(tags=["SEO"])
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return article, BeautifulSoup(response.content, "html.parser")


@pytest.mark.django_db
def test_each_share_link_on_the_page_is_safe_and_named(article_page):
    _article, soup = article_page
    share = soup.select_one(".share")
    links = share.find_all("a")
    assert len(links) >= 6  # five networks and "copy link"
    for link in links:
        assert link.get("aria-label", "").strip(), link
        if urlsplit(link["href"]).netloc != "www.refbax.example":
            assert {"noopener", "noreferrer"} <= set(link.get("rel", [])), link


@pytest.mark.django_db
def test_share_links_on_the_page_carry_the_canonical_address_and_exact_title(article_page):
    article, soup = article_page
    canonical = "https://www.refbax.example" + article.get_absolute_url()
    assert soup.find("link", rel="canonical")["href"] == canonical
    hrefs = {urlsplit(link["href"]).netloc: link["href"] for link in soup.select(".share a")}
    assert decoded_query(hrefs["x.com"]) == {"text": [article.title], "url": [canonical]}
    assert decoded_query(hrefs["www.facebook.com"]) == {"u": [canonical]}
    mailto = next(link["href"] for link in soup.select(".share a") if link["href"].startswith("mailto:"))
    assert decoded_query(mailto) == {"subject": [article.title], "body": [canonical]}


@pytest.mark.django_db
def test_the_article_page_loads_nothing_from_another_host(article_page):
    _article, soup = article_page
    own_hosts = {"", "testserver", "www.refbax.example"}
    assert soup.find("iframe") is None
    # JSON-LD blocks are data, never executed or fetched.
    for script in soup.find_all("script", type=lambda kind: kind != "application/ld+json"):
        assert script.get("src"), "inline script"
        assert urlsplit(script["src"]).netloc in own_hosts, script
    for link in soup.find_all("link"):
        assert urlsplit(link["href"]).netloc in own_hosts, link
    for element in soup.find_all(["img", "source", "video", "audio", "embed", "object"]):
        for attribute in ["src", "srcset", "data"]:
            if element.get(attribute):
                assert urlsplit(element[attribute]).netloc in own_hosts, element
