"""Block-editor footnotes (WordPress 6.3+) made into a "Notes" list the article keeps.

WordPress stores the notes' text in the post's `footnotes` meta (JSON) and shows them
where the `<!-- wp:footnotes /-->` block stands; the text only holds numbered links
(`<sup data-fn="…"><a href="#…">1</a></sup>`). Bodies keep no ids (articles/sanitize.py),
so the numbers stay as plain superscripts and the notes follow as a numbered list.
"""

import json
import re

from django.utils.translation import gettext as _

_REFERENCE = re.compile(r"""<sup\b[^>]*?\bdata-fn=(["'])(?P<id>[^"']+)\1[^>]*>.*?</sup>""", re.IGNORECASE | re.DOTALL)
_BLOCK = re.compile(r"<!--\s*wp:footnotes\b[^>]*?(?:/-->|-->.*?<!--\s*/wp:footnotes\s*-->)", re.DOTALL)


def _notes(meta_value, note):
    """{id: text} of the footnotes meta, in its order; {} with a note when it cannot be read."""
    if not (meta_value or "").strip():
        return {}
    try:
        entries = json.loads(meta_value)
        return {str(entry["id"]): str(entry.get("content", "")) for entry in entries}
    except (ValueError, TypeError, KeyError, AttributeError):
        note(_("the footnotes’ text (meta “footnotes”) cannot be read: their numbers are kept"))
        return {}


def convert_footnotes(content: str, meta_value: str | None, note) -> str:
    """`content` with its footnote links made into numbers and the notes written where the block stood."""
    if "data-fn=" not in content and not (meta_value or "").strip():
        return content
    notes = _notes(meta_value, note)
    numbers = {}  # id -> number, in the order the text refers to them

    def number(match):
        number = numbers.setdefault(match["id"], len(numbers) + 1)
        return f"<sup>{number}</sup>"

    content = _REFERENCE.sub(number, content)
    missing = [str(numbers[ref]) for ref in numbers if ref not in notes]
    if missing and notes:
        note(_("footnotes without text in the export: %(numbers)s") % {"numbers": ", ".join(missing)})
    for ref in notes:  # notes the text does not refer to still belong to the article
        numbers.setdefault(ref, len(numbers) + 1)
    items = "".join(f"<li>{notes[ref]}</li>" for ref in sorted(numbers, key=numbers.get) if ref in notes)
    heading = _("Notes")
    section = f"\n<h2>{heading}</h2>\n<ol>{items}</ol>\n" if items else ""
    if _BLOCK.search(content):
        return _BLOCK.sub(lambda match: section, content, count=1)
    return content + section
