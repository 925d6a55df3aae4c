"""The article body's editor in French, and images dropped or pasted into it.

django-prose-editor names its toolbar buttons in English ("bold", "insert link")
and asks Django's JavaScript catalogue (window.gettext) for its dialogs' words.
The buttons are named by one more editor extension, static/js/admin-editor.js,
loaded as a module with the editor's, given BUTTON_LABELS in its options; the
dialogs' words, DIALOG_WORDS, join the admin's JavaScript catalogue
(static/js/admin-editor-words.js, right after it). Both are translated by the
project's catalogue, like every other string.
"""

from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _
from django_prose_editor.widgets import AdminProseEditorWidget

# Menu item names (django_prose_editor's menu.js, link.js, table.js…) and what the buttons say.
BUTTON_LABELS = {
    "paragraph": _("Paragraph"),
    "heading2": _("Heading, level 2"),
    "heading3": _("Heading, level 3"),
    "heading4": _("Heading, level 4"),
    "bulletList": _("Bulleted list"),
    "orderedList": _("Numbered list"),
    "blockquote": _("Quotation"),
    "horizontalRule": _("Separator line"),
    "figure": _("Image from the media library"),
    "bold": _("Bold"),
    "italic": _("Italic"),
    "underline": _("Underline"),
    "strike": _("Strikethrough"),
    "subscript": _("Subscript"),
    "superscript": _("Superscript"),
    "code": _("Code"),
    "codeBlock": _("Code block"),
    "link": _("Insert a link"),
    "unlink": _("Remove the link"),
    "table": _("Insert a table"),
    "table:addColumnAfter": _("Add a column"),
    "table:deleteColumn": _("Delete the column"),
    "table:addRowAfter": _("Add a row"),
    "table:deleteRow": _("Delete the row"),
    "table:mergeCells": _("Merge the cells"),
    "table:splitCell": _("Split the cell"),
    "table:toggleHeaderCell": _("Header cell or not"),
    "table:deleteTable": _("Delete the table"),
    "history:undo": _("Undo"),
    "history:redo": _("Redo"),
    "html": _("Edit the HTML"),
    "fullscreen": _("Full screen"),
    # Not menu items: what the block-type menu's button says before the current block's name, or alone.
    "blockType": _("Kind of block:"),
    "blockTypeUnknown": _("Kind of block"),
}

# The editor's own words (its gettext calls), by their English text.
DIALOG_WORDS = {
    "Image URL": _("Image address"),
    "Browse...": _("Choose in the media library…"),
    "Alternative Text": _("Alternative text"),
    "Caption": _("Caption"),
    "Edit Figure": _("Edit the figure"),
    "Edit Image": _("Edit the image"),
    "Insert Figure": _("Insert an image"),
    "Insert": _("Insert"),
    "Update": _("Update"),
    "Cancel": _("Cancel"),
    "Remove caption": _("Remove the caption"),
    "Add caption": _("Add a caption"),
    "URL": _("Address (URL)"),
    "Title": _("Title"),
    "Open in new window": _("Open in a new window"),
    "Edit Link": _("Edit the link"),
    "Rows": _("Rows"),
    "Columns": _("Columns"),
    "Include header row": _("With a header row"),
    "Table Properties": _("Table"),
    "Insert Table": _("Insert the table"),
    "List properties": _("List properties"),
    "Start at": _("Start at"),
    "List type": _("Kind of list"),
    "Decimal numbers": _("Numbers"),
    "Lowercase letters": _("Lower-case letters"),
    "Uppercase letters": _("Capital letters"),
    "Lowercase Roman numerals": _("Lower-case Roman numerals"),
    "Uppercase Roman numerals": _("Capital Roman numerals"),
    "Bullets": _("Bullets"),
    "Toggle fullscreen": _("Full screen"),
    "Edit HTML": _("Edit the HTML"),
    "Prettify": _("Tidy up"),
    "The HTML contents of the editor. Note that the allowed HTML is restricted by the editor schema.": _(
        "The body as HTML. Only what the editor knows is kept."
    ),
}


# What the box asking for a dropped or pasted image's description says (static/js/admin-editor.js).
DROP_STRINGS = {
    "title": _("Describe the image"),
    "altText": _("Alternative text (required)"),
    "altHelp": _(
        "What the image shows, for readers who cannot see it: screen readers read it, search engines too. "
        "Without it, the image is not added."
    ),
    "caption": _("Caption"),
    "credit": _("Credit"),
    "creditHelp": _("Author or source of the image, shown under it, e.g. “Jeanne Martin / Unsplash”."),
    "insert": _("Add the image"),
    "cancel": _("Cancel"),
    "uploading": _("Sending the image…"),
    "altMissing": _("Describe the image first: its alternative text is required."),
    "failed": _("The image could not be sent: check the connection, then try again."),
    "notAnImage": _("Only images can be dropped here (JPEG, PNG, WebP or GIF)."),
}


def dialog_words():
    """{the editor's English text: its French}, for the page's "editor-words" data block."""
    return {english: str(french) for english, french in DIALOG_WORDS.items()}


class DeskEditorWidget(AdminProseEditorWidget):
    """The admin's prose editor with the writing desk's extension (French names; images dropped or pasted)."""

    def __init__(self, *args, upload_url=None, **kwargs):
        self.upload_url = upload_url
        super().__init__(*args, **kwargs)

    def get_config(self):
        config = super().get_config()
        options = {
            "labels": {name: str(label) for name, label in BUTTON_LABELS.items()},
            "uploadUrl": self.upload_url,
            "strings": {name: str(text) for name, text in DROP_STRINGS.items()},
            # The table dialog's choices, whose English text is also their value.
            "choices": {"Yes": str(_("Yes")), "No": str(_("No"))},
        }
        return {
            **config,
            "extensions": {**config["extensions"], "WritingDesk": options},
            "js_modules": [*config.get("js_modules", []), static("js/admin-editor.js")],
        }
