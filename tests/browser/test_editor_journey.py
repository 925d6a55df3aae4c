"""An editor writes an article in the admin's editor, schedules it, then publishes it at once from its form."""

import re
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from tests.browser.people import log_in_to_admin, loose

LINK = "https://docs.djangoproject.com/fr/"


def write_body(page):
    """A heading, a bold word, a list and a link, through the editor's menu bar and shortcuts."""
    editor = page.locator(".prose-editor")
    editor.locator(".ProseMirror[contenteditable=true]").click()
    editor.locator(".prose-menubar__selected").click()  # the block type menu
    editor.get_by_role("button", name="Intertitre de niveau 2").click()
    page.keyboard.type("Un plan avant la première ligne")
    page.keyboard.press("Enter")
    page.keyboard.type("Écrire pour le Web demande un mot en ")
    page.keyboard.press("Control+b")
    page.keyboard.type("gras")
    page.keyboard.press("Control+b")
    page.keyboard.type(" et un lien vers la documentation")
    page.keyboard.press("Enter")
    editor.get_by_role("button", name="Liste à puces").click()
    page.keyboard.type("une idée par paragraphe")
    page.keyboard.press("Enter")
    page.keyboard.type("des intertitres qui résument")

    # Back to the end of the paragraph, select the last word and make it a link: the last
    # step, since the editor gives the text its focus back a moment after the dialog closes.
    paragraph = editor.locator(".ProseMirror p", has_text="documentation")
    box = paragraph.bounding_box()
    paragraph.click(position={"x": box["width"] - 2, "y": box["height"] / 2})
    for _ in "documentation":
        page.keyboard.press("Shift+ArrowLeft")
    page.wait_for_function("() => getSelection().toString() === 'documentation'")
    editor.get_by_role("button", name="Insérer un lien").click()
    dialog = page.locator("dialog.prose-editor-dialog")
    dialog.get_by_label("Adresse (URL)").fill(LINK)
    dialog.get_by_role("button", name="Mettre à jour").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("#id_body")).to_have_value(re.compile(f'<a href="{re.escape(LINK)}"[^>]*>documentation</a>'))


def assert_body_as_written(page):
    prose = page.locator(".prose")
    expect(prose.locator("h2")).to_have_text("Un plan avant la première ligne")
    expect(prose.locator("p strong")).to_have_text("gras")
    expect(prose.locator(f'a[href="{LINK}"]')).to_have_text("documentation")
    expect(prose.locator("ul > li")).to_have_text(["une idée par paragraphe", "des intertitres qui résument"])
    # Spaces stay spaces: the editor's own style must not be refused by the Content-Security-Policy.
    assert "\u00a0" not in prose.locator("p").first.inner_text().replace("\u00a0:", "")


def test_an_editor_writes_schedules_and_publishes_an_article(new_context, site):
    title = f"Écrire pour le Web, pas pour soi ({uuid.uuid4().hex[:6]})"
    editor = new_context().new_page()
    log_in_to_admin(editor, "claire")
    editor.locator("tr.model-article").get_by_role("link", name="Ajouter").click()

    editor.locator("#id_title").fill(title)
    editor.locator("#id_standfirst").fill("Trois habitudes pour des articles que l’on lit jusqu’au bout.")
    write_body(editor)
    expect(editor.locator("#id_author").locator("option:checked")).to_have_text("Claire Morel")  # her own profile
    editor.locator(".field-category .select2-selection").click()
    editor.locator(".select2-container--open .select2-search__field").fill("Marketing")
    editor.get_by_role("option", name="Marketing de contenu").click()
    tags = editor.locator("#id_tags")  # one tag at a time, as chips
    tags.fill("Rédaction")
    tags.press("Enter")
    tags.fill("Stratégie éditoriale")
    tags.press("Enter")
    expect(editor.locator(".tag-chips li")).to_have_text(["Rédaction×", "Stratégie éditoriale×"])

    # Scheduled for tomorrow at 9 h, Paris time: the date is asked for by "Programmer…".
    tomorrow = datetime.now(ZoneInfo("Europe/Paris")) + timedelta(days=1)
    box = editor.locator(".desk-box")
    box.locator(".desk-schedule summary").click()
    box.get_by_label("Date et heure (heure de Paris)").fill(tomorrow.strftime("%Y-%m-%dT09:00"))
    slug = editor.locator("#id_slug").input_value()
    assert slug.startswith("ecrire-pour-le-web-pas-pour-soi")
    box.get_by_role("button", name="Programmer", exact=True).click()

    expect(editor.locator(".messagelist .success")).to_contain_text(loose(f"« {title} » programmé pour le"))
    day = "1er" if tomorrow.day == 1 else str(tomorrow.day)
    expect(editor.locator("#desk-status")).to_contain_text(loose(f"Programmé pour le {day} "))
    expect(editor.locator("#desk-status")).to_contain_text(re.compile(r"à 9\s?h$"))

    # Not public yet: not at its address, not on the home page.
    reader = new_context().new_page()
    assert reader.goto(f"/articles/{slug}/").status == 404
    reader.goto("/")
    expect(reader.get_by_text(title)).to_have_count(0)

    # The editor previews it as readers will see it.
    with editor.expect_popup() as popup:
        editor.get_by_role("link", name="Aperçu").click()
    preview = popup.value
    expect(preview.locator(".preview-banner")).to_contain_text("Programmé")
    assert_body_as_written(preview)
    preview.close()

    # "Publier maintenant", on the form of the scheduled article.
    box.get_by_role("button", name="Publier maintenant").click()
    expect(editor.locator(".messagelist .success")).to_have_text(loose(f"Article « {title} » publié."))
    expect(editor.locator("#desk-status")).to_have_text("Publié")

    # Readers find it first on the home page, with its reading time, and read it.
    reader.goto("/")
    card = reader.locator(".card", has=reader.get_by_role("link", name=title, exact=True))
    expect(card.locator(".reading-time")).to_have_text(loose("Temps de lecture : 1 minute"))
    expect(reader.locator(".card").first).to_have_text(re.compile(re.escape(title)))
    card.get_by_role("link", name=title, exact=True).click()
    expect(reader.get_by_role("heading", level=1)).to_have_text(title)
    assert_body_as_written(reader)
    # Published now, changed now: no date of the page is in the future.
    modified = datetime.fromisoformat(
        reader.locator("meta[property='article:modified_time']").get_attribute("content")
    )
    assert modified <= datetime.now(ZoneInfo("Europe/Paris")) + timedelta(seconds=5)
