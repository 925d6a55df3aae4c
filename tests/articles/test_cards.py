"""Article cards: the same shape with or without a cover, a meta line in separate items."""

import pytest

from tests.helpers import get_page

pytestmark = pytest.mark.django_db


def test_a_card_without_a_cover_shows_a_panel_in_its_categorys_colour(client, make_article, make_category):
    category = make_category()
    article = make_article(category=category)
    card = get_page(client, "/").select_one(".card")
    image_link = card.select_one(".card__image")
    assert image_link["href"] == article.get_absolute_url()
    assert image_link["aria-hidden"] == "true" and image_link["tabindex"] == "-1"
    panel = image_link.select_one(".card__placeholder")
    assert f"palette-{category.pk % 6}" in panel["class"]
    assert panel.svg["aria-hidden"] == "true"


def test_the_articles_of_a_category_share_its_panel_colour(client, make_article, make_category):
    category = make_category()
    for _ in range(2):
        make_article(category=category)
    panels = get_page(client, category.get_absolute_url()).select(".card__placeholder")
    assert len(panels) == 2 and panels[0]["class"] == panels[1]["class"]


def test_a_card_meta_line_holds_its_items_separately_so_no_dot_starts_a_line(client, make_article):
    make_article()
    items = get_page(client, "/").select_one(".card .meta .meta__items").find_all(recursive=False)
    assert len(items) >= 3
    assert all(item.name == "span" for item in items)
    assert "·" not in "".join(item.get_text() for item in items)
