"""Phones and dark mode: no sideways scrolling at 375 and 320 px, colours that follow the browser."""

import pytest

from tests.browser.checks import PAGES

# What sticks out to the right of the viewport, unless a scrolling box (code, tables) holds it.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (element) => ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(element).overflowX);
  const heldBack = (element) => {
    for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
      if (scrolls(parent)) return true;
    }
    return false;
  };
  const offenders = [...document.body.querySelectorAll('*')]
    .filter((element) => element.getBoundingClientRect().right > width + 0.5 && !heldBack(element))
    .map((element) => `<${element.tagName.toLowerCase()} class="${element.className}">`);
  return {scrollWidth: document.documentElement.scrollWidth, width, offenders: offenders.slice(0, 8)};
}"""

# Every image, lazy ones included (told to load now), has loaded and reserves its room before
# it does. decode() waits for the image: the race bounds that wait, evaluate() has no timeout.
IMAGES = """async () => {
  const images = [...document.images];
  images.forEach((image) => { image.loading = 'eager'; });
  const loaded = (image) => image.decode().then(() => true, () => false);
  const timeout = new Promise((resolve) => setTimeout(resolve, 10000));
  await Promise.race([Promise.all(images.map(loaded)), timeout]);
  return images.filter((image) => !image.complete || image.naturalWidth === 0
      || !image.getAttribute('width') || !image.getAttribute('height'))
    .map((image) => image.currentSrc || image.src);
}"""


def phone(width):
    return {
        "viewport": {"width": width, "height": 800},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 2,
    }


@pytest.mark.parametrize("width", [375, 320])
@pytest.mark.parametrize("name", PAGES)
def test_no_page_scrolls_sideways_on_a_phone(new_context, visit, name, width):
    page = new_context(**phone(width)).new_page()
    visit(page, name)
    layout = page.evaluate(OVERFLOW)
    assert layout["scrollWidth"] <= layout["width"] == width, layout
    assert not layout["offenders"], layout


@pytest.mark.parametrize("name", ["home", "article"])
def test_every_image_loads_with_its_dimensions(new_context, visit, name):
    page = new_context(**phone(375)).new_page()
    visit(page, name)
    assert page.evaluate(IMAGES) == []


@pytest.mark.parametrize(
    ("scheme", "background", "text"),
    [("light", "rgb(255, 255, 255)", "rgb(27, 29, 35)"), ("dark", "rgb(20, 22, 27)", "rgb(232, 233, 237)")],
)
def test_the_colours_follow_the_browser_preference(new_context, visit, scheme, background, text):
    page = new_context(color_scheme=scheme).new_page()
    visit(page, "article")
    colours = page.evaluate(
        """() => {
          const style = (selector, property) => getComputedStyle(document.querySelector(selector))[property];
          return {
            background: style('body', 'backgroundColor'),
            text: style('body', 'color'),
            field: style('#respond textarea', 'backgroundColor'),
            scheme: style(':root', 'colorScheme'),
          };
        }"""
    )
    assert colours == {"background": background, "text": text, "field": background, "scheme": "light dark"}
