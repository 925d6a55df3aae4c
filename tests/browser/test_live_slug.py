"""The admin's live slug is the server's own (articles.slugs), in French and in any other script."""

import uuid

import pytest
from playwright.sync_api import expect

from articles.slugs import french_slugify
from tests.browser.people import log_in_to_admin


@pytest.mark.parametrize(
    "title",
    ["Référencement à l'ère de l'IA", "Поисковая оптимизация для начинающих", "東京の天気 と SEO"],
    ids=["french", "cyrillic", "japanese"],
)
def test_the_slug_typed_in_the_admin_is_the_one_the_server_makes(new_context, title):
    title = f"{title} {uuid.uuid4().hex[:6]}"
    editor = new_context().new_page()
    log_in_to_admin(editor, "claire")
    editor.goto("/admin/articles/article/add/")
    editor.locator("#id_title").press_sequentially(title, delay=15)
    expect(editor.locator("#id_slug")).to_have_value(french_slugify(title))


def test_a_category_saved_with_the_live_slug_keeps_it(new_context):
    name = f"Новости {uuid.uuid4().hex[:6]}"
    editor = new_context().new_page()
    log_in_to_admin(editor, "admin")
    editor.goto("/admin/articles/category/add/")
    editor.locator("#id_name").press_sequentially(name, delay=15)
    expect(editor.locator("#id_slug")).to_have_value(french_slugify(name))
    editor.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(editor.locator(".messagelist .success")).to_be_visible()
    editor.goto(f"/category/{french_slugify(name)}/")
    expect(editor.locator("h1")).to_contain_text(name)


def test_a_slug_changed_by_hand_is_left_alone(new_context):
    editor = new_context().new_page()
    log_in_to_admin(editor, "claire")
    editor.goto("/admin/articles/article/add/")
    editor.locator("#id_title").press_sequentially("Premier titre", delay=15)
    expect(editor.locator("#id_slug")).to_have_value("premier-titre")
    editor.locator("#id_slug").fill("mon-adresse")
    editor.locator("#id_slug").dispatch_event("change")
    editor.locator("#id_title").press_sequentially(" et la suite", delay=15)
    editor.wait_for_timeout(500)
    expect(editor.locator("#id_slug")).to_have_value("mon-adresse")
