"""The "Copier le lien" and "Partager…" buttons where the browser can, and the article without JavaScript."""

import re
import time

from playwright.sync_api import expect

from tests.browser.people import loose, wait_for_the_time_trap, write_comment

# Stands in for a device's share sheet, which headless Chromium on Linux does not have.
SHARE_SHEET = """
navigator.share = (data) => {
  window.sharedWith = data;
  return window.readerCancels ? Promise.reject(new DOMException("Share canceled", "AbortError")) : Promise.resolve();
};
"""


def test_copy_link_puts_the_article_address_on_the_clipboard(new_context, site, urls):
    page = new_context(permissions=["clipboard-read", "clipboard-write"]).new_page()
    page.goto(urls["article"])
    copy = page.get_by_role("link", name="Copier le lien de cet article")
    expect(copy).to_have_text("Copier le lien")

    copy.click()

    expect(page.locator("[data-share-status]")).to_have_text("Lien copié.")
    assert page.evaluate("() => navigator.clipboard.readText()") == site(urls["article"])
    assert page.url == site(urls["article"])  # the click copies; it does not follow the link


def test_copy_link_says_so_when_the_browser_refuses(new_context, urls):
    context = new_context()
    refuse = "() => Promise.reject(new DOMException('', 'NotAllowedError'))"
    context.add_init_script(f"if (navigator.clipboard) navigator.clipboard.writeText = {refuse}")
    page = context.new_page()
    page.goto(urls["article"])

    page.get_by_role("link", name="Copier le lien de cet article").click()

    expect(page.locator("[data-share-status]")).to_have_text(loose("Le lien n’a pas pu être copié : sélectionnez"))


def test_the_share_button_shows_only_where_the_browser_has_a_share_sheet(page, urls):
    page.goto(urls["article"])
    button = page.get_by_role("button", name="Partager…")
    if page.evaluate("() => typeof navigator.share === 'function'"):
        expect(button).to_be_visible()
    else:
        expect(button).to_be_hidden()


def test_the_share_button_hands_the_article_to_the_share_sheet(new_context, site, urls):
    context = new_context()
    context.add_init_script(SHARE_SHEET)
    page = context.new_page()
    page.goto(urls["article"])
    title = page.get_by_role("heading", level=1).inner_text()

    page.get_by_role("button", name="Partager…").click()

    page.wait_for_function("() => window.sharedWith !== undefined")
    assert page.evaluate("() => window.sharedWith") == {"title": title, "url": site(urls["article"])}
    # Closing the share sheet is no error (the page watcher would report one).
    page.evaluate("() => { window.readerCancels = true; }")
    page.get_by_role("button", name="Partager…").click()
    expect(page.locator("[data-share-status]")).to_have_text("")


def test_the_article_page_works_without_javascript(new_context, site, urls):
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/")
    page.locator(".featured__title a").click()
    expect(page).to_have_url(site(urls["article"]))

    # Sharing falls back to plain links: "copy" leads to the article's address, no share button.
    expect(page.get_by_role("link", name="Copier le lien de cet article")).to_have_attribute(
        "href", site(urls["article"])
    )
    expect(page.get_by_role("button", name="Partager…")).to_be_hidden()

    # "Répondre" reloads the page with the form under that comment.
    comment = page.locator("#comments .comment-list > .comment").first
    author = comment.locator(".comment__author").first.inner_text()
    comment.get_by_role("link", name=f"Répondre à {author}").first.click()
    expect(page).to_have_url(re.compile(r"\?reply=\d+#respond$"))
    form = comment.locator("#respond")
    expect(form.get_by_role("heading")).to_have_text(f"Répondre à {author}")

    write_comment(form, "Même sans JavaScript, je peux répondre.", name="Paul Girard", email="paul@example.org")
    form.get_by_role("button", name="Publier le commentaire").click()
    # Without JavaScript no token was fetched: the form comes back once, his text kept, to confirm.
    form = page.locator("#respond")
    expect(form.get_by_role("alert")).to_have_text(loose("Pour confirmer que vous n’êtes pas un robot"))
    expect(form.get_by_role("textbox", name="Commentaire", exact=True)).to_have_value(
        "Même sans JavaScript, je peux répondre."
    )
    served_at = time.monotonic()
    wait_for_the_time_trap(served_at)
    form.get_by_role("button", name="Publier le commentaire").click()
    expect(page.locator("#comments .messages")).to_have_text(
        loose("Merci ! Votre commentaire est en attente de modération.")
    )

    # Searching is a plain form too, behind an icon that opens without JavaScript (<details>).
    page.locator(".search-toggle summary").click()
    page.get_by_role("searchbox", name="Rechercher sur le site").fill("SEO")
    page.get_by_role("button", name="Rechercher", exact=True).click()
    expect(page).to_have_url(re.compile(r"/search/\?q=SEO$"))
    expect(page.locator(".card").first).to_be_visible()
