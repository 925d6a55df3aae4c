"""A reader's comment waits for a moderator, who approves it in one click; then it gets a reply."""

import re
import time
import uuid

from playwright.sync_api import expect

from tests.browser.checks import KEPT_COMMENT
from tests.browser.people import log_in_to_admin, loose, wait_for_the_time_trap, write_comment

HELD = loose("Merci ! Votre commentaire est en attente de modération.")
PUBLISHED = loose("Merci ! Votre commentaire est publié.")


def test_a_held_comment_is_approved_in_one_click_and_gets_a_threaded_reply(new_context, urls):
    article = urls["related"][0]
    text = f"Merci pour ces conseils, je teste dès demain ({uuid.uuid4().hex[:8]})."
    reader = new_context().new_page()
    reader.goto(article)
    count_before = reader.locator(".comment").count()

    # The form's token is fetched as she starts writing.
    served_at = time.monotonic()
    write_comment(reader.locator("#respond"), text, name="Inès Fournier", email="ines@example.org", remember=True)
    wait_for_the_time_trap(served_at)
    reader.get_by_role("button", name="Publier le commentaire").click()

    # Held: the reader is told so, and sees her comment in place, awaiting moderation; nobody else does.
    expect(reader).to_have_url(re.compile(re.escape(article) + r"#comment-\d+$"))
    expect(reader.locator("#comments .messages")).to_have_text(HELD)
    mine = reader.locator(".comment--awaiting", has_text=text)
    expect(mine.locator(".comment__awaiting")).to_have_text(loose("En attente de modération"))
    other = new_context().new_page()
    other.goto(article)
    expect(other.get_by_text(text)).to_have_count(0)

    # The moderator follows the dashboard's count of waiting comments and approves this one in a click.
    moderator = new_context().new_page()
    log_in_to_admin(moderator, "modo")
    moderator.get_by_role("link", name=loose("attendent votre modération")).or_(
        moderator.get_by_role("link", name=loose("attend votre modération"))
    ).click()
    row = moderator.locator("#result_list tbody tr", has_text=text)
    row.get_by_role("button", name="Approuver").click()
    expect(moderator.locator(".messagelist")).to_contain_text(loose("Commentaire de Inès Fournier : Approuvé."))
    expect(moderator.locator("#result_list tbody tr", has_text=text)).to_have_count(0)  # the list showed pending ones

    # The reader reloads: the comment is there, under their name.
    reader.reload()
    comment = reader.locator(".comment", has_text=text)
    expect(comment).to_be_visible()
    expect(comment.locator(".comment__author").first).to_have_text("Inès Fournier")
    assert reader.locator(".comment").count() == count_before + 1

    # A reply, from the comment's own "Répondre": the form moves under it, name and e-mail remembered.
    comment.get_by_role("link", name="Répondre à Inès Fournier").first.click()
    form = reader.locator("#respond")
    expect(form.get_by_role("heading")).to_have_text("Répondre à Inès Fournier")
    expect(form.get_by_role("textbox", name="Commentaire", exact=True)).to_be_focused()
    expect(form.get_by_role("textbox", name="Nom", exact=True)).to_have_value("Inès Fournier")
    reply = f"Et je reviens raconter le résultat ({uuid.uuid4().hex[:8]})."
    served_at = time.monotonic()
    write_comment(form, reply)
    wait_for_the_time_trap(served_at)
    form.get_by_role("button", name="Publier le commentaire").click()

    # Her comment approved, the browser that remembers her proves it: the reply is published at once,
    # inside the thread of the comment it answers.
    expect(reader.locator("#comments .messages")).to_have_text(PUBLISHED)
    threaded = comment.locator(":scope > .comment-list--replies > .comment", has_text=reply)
    expect(threaded).to_be_visible()
    assert reader.url.endswith(f"#{threaded.get_attribute('id')}")


def test_a_form_sent_back_with_errors_opens_at_the_form_with_each_error_read_with_its_field(page, visit):
    visit(page, "comment-form-with-errors")

    form = page.locator("#respond")
    expect(form).to_be_in_viewport()  # not at the top of a long article, far from the errors
    for name in ("Nom", "E-mail", "Commentaire"):
        field = form.get_by_role("textbox", name=name, exact=True)
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(field).to_have_accessible_description(re.compile("Ce champ est obligatoire"))
    expect(form.get_by_role("textbox", name="Site web")).not_to_have_attribute("aria-invalid", "true")


def test_cancelling_a_reply_puts_the_form_back_under_the_comments(page, urls):
    page.goto(urls["article"])
    form = page.locator("#respond")
    first = page.locator("#comments .comment-list > .comment").first
    author = first.locator(".comment__author").first.inner_text()

    first.get_by_role("link", name=f"Répondre à {author}").first.click()
    expect(first.locator("#respond")).to_be_visible()
    form.get_by_role("link", name="Annuler la réponse").click()

    expect(first.locator("#respond")).to_have_count(0)
    expect(page.locator("#comments > #respond")).to_be_visible()
    expect(form.get_by_role("heading")).to_have_text("Laisser un commentaire")
    expect(form.locator("input[name=parent]")).to_have_value("")


def test_a_flood_gets_429_and_the_comment_back_to_post_later(page, visit):
    response = visit(page, "too-many-comments")

    assert response.status == 429
    expect(page.get_by_role("heading", level=1)).to_have_text("Trop de commentaires en peu de temps")
    expect(page.get_by_role("textbox", name="Votre commentaire")).to_have_value(KEPT_COMMENT)
