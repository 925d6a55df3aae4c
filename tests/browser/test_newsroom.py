"""The newsroom in the browser: a figure from the media library, a backup copy after a crash,
two editors on one article, and the writing aids as the editor types.

The checks go by element ids and classes, and by the editor's French names (newsroom/editor.py).
"""

import contextlib
import io
import re
import uuid

from PIL import Image
from playwright.sync_api import Error, expect

from articles.text import count_words, truncate_at_word
from tests.browser.checks import AXE_JS, AXE_OPTIONS, describe_violations
from tests.browser.people import log_in_to_admin

ADD_URL = "/admin/articles/article/add/"
CATEGORY = "Marketing de contenu"


def jpeg(width=1600, height=900, colour="teal"):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "JPEG")
    return {"name": "photo.jpg", "mimeType": "image/jpeg", "buffer": buffer.getvalue()}


def body_editor(page):
    return page.locator(".prose-editor .ProseMirror[contenteditable=true]")


def fill_in_article(page, title):
    page.locator("#id_title").fill(title)
    page.locator("#id_standfirst").fill("Un chapô qui dit tout en deux lignes.")
    page.locator(".field-category .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill("Marketing")
    page.get_by_role("option", name=CATEGORY).click()


def save(page):
    page.get_by_role("button", name="Enregistrer le brouillon", exact=True).click()
    expect(page.locator(".messagelist .success")).to_be_visible()


def warnings(page):
    return page.locator("#aid-warnings li.writing-aids__warning")


def test_an_editor_inserts_an_image_from_the_media_library_as_a_figure(new_context):
    page = new_context().new_page()
    log_in_to_admin(page, "claire")
    page.goto(ADD_URL)
    title = f"Une figure de la médiathèque ({uuid.uuid4().hex[:6]})"
    fill_in_article(page, title)
    body_editor(page).click()
    page.keyboard.type("Avant la figure.")
    expect(warnings(page)).to_have_count(1)  # no cover yet

    # The editor's figure dialog opens the library in a popup, where she uploads the photo once.
    page.locator(".prose-editor").get_by_role("button", name="Image de la médiathèque").click()
    dialog = page.locator("dialog.prose-editor-dialog")
    with page.expect_popup() as popup:
        dialog.get_by_role("button", name="Choisir dans la médiathèque…").click()
    picker = popup.value
    alt = f"Une machine à écrire {uuid.uuid4().hex[:6]}"
    upload = picker.locator(".media-picker__upload")
    upload.locator("input[type=file]").set_input_files(jpeg())
    upload.locator("[name=alt_text]").fill(alt)
    upload.locator("[name=caption]").fill("La machine du bureau")
    upload.locator("[name=credit]").fill("Jeanne Martin")
    upload.locator("input[type=submit]").click()
    # Choosing closes the popup, at times before Chromium has acknowledged the click (an error
    # then, "target closed"); had the click failed otherwise, the popup would not close.
    with picker.expect_event("close"), contextlib.suppress(Error):
        picker.get_by_role("button", name=alt).click()

    # Back in the dialog with the image's address, alternative text and caption.
    expect(dialog.locator("[name=imageUrl]")).to_have_value(re.compile(r"^/media/library/.+\.jpg$"))
    expect(dialog.locator("[name=altText]")).to_have_value(alt)
    expect(dialog.locator("[name=caption]")).to_have_value("La machine du bureau")
    # Left without alternative text, the writing aids warn (the page will use the library's).
    dialog.locator("[name=altText]").fill("")
    dialog.get_by_role("button", name="Insérer", exact=True).click()
    expect(page.locator("#id_body")).to_have_value(re.compile(r'<figure[^>]*><img [^>]*data-file="\d+"'))
    expect(warnings(page)).to_have_count(2)

    page.get_by_role("button", name="Publier", exact=True).click()
    expect(page.locator(".messagelist .success")).to_contain_text("publié")

    # Readers get the responsive figure, with its caption and credit.
    reader = new_context().new_page()
    reader.goto("/")
    reader.get_by_role("link", name=title).first.click()
    figure = reader.locator(".prose figure.figure")
    image = figure.locator("picture img")
    expect(image).to_have_attribute("srcset", re.compile(r"480w.*800w.*1200w.*1600w"))
    expect(image).to_have_attribute("width", "1200")
    expect(image).to_have_attribute("height", "675")
    expect(image).to_have_attribute("alt", alt)
    expect(figure.locator("picture source[type='image/webp']")).to_have_count(1)
    expect(figure.locator("figcaption")).to_contain_text("La machine du bureau")
    expect(figure.locator("figcaption .figure__credit")).to_contain_text("Jeanne Martin")


def test_what_an_editor_typed_before_a_crash_is_offered_back(new_context):
    context = new_context()
    page = context.new_page()
    page.clock.install()
    log_in_to_admin(page, "claire")  # her author profile fills the form's author
    page.goto(ADD_URL)
    title = f"Sauvé de justesse ({uuid.uuid4().hex[:6]})"
    fill_in_article(page, title)
    body_editor(page).click()
    page.keyboard.type("Trois paragraphes écrits avant la panne.")

    # Thirty seconds after the change, a backup copy leaves for the server.
    with page.expect_response(lambda r: r.url.endswith("/autosave/") and r.request.method == "POST") as saved:
        page.clock.run_for(31_000)
    assert saved.value.ok
    expect(page.locator("#article-autosave-status")).not_to_be_empty()

    # The tab is gone without a word; the editor opens the form again.
    page.close()
    again = context.new_page()
    again.goto(ADD_URL)
    notice = again.locator("#article-draft")
    expect(notice).to_be_visible()
    notice.locator("[data-draft-action=restore]").click()
    expect(notice).to_be_hidden()
    expect(again.locator("#id_title")).to_have_value(title)
    expect(again.locator("#id_standfirst")).to_have_value("Un chapô qui dit tout en deux lignes.")
    expect(body_editor(again)).to_contain_text("Trois paragraphes écrits avant la panne.")

    # Saved at last: the copy has served and is not offered again.
    again.locator(".field-category .select2-selection").click()
    again.locator(".select2-container--open .select2-search__field").fill("Marketing")
    again.get_by_role("option", name=CATEGORY).click()
    save(again)
    again.goto(ADD_URL)
    expect(again.locator("#article-editing-data")).to_have_count(1)
    expect(again.locator("#article-draft")).to_have_count(0)


def test_an_ignored_copy_is_not_offered_again(new_context):
    context = new_context()
    page = context.new_page()
    page.clock.install()
    log_in_to_admin(page, "admin")
    page.goto(ADD_URL)
    page.locator("#id_title").fill("Un essai sans suite")
    with page.expect_response(lambda r: r.url.endswith("/autosave/")):
        page.clock.run_for(31_000)
    page.goto(ADD_URL)
    with page.expect_response(lambda r: r.url.endswith("/autosave/")) as discarded:
        page.locator("#article-draft [data-draft-action=discard]").click()
    assert discarded.value.ok
    expect(page.locator("#id_title")).to_have_value("")
    page.goto(ADD_URL)
    expect(page.locator("#article-draft")).to_have_count(0)


def test_two_editors_on_the_same_article_see_each_other(new_context):
    first = new_context().new_page()
    first.clock.install()
    log_in_to_admin(first, "admin")
    first.goto("/admin/articles/article/")
    address = first.locator("#result_list tbody tr th a").nth(1).get_attribute("href")
    first.goto(address)
    expect(first.locator("#article-editing-data")).to_have_count(1)
    expect(first.locator("#article-presence")).to_be_hidden()

    second = new_context().new_page()
    log_in_to_admin(second, "claire")
    second.goto(address)
    expect(second.locator("#article-presence")).to_be_visible()
    expect(second.locator("#article-presence")).to_contain_text("admin")

    # The first hears of the second at her next heartbeat.
    first.clock.run_for(21_000)
    expect(first.locator("#article-presence")).to_be_visible()
    expect(first.locator("#article-presence")).to_contain_text("Claire Morel")

    # The second closes her tab: she is gone from the first's notice at the next heartbeat.
    second.close(run_before_unload=True)
    for _attempt in range(5):
        first.clock.run_for(21_000)
        if first.locator("#article-presence").is_hidden():
            break
        first.wait_for_timeout(500)
    expect(first.locator("#article-presence")).to_be_hidden()


def test_the_writing_aids_follow_the_article_as_it_is_typed(new_context):
    page = new_context().new_page()
    log_in_to_admin(page, "claire")
    page.goto(ADD_URL)
    site_name = page.evaluate("() => JSON.parse(document.getElementById('article-editing-data').textContent).siteName")

    # Words counted as the site counts them: apostrophes and hyphens join, French punctuation is no word.
    text = "L’intelligence artificielle, aujourd’hui : peut-être « utile » ! Le 3e essai coûte 42 €, n'est-ce pas ?"
    body_editor(page).click()
    page.keyboard.type(text)
    expect(page.locator("#aid-words")).to_have_text(str(count_words(text)))
    expect(page.locator("#aid-reading-time")).to_have_text(re.compile(r"^1\s?min$"))

    # The search result: the title with the site's name, cut past about 60 characters.
    title = "Comment écrire un titre beaucoup trop long pour les moteurs de recherche actuels"
    page.locator("#id_title").fill(title)
    expect(page.locator("#search-preview-title")).to_have_text(truncate_at_word(f"{title} – {site_name}", 60))
    expect(page.locator("#search-title-count")).to_have_class(re.compile("writing-aids__over"))
    page.locator("#id_seo_title").evaluate("(input, value) => { input.value = value }", "Un titre court")
    page.locator("#id_seo_title").dispatch_event("input")
    expect(page.locator("#search-preview-title")).to_have_text(f"Un titre court – {site_name}")
    expect(page.locator("#search-title-count")).not_to_have_class(re.compile("writing-aids__over"))

    # The description: the standfirst, cut at a word as the page's meta description is.
    standfirst = "Un chapô " + "très " * 40 + "long."
    page.locator("#id_standfirst").fill(standfirst)
    expect(page.locator("#social-card-description")).to_have_text(truncate_at_word(standfirst, 160))
    expect(page.locator("#search-description-count")).to_have_class(re.compile("writing-aids__over"))

    # No cover: a warning, and a card without picture; a chosen file shows at once.
    no_cover = warnings(page).count()
    expect(page.locator("#social-card-image")).to_be_hidden()
    page.locator("#id_cover").set_input_files(jpeg(1200, 630, "crimson"))
    expect(page.locator("#social-card-image")).to_be_visible()
    expect(page.locator("#social-card-image")).to_have_attribute("src", re.compile(r"^data:image/jpeg"))
    # Still a warning, now for the cover's missing alternative text; gone once it is written.
    expect(warnings(page)).to_have_count(no_cover)
    page.locator("#id_cover_alt").fill("Une couverture rouge")
    expect(warnings(page)).to_have_count(no_cover - 1)


def test_the_article_form_aids_are_accessible_in_light_and_dark_mode(new_context):
    page = new_context().new_page()
    log_in_to_admin(page, "claire")
    page.goto(ADD_URL)
    page.locator("#id_title").fill("Un titre")
    expect(page.locator("#aid-warnings li").first).to_be_visible()
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    found = {}
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        violations = page.evaluate(
            "options => axe.run({include: [['#writing-aids'], ['#article-autosave-status']]}, options)"
            ".then(results => results.violations)",
            AXE_OPTIONS,
        )
        if violations:
            found[scheme] = describe_violations(violations)
    assert not found, "\n".join(f"{scheme} mode:\n{report}" for scheme, report in found.items())
