"""The reader's design as laid out by a browser: phone header, aligned cards, share icons, text that fits, weight."""

import gzip
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.checks import PAGES


def phone(width):
    viewport = {"width": width, "height": 800}
    return {"viewport": viewport, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


@pytest.mark.parametrize("width", [375, 320])
@pytest.mark.parametrize("name", ["home", "article", "search"])
def test_the_phone_header_is_under_120_px_and_its_search_opens_without_javascript(new_context, visit, name, width):
    context = new_context(**phone(width), java_script_enabled=False)
    page = context.new_page()
    visit(page, name)
    header = page.locator(".site-header").bounding_box()
    assert header["height"] < 120, header
    if name != "search":  # the search page's own form is its one search box
        searchbox = page.get_by_role("searchbox", name="Rechercher sur le site")
        expect(searchbox).to_be_hidden()
        page.locator(".search-toggle summary").click()
        expect(searchbox).to_be_visible()


# Cards grouped by the top of their row: each row's cards, their top edge and their image's height.
ROWS_OF_CARDS = """(selector) => {
  const rows = {};
  for (const card of document.querySelectorAll(selector)) {
    const box = card.getBoundingClientRect();
    const image = card.querySelector('.card__image').getBoundingClientRect();
    const row = Math.round(box.top + scrollY);
    (rows[row] ||= []).push({top: box.top, imageTop: image.top, imageHeight: image.height, width: box.width,
                              left: box.left});
  }
  return Object.values(rows);
}"""


@pytest.mark.parametrize("width", [1280, 768, 375])
@pytest.mark.parametrize("name", ["home", "category", "article"])
def test_cards_in_a_row_share_their_top_edge_and_image_height_and_no_row_ends_on_an_orphan(
    new_context, visit, name, width
):
    page = new_context(viewport={"width": width, "height": 900}).new_page()
    visit(page, name)
    selector = ".related .card" if name == "article" else "main .cards:not(.cards--compact) > .card"
    rows = page.evaluate(ROWS_OF_CARDS, selector)
    assert rows, "no card"
    content = page.locator(".related .cards" if name == "article" else "main .cards").first.bounding_box()
    for row in rows:
        assert len({round(card["top"]) for card in row}) == 1, row
        assert len({round(card["imageTop"]) for card in row}) == 1, row
        assert len({round(card["imageHeight"]) for card in row}) == 1, row
        assert all(card["imageHeight"] > 50 for card in row), row
        # A row fills the grid's width: a last card alone is as wide as the grid, never a lone third.
        right = max(card["left"] + card["width"] for card in row)
        assert right >= content["x"] + content["width"] - 2, row


def test_a_card_without_a_cover_keeps_the_size_of_a_cover(new_context, visit):
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    visit(page, "home")
    sizes = page.evaluate(
        """() => {
          // A card with a cover, its image swapped for the panel a card without one shows.
          const image = document.querySelector('main .cards > .card .card__image img').closest('.card__image');
          const before = image.getBoundingClientRect();
          image.querySelector('img').remove();
          const panel = document.createElement('span');
          panel.className = 'card__placeholder palette-1';
          image.append(panel);
          const after = image.getBoundingClientRect();
          return {before: [before.width, before.height], after: [after.width, after.height],
                  panel: panel.getBoundingClientRect().height};
        }"""
    )
    assert sizes["before"] == sizes["after"]
    assert sizes["panel"] == pytest.approx(sizes["after"][1], abs=1)


def test_each_share_link_has_an_icon_and_an_accessible_name(page, visit):
    visit(page, "article")
    links = page.locator(".share__list > li:not([hidden]) > .share__link")
    assert links.count() >= 6
    for index in range(links.count()):
        link = links.nth(index)
        assert link.locator("svg.icon[aria-hidden=true] path, svg.icon[aria-hidden=true] rect").count() >= 1
        name = link.get_attribute("aria-label")
        assert name and name.startswith(("Partager", "Copier")), name
        expect(link).to_have_accessible_name(name)
        box = link.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24  # WCAG 2.2, 2.5.8


# Elements whose own text runs past their box (a scrolling box excepted: code, tables, the categories).
TEXT_OVERFLOWS = """() => {
  const scrolls = (element) => ['auto', 'scroll'].includes(getComputedStyle(element).overflowX);
  const offenders = [];
  for (const element of document.body.querySelectorAll('*')) {
    const hasText = [...element.childNodes].some((node) => node.nodeType === 3 && node.textContent.trim());
    if (!hasText || element.closest('.visually-hidden') || !element.getClientRects().length) continue;
    let held = false;
    for (let parent = element; parent && parent !== document.body; parent = parent.parentElement) {
      if (scrolls(parent)) { held = true; break; }
    }
    if (held) continue;
    const box = element.getBoundingClientRect();
    if (element.scrollWidth > element.clientWidth + 1 && getComputedStyle(element).overflowX === 'visible'
        && getComputedStyle(element).display !== 'inline' || box.right > innerWidth + 0.5) {
      const text = element.textContent.trim().slice(0, 40);
      offenders.push(`<${element.tagName.toLowerCase()} class="${element.className}">${text}`);
    }
  }
  return offenders.slice(0, 8);
}"""


@pytest.mark.parametrize("name", PAGES)
def test_no_text_overflows_its_box_at_320_px(new_context, visit, name):
    page = new_context(**phone(320)).new_page()
    visit(page, name)
    if page.locator(".search-toggle summary").count():
        page.locator(".search-toggle summary").click()  # the header's search box fits too, once open
    assert page.evaluate(TEXT_OVERFLOWS) == []


def test_the_404_page_offers_a_search_and_the_latest_articles(page, visit):
    response = visit(page, "not-found")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Cette page n’existe pas (ou plus)")
    expect(page.get_by_role("searchbox", name="Mots à rechercher")).to_be_visible()
    latest = page.get_by_role("region", name="Derniers articles").locator(".card__title a")
    expect(latest).to_have_count(3)


def test_a_search_without_result_says_so_once_and_suggests_where_to_go(page, visit):
    visit(page, "search-without-result")
    expect(page.get_by_role("heading", level=1)).to_have_text("Résultats pour «\u00a0xylophone\u00a0»")
    expect(page.get_by_role("searchbox")).to_have_count(1)
    expect(page.get_by_role("status")).to_have_text("Aucun article ne correspond à «\u00a0xylophone\u00a0».")
    expect(page.locator(".suggestions a").first).to_be_visible()
    assert "0 article" not in page.locator("main").inner_text()


# What the first view of a page cost on the wire: the page and every sub-resource but images.
FIRST_VIEW = """() => {
  const entries = [performance.getEntriesByType('navigation')[0], ...performance.getEntriesByType('resource')];
  return entries.map((entry) => ({url: entry.name, type: entry.initiatorType, bytes: entry.encodedBodySize}));
}"""


def test_the_article_first_view_stays_under_90_kb_with_its_fonts_and_asks_no_third_party(page, visit, site):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    html = visit(page, "article").body()
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready.then(() => true)")
    entries = page.evaluate(FIRST_VIEW)
    # The HTML as the proxy sends it (gzip); static files come compressed from WhiteNoise already.
    weighed = [entry for entry in entries[1:] if entry["type"] != "img" and "/media/" not in entry["url"]]
    weighed.append({"url": "html", "bytes": len(gzip.compress(html, compresslevel=6))})
    fonts = [entry for entry in weighed if entry["url"].endswith(".woff2")]
    assert fonts, "no font fetched"
    total = sum(entry["bytes"] for entry in weighed)
    print(f"first view of the article: {total} bytes", weighed)
    assert total < 90 * 1024, weighed
    host = urlsplit(site.url).netloc
    assert {urlsplit(url).netloc for url in requested if not url.startswith("data:")} == {host}
