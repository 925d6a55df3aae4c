"""Plain text and word counts from article HTML, shared by search and reading time."""

import re
from html.parser import HTMLParser

# Elements whose content is never read by a person.
_INVISIBLE = {"script", "style", "template", "head", "title"}
# Elements that separate words even when the markup has no space around them.
_BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "li", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
}  # fmt: skip

# A word is a run of letters or digits, joined across apostrophes and hyphens
# ("l'intelligence", "aujourd’hui", "peut-être" are one word each). French
# spaced punctuation (« », :, !, —) is therefore never counted as a word.
WORD_RE = re.compile(r"\w+(?:['’\-]\w+)*")


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.images = 0
        self._hidden_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in _INVISIBLE:
            self._hidden_depth += 1
        elif tag == "img":
            self.images += 1
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in _INVISIBLE:
            self._hidden_depth -= 1

    def handle_endtag(self, tag):
        if tag in _INVISIBLE and self._hidden_depth:
            self._hidden_depth -= 1
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._hidden_depth:
            self.parts.append(data)


def _extract(html):
    parser = _TextExtractor()
    parser.feed(html or "")
    parser.close()
    return parser


def html_to_text(html: str) -> str:
    """The visible text of an HTML fragment, whitespace collapsed."""
    text = "".join(_extract(html).parts)
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def count_words(text: str) -> int:
    return len(WORD_RE.findall(text))


def visible_words_and_images(html: str) -> tuple[int, int]:
    parser = _extract(html)
    return count_words("".join(parser.parts)), parser.images


_ASCII_SPACES_RE = re.compile(r"[ \t\r\n\f\v]+")


def truncate_at_word(text: str, limit: int) -> str:
    """`text` on one line and at most `limit` characters long, "…" included, never cut inside a word.

    Only ordinary spaces are cut points: a French no-break space keeps « : ; ! ? »
    with the word before them.
    """
    text = _ASCII_SPACES_RE.sub(" ", text).strip()
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    head = text[:cut] if cut > 0 else text[: limit - 1]
    return head.rstrip(" ,;:–—-\u00a0\u202f") + "…"
