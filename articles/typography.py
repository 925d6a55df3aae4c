"""French typography, the one home of it: no line break before high punctuation or inside « »,
and curly apostrophes.

Articles get it on save (Article.derive()); every other text readers see (comments, bios,
category descriptions, the site's settings and call to action) through the `french` template
filter (articles/templatetags/french.py), which calls the same function.
"""

import re

NBSP = "\u00a0"

# Text between tags, and the tags themselves; code keeps its spaces.
_TOKEN_RE = re.compile(r"(<[^>]*>)")
_CODE_TAGS = re.compile(r"<(/?)(code|pre)\b", re.IGNORECASE)
# A space as it may reach us: typed, no-break, narrow, or as the entity the sanitizer writes.
_SPACE = r"(?:[ \u00a0\u202f]|&nbsp;|&#160;|&#xa0;)"
_RULES = [
    (re.compile(rf"{_SPACE}+([;!?])"), NBSP + r"\1"),
    (re.compile(rf"{_SPACE}+:(?=\s|$|&nbsp;)"), NBSP + ":"),
    (re.compile(rf"«{_SPACE}*"), "«" + NBSP),
    (re.compile(rf"{_SPACE}*»"), NBSP + "»"),
    # A typewriter apostrophe between two letters ("l'été", or escaped: "l&#x27;été") is an
    # apostrophe; quotes around words are left alone, so are tags' attributes (not text).
    (re.compile(r"(?<=\w)(?:'|&#x27;|&#39;|&apos;)(?=\w)"), "’"),
]


def apply_french_spacing(text: str) -> str:
    """Plain text (or the text between two tags) with French spacing and apostrophes; idempotent."""
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text


def french_typography(html: str) -> str:
    """Replace ordinary spaces before ; : ! ? and inside « » with no-break spaces, and
    apostrophes typed ' with ’.

    Only text outside <code> and <pre> changes; markup is left as it is.
    """
    parts = []
    code_depth = 0
    for token in _TOKEN_RE.split(html):
        if token.startswith("<"):
            if match := _CODE_TAGS.match(token):
                code_depth = max(0, code_depth + (-1 if match.group(1) else 1))
            parts.append(token)
        else:
            parts.append(token if code_depth else apply_french_spacing(token))
    return "".join(parts)
