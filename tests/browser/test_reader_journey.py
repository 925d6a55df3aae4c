"""A reader comes to the home page, reads an article, follows a tag and searches."""

import re
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

READING_TIME = re.compile(r"^Temps de lecture\s:\s\d+\sminutes?$")


def share_targets(page):
    """{network class: (href, target, rel)} of the share links."""
    return page.locator(".share__link[href]").evaluate_all(
        """links => Object.fromEntries(links.map(link => [
            link.className.match(/share__link--(\\w+)/)[1],
            [link.href, link.target, link.rel],
        ]))"""
    )


def test_a_reader_reads_an_article_follows_a_tag_and_finds_it_again_by_searching(page, site):
    page.goto("/")
    featured = page.locator(".featured__title a")
    title = featured.inner_text()
    featured.click()

    # The article, its reading time, and the address readers share.
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page).to_have_title(re.compile(re.escape(title)))
    expect(page.locator(".article__header .reading-time")).to_have_text(READING_TIME)
    article_url = page.url
    assert page.locator("link[rel=canonical]").get_attribute("href") == article_url

    # Share links: plain links to each network, carrying the article's address (and title).
    targets = share_targets(page)
    assert set(targets) == {"facebook", "x", "linkedin", "whatsapp", "email", "copy"}
    expected_hosts = {
        "facebook": "www.facebook.com",
        "x": "x.com",
        "linkedin": "www.linkedin.com",
        "whatsapp": "wa.me",
    }
    for network, host in expected_hosts.items():
        href, target, rel = targets[network]
        parts = urlsplit(href)
        assert (parts.scheme, parts.netloc) == ("https", host), href
        shared = " ".join(value for values in parse_qs(parts.query).values() for value in values)
        assert article_url in shared, f"{network} does not share the article's address: {href}"
        assert target == "_blank" and "noopener" in rel.split()
    assert title in parse_qs(urlsplit(targets["x"][0]).query)["text"]
    mail = urlsplit(targets["email"][0])
    assert mail.scheme == "mailto"
    assert parse_qs(mail.query) == {"subject": [title], "body": [article_url]}
    assert targets["copy"][0] == article_url

    # A share link opens the network in a new tab, which cannot reach back into the article.
    page.context.route(
        "https://www.linkedin.com/**",
        lambda route: route.fulfill(content_type="text/html", body="<title>LinkedIn</title>"),
    )
    with page.expect_popup() as popup:
        page.get_by_role("link", name="Partager sur LinkedIn").click()
    linkedin = popup.value
    linkedin.wait_for_load_state()
    assert parse_qs(urlsplit(linkedin.url).query)["url"] == [article_url]
    assert linkedin.evaluate("() => window.opener") is None
    linkedin.close()

    # Who wrote it, and what else to read on the same theme.
    author_box = page.get_by_role("complementary", name="Qui suis-je\u00a0?")
    author_link = author_box.locator(".author-box__name a")
    author_name = author_link.inner_text()
    expect(author_box.locator("img")).to_have_attribute("alt", "")
    expect(author_link).to_have_attribute("href", re.compile(r"^/author/[\w-]+/$"))
    related = page.get_by_role("region", name="Sur le même thème").locator(".card__title a")
    expect(related.first).to_be_visible()
    related_titles = related.all_inner_texts()
    assert related_titles and title not in related_titles

    related.first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(related_titles[0])
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)

    # The author's page lists the article.
    author_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(author_name)
    expect(page.locator(".card__title a", has_text=title)).to_be_visible()
    page.go_back()

    # A tag leads to the other articles that carry it, this one among them.
    tag = page.locator(".article__tags a").first
    tag_name = tag.inner_text()
    tag.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(tag_name)
    expect(page.locator(".card__title a", has_text=title)).to_be_visible()

    # Searching for a word of the title, from the header of any page, finds the article.
    word = max(re.findall(r"\w+", title), key=len)
    page.locator(".search-toggle summary").click()  # the search sits behind an icon, in a <details>
    page.get_by_role("searchbox", name="Rechercher sur le site").fill(word.lower())
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q="))
    expect(page.get_by_role("status")).to_contain_text(f"«\u00a0{word.lower()}\u00a0»")
    result = page.locator(".card__title a", has_text=title)
    expect(result).to_be_visible()
    result.click()
    expect(page).to_have_url(article_url)
