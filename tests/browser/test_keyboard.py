"""Keyboard-only use: Tab reaches every link and form control, in document order, with a visible focus."""

import re

import pytest

# Marks every element that Tab should reach, in document order, and returns how many there are.
MARK_TAB_STOPS = """() => {
  const controls = 'a[href], button, input:not([type=hidden]), select, textarea, summary';
  const shown = (element) => !element.closest('[hidden], [inert]')
    && getComputedStyle(element).visibility === 'visible' && element.getClientRects().length > 0;
  const all = [...document.querySelectorAll(`${controls}, [tabindex]`)].filter(shown);
  const stops = all.filter((element) => element.tabIndex >= 0 && !element.disabled);
  stops.forEach((element, index) => { element.dataset.tabStop = index; });
  return {
    count: stops.length,
    positive: all.filter((element) => element.tabIndex > 0).map((element) => element.outerHTML.slice(0, 120)),
    // Out of the tab order, a control must be out of the accessibility tree too (a duplicate link, the honeypot).
    skippedButExposed: all.filter((element) => element.matches(controls) && element.tabIndex < 0
      && !element.closest('[aria-hidden=true]'))
      .map((element) => element.outerHTML.slice(0, 120)),
  };
}"""

# What the focused element is and how its focus shows.
FOCUSED = """() => {
  const element = document.activeElement;
  if (!element || element === document.body || element === document.documentElement) return null;
  const style = getComputedStyle(element);
  const rect = element.getBoundingClientRect();
  let around = element.parentElement;
  while (around && getComputedStyle(around).backgroundColor === 'rgba(0, 0, 0, 0)') around = around.parentElement;
  return {
    stop: element.dataset.tabStop === undefined ? null : Number(element.dataset.tabStop),
    label: `${element.tagName.toLowerCase()} “${(element.innerText || element.value || element.name || '')
      .trim().slice(0, 40)}”`,
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth),
    outlineColor: style.outlineColor,
    background: around ? getComputedStyle(around).backgroundColor : 'rgb(255, 255, 255)',
    inViewport: rect.bottom > 0 && rect.right > 0 && rect.top < innerHeight && rect.left < innerWidth,
  };
}"""


def luminance(css_colour):
    red, green, blue = (int(value) / 255 for value in re.findall(r"[\d.]+", css_colour)[:3])

    def channel(value):
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(first, second):
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def tab_through(page):
    """Press Tab round the page once; the focus details of each stop, in the order reached."""
    marked = page.evaluate(MARK_TAB_STOPS)
    assert not marked["positive"], f"tabindex > 0 breaks the document order: {marked['positive']}"
    assert not marked["skippedButExposed"], f"controls left out of the tab order: {marked['skippedButExposed']}"
    walked = []
    for _ in range(2 * marked["count"] + 4):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            continue  # past the last stop, the focus visits the browser's own controls, then starts again
        if walked and focused["stop"] == walked[0]["stop"]:
            break
        walked.append(focused)
    return marked["count"], walked


@pytest.mark.parametrize(
    ("name", "scheme"),
    [
        ("home", "light"),
        ("article", "light"),
        ("article", "dark"),
        ("search", "light"),
        ("not-found", "light"),
        ("comment-form-with-errors", "light"),
    ],
)
def test_tab_reaches_every_link_and_control_in_order_with_a_visible_focus(new_context, visit, name, scheme):
    # Smooth scrolling is off (conftest): a focused element is in view as soon as it has the focus.
    page = new_context(color_scheme=scheme).new_page()
    visit(page, name)
    count, walked = tab_through(page)

    if name == "comment-form-with-errors":
        # The page opens at the form (#respond): the first Tab leads to the first field to correct.
        assert walked[0]["label"] == "input “author_name”", walked[0]
    # One round from the top of the page, wherever the walk began.
    start = next((index for index, stop in enumerate(walked) if stop["stop"] == 0), 0)
    stops = walked[start:] + walked[:start]
    assert [stop["stop"] for stop in stops] == list(range(count)), [(stop["stop"], stop["label"]) for stop in stops]
    for stop in stops:
        assert stop["outlineStyle"] != "none" and stop["outlineWidth"] >= 2, f"no visible focus on {stop['label']}"
        assert contrast(stop["outlineColor"], stop["background"]) >= 3, f"faint focus ring on {stop['label']}"
        assert stop["inViewport"], f"{stop['label']} has the focus out of sight"


def test_the_skip_link_shows_on_the_first_tab_and_leads_to_the_content(page, visit):
    visit(page, "article")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Aller au contenu")
    assert skip_link.evaluate("element => element === document.activeElement")
    box = skip_link.bounding_box()
    assert box["y"] >= 0 and box["height"] > 0  # on screen while focused

    page.keyboard.press("Enter")

    assert page.evaluate("() => document.activeElement.id") == "contenu"
    page.keyboard.press("Tab")  # the next stop is the first link of the content, past the header
    assert page.evaluate("() => document.activeElement.closest('main') !== null")
