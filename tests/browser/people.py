"""What people do in the browser that several journeys share."""

import re
import time

from playwright.sync_api import expect

from refbax.management.commands.demo import DEMO_PASSWORD
from tests.browser.checks import COMMENT_MIN_SECONDS


def loose(text):
    """A pattern for French UI text, whose spaces may be no-break ones (before « ! ? : » and inside « »)."""
    return re.compile(r"\s+".join(re.escape(word) for word in text.split()))


def log_in_to_admin(page, username):
    """Log in with the demo password (right the first time: five failures lock the account out)."""
    page.goto("/admin/")
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    expect(page.locator("#user-tools").get_by_role("button", name="Déconnexion")).to_be_visible()


def wait_for_the_time_trap(form_served_at):
    """A comment sent back faster than COMMENTS_MIN_SECONDS is taken for a robot's; a person types longer."""
    time.sleep(max(0.0, form_served_at + COMMENT_MIN_SECONDS - time.monotonic()))


def write_comment(form, text, *, name=None, email=None, remember=False):
    """Fill in the comment form (name and e-mail only when given: a returning reader finds them filled)."""
    if name is not None:
        form.get_by_role("textbox", name="Nom", exact=True).fill(name)
    if email is not None:
        form.get_by_role("textbox", name="E-mail", exact=True).fill(email)
    form.get_by_role("textbox", name="Commentaire", exact=True).fill(text)
    if remember:
        form.get_by_role("checkbox", name=loose("Enregistrer mon nom et mon e-mail")).check()
