"""The writing screen warns about a broken internal link while one types (redirects/writing.py, admin-links.js)."""

from playwright.sync_api import expect

from tests.browser.people import log_in_to_admin

# As the editor's own script puts a text in the body (static/js/admin-article.js, setBody).
SET_BODY = """(html) => {
  const textarea = document.querySelector("#id_body");
  const view = textarea.closest(".prose-editor")?.querySelector(".ProseMirror");
  if (view?.editor) view.editor.commands.setContent(html, { emitUpdate: true });
  else textarea.value = html;
  textarea.dispatchEvent(new Event("input", { bubbles: true }));
}"""


def test_a_broken_internal_link_is_flagged_as_one_types_and_the_flag_goes_when_it_is_fixed(new_context):
    editor = new_context().new_page()
    log_in_to_admin(editor, "claire")
    editor.goto("/admin/articles/article/add/")
    warnings = editor.locator("#aid-link-warnings")
    editor.evaluate(SET_BODY, '<p>Voir <a href="/articles/cet-article-n-existe-pas/">ce guide</a>.</p>')
    expect(warnings).to_be_visible()
    expect(warnings.locator("li.writing-aids__warning")).to_have_text(
        "Lien cassé\u00a0: /articles/cet-article-n-existe-pas/ (Aucune page à cette adresse.)"
    )
    editor.evaluate(SET_BODY, '<p>Voir <a href="/">l’accueil</a>.</p>')
    expect(warnings).to_be_hidden()
