"""The writing screen in the browser: a writer's draft submitted, an editor's article scheduled with a cover and
two figures (one dropped, one pasted) then published now, the editor in French, axe, and the tablet width."""

import base64
import io
import re
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from PIL import Image
from playwright.sync_api import expect

from tests.browser.checks import AXE_JS, AXE_OPTIONS, describe_violations
from tests.browser.people import log_in_to_admin, loose
from tests.helpers.untranslated import english_words

ADD_URL = "/admin/articles/article/add/"
CATEGORY = "Marketing de contenu"
PARIS = ZoneInfo("Europe/Paris")

# A file dropped onto the body, or pasted into it, as the browser hands it to the page.
GIVE_FILE = """([selector, name, type, data, how]) => {
  const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  const transfer = new DataTransfer();
  transfer.items.add(new File([bytes], name, { type }));
  const target = document.querySelector(selector);
  const box = target.getBoundingClientRect();
  const event = how === "drop"
    ? new DragEvent("drop", { dataTransfer: transfer, clientX: box.left + 4, clientY: box.bottom - 4,
                              bubbles: true, cancelable: true })
    : new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true, cancelable: true });
  target.dispatchEvent(event);
}"""


def image_data(colour, image_format="PNG"):
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), colour).save(buffer, image_format)
    return base64.b64encode(buffer.getvalue()).decode()


def body_editor(page):
    return page.locator(".prose-editor .ProseMirror[contenteditable=true]")


def give_image(page, how, colour, name="photo.png"):
    page.evaluate(GIVE_FILE, [".prose-editor .ProseMirror[contenteditable=true] > p:last-child", name, "image/png",
                              image_data(colour), how])  # fmt: skip
    dialog = page.locator("dialog.drop-dialog")
    expect(dialog).to_be_visible()
    return dialog


def describe(dialog, alt, caption, credit):
    dialog.get_by_label("Texte alternatif (obligatoire)").fill(alt)
    dialog.get_by_label("Légende").fill(caption)
    dialog.get_by_label("Crédit").fill(credit)
    dialog.get_by_role("button", name="Ajouter l’image").click()
    expect(dialog).to_have_count(0)


def choose_category(page):
    page.locator(".field-category .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill("Marketing")
    page.get_by_role("option", name=CATEGORY).click()


def box(page):
    return page.locator(".desk-box")


def test_a_writer_drafts_an_article_then_submits_it_for_review(new_context):
    page = new_context().new_page()
    log_in_to_admin(page, "julien")
    page.goto(ADD_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Nouvel article")
    # A writer neither publishes nor schedules.
    expect(box(page).get_by_role("button")).to_have_text(["Soumettre à relecture", "Enregistrer le brouillon"])
    expect(box(page).locator(".desk-schedule")).to_have_count(0)

    title = f"Mon premier article ({uuid.uuid4().hex[:6]})"
    page.locator("#id_title").fill(title)
    page.locator("#id_standfirst").fill("Ce que j’ai appris en un an de blog.")
    body_editor(page).click()
    page.keyboard.type("Un premier paragraphe, écrit d’une traite.")
    choose_category(page)
    box(page).get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.locator(".messagelist .success")).to_have_text(loose(f"Brouillon « {title} » enregistré."))
    expect(page.locator("#desk-status")).to_have_text("Brouillon")

    box(page).get_by_role("button", name="Soumettre à relecture").click()
    expect(page.locator(".messagelist .success")).to_contain_text(loose("soumis à relecture : les éditeurs"))
    # Now the editors': the writer reads where it stands and has no button left.
    expect(page.locator("#desk-status")).to_have_text("En relecture")
    expect(box(page).get_by_role("button")).to_have_count(0)


def test_an_editor_schedules_an_article_with_a_cover_and_two_figures_then_publishes_it_now(new_context):
    """From "Nouvel article" to a scheduled article with a cover and two figures, in 15 steps, the sidebar
    always in view at 1280 × 800: title (1), standfirst (2), a paragraph (3), drop an image and describe it
    (4, 5), paste one and describe it (6, 7), the category (8), the cover and its description (9, 10),
    "Programmer…" (11), the date (12), "Programmer" (13). Gutenberg takes about 21 for the same: title,
    paragraph, "+", Image, Upload, pick, alt text, caption (twice for two images: 12), the Post tab,
    Category, the excerpt panel and text, Set featured image, upload, alt text, Set, Publish, the date
    picker, the time, Schedule, Schedule again in the pre-publish panel."""
    page = new_context().new_page()
    log_in_to_admin(page, "claire")
    page.goto(ADD_URL)
    title = f"Deux figures et une couverture ({uuid.uuid4().hex[:6]})"

    page.locator("#id_title").fill(title)
    page.locator("#id_standfirst").fill("Illustrer un article sans quitter la page où l’on écrit.")
    body_editor(page).click()
    page.keyboard.type("Un paragraphe avant les images.")
    # The sidebar's buttons are in view while one writes, without scrolling.
    assert box(page).get_by_role("button", name="Publier", exact=True).bounding_box()["y"] < 800

    # An image dropped onto the body: its description is asked for in place, the alternative text first.
    dialog = give_image(page, "drop", "teal", "tunnel.png")
    dialog.get_by_role("button", name="Ajouter l’image").click()
    expect(dialog.locator(".drop-dialog__error").first).to_have_text(loose("son texte alternatif est obligatoire."))
    describe(dialog, "Un tunnel de conversion en trois étapes", "Le tunnel", "Jeanne Martin")
    # And one pasted.
    page.keyboard.press("End")
    describe(
        give_image(page, "paste", "crimson", "capture.png"), "Une capture du tableau de bord", "Le tableau", "Refbax"
    )
    expect(body_editor(page).locator("figure")).to_have_count(2)

    choose_category(page)
    cover = io.BytesIO()
    Image.new("RGB", (1600, 900), "navy").save(cover, "JPEG")
    page.locator("#id_cover").set_input_files(
        {"name": "couverture.jpg", "mimeType": "image/jpeg", "buffer": cover.getvalue()}
    )
    page.locator("#id_cover_alt").fill("Une couverture bleu nuit")

    tomorrow = datetime.now(PARIS) + timedelta(days=1)
    box(page).locator(".desk-schedule summary").click()
    box(page).get_by_label("Date et heure (heure de Paris)").fill(tomorrow.strftime("%Y-%m-%dT09:00"))
    box(page).get_by_role("button", name="Programmer", exact=True).click()
    expect(page.locator(".messagelist .success")).to_contain_text(re.compile(r"programmé pour le .* à 9\s?h\."))

    reader = new_context().new_page()
    slug = page.locator("#id_slug").input_value()
    assert reader.goto(f"/articles/{slug}/").status == 404

    box(page).get_by_role("button", name="Publier maintenant").click()
    expect(page.locator("#desk-status")).to_have_text("Publié")

    reader.goto(f"/articles/{slug}/")
    figures = reader.locator(".prose figure")
    expect(figures).to_have_count(2)
    expect(figures.nth(0).locator("img")).to_have_attribute("alt", "Un tunnel de conversion en trois étapes")
    expect(figures.nth(0).locator("figcaption")).to_contain_text("Le tunnel")
    expect(figures.nth(0).locator("figcaption")).to_contain_text("Jeanne Martin")
    expect(figures.nth(1).locator("img")).to_have_attribute("alt", "Une capture du tableau de bord")
    expect(figures.nth(1).locator("figcaption")).to_contain_text("Refbax")


def accessible_names(locator):
    return locator.evaluate_all(
        "elements => elements.filter((e) => e.offsetParent !== null)"
        ".map((e) => (e.getAttribute('aria-label') || e.textContent || '').trim())"
    )


def test_every_toolbar_button_and_dialog_of_the_editor_speaks_french(new_context):
    page = new_context().new_page()
    log_in_to_admin(page, "claire")
    page.goto(ADD_URL)
    toolbar = page.locator(".prose-editor .prose-menubar").first
    body_editor(page).click()
    page.keyboard.type("Un mot à lier")
    page.keyboard.press("Shift+Home")
    names = accessible_names(toolbar.locator("button"))
    assert names and all(names), names
    assert not [name for name in names if english_words(name) or "_" in name], names
    for expected in [
        "Gras",
        "Italique",
        "Liste à puces",
        "Insérer un lien",
        "Image de la médiathèque",
        "Annuler la dernière modification",
    ]:
        assert expected in names

    def dialog_texts(open_dialog):
        open_dialog()
        dialog = page.locator("dialog[open]")
        expect(dialog).to_be_visible()
        texts = [dialog.inner_text(), *accessible_names(dialog.locator("button, input, label"))]
        dialog.get_by_role("button", name="Annuler").click()
        expect(dialog).to_have_count(0)
        return texts

    dialogs = {
        "link": lambda: toolbar.get_by_role("button", name="Insérer un lien").click(),
        "figure": lambda: toolbar.get_by_role("button", name="Image de la médiathèque").click(),
        "table": lambda: toolbar.get_by_role("button", name="Insérer un tableau").click(),
        "dropped image": lambda: give_image(page, "drop", "olive"),
    }
    found = {name: english_words(" ".join(dialog_texts(open_dialog))) for name, open_dialog in dialogs.items()}
    assert found == {name: set() for name in dialogs}


def test_axe_finds_no_violation_on_the_writing_screen(new_context):
    found = {}
    for width in (1280, 768):
        page = new_context(viewport={"width": width, "height": 900}).new_page()
        log_in_to_admin(page, "claire")
        page.goto(ADD_URL)
        expect(body_editor(page)).to_be_visible()
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            violations = page.evaluate(
                "options => axe.run({include: [['#content']]}, options).then(results => results.violations)",
                AXE_OPTIONS,
            )
            if violations:
                found[f"{width} px, {scheme}"] = describe_violations(violations)
    assert not found, "\n".join(f"{where}:\n{report}" for where, report in found.items())


def test_the_writing_screen_fits_a_768_px_tablet(new_context):
    page = new_context(viewport={"width": 768, "height": 1024}).new_page()
    log_in_to_admin(page, "claire")
    page.goto(ADD_URL)
    expect(body_editor(page)).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 768
    title = page.locator("#id_title").bounding_box()
    assert title["width"] > 600  # the headline has the width of the screen
    # Reachable by keyboard: Tab from the title goes on through the form to the publication box.
    page.locator("#id_title").focus()
    for _step in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.closest('.desk-box') !== null"):
            break
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Publier"
