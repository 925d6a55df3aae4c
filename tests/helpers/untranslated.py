"""English words left on a French page: the check of the admin's pages and of the article editor's names."""

import re

from bs4 import BeautifulSoup

# English words an admin page might leave untranslated, none of which is also a French word.
_ENGLISH = """
    the and with without your you this that these those from which what when where who are was were has have
    add added change changed changes delete deleted select selected save saved search view history none available
    show hide yes today clear choose remove edit insert bold italic paragraph heading link links update cancel close
    new results task tasks logout password welcome home recent my draft published scheduled review title body
    slug cover axes taggit backend filter filters item items object objects required optional upload browse
    caption alternative text submit publish unpublish undo redo table row rows column columns header
    author authors category categories comments approve approved reject spam pending blocked word words list
"""
ENGLISH_WORDS = set(_ENGLISH.split())
NAMING_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")


def english_words(html):
    """The English words of a page's text and of the names its controls are given, user input left out."""
    soup = BeautifulSoup(html, "html.parser")
    for element in soup(["script", "style", "template", "textarea", "noscript", "code", "kbd", "samp"]):
        element.decompose()
    texts = [soup.get_text(" ")]
    for element in soup.find_all(True):
        texts += [element[name] for name in NAMING_ATTRIBUTES if element.get(name)]
        if element.name == "input" and element.get("type") in {"submit", "button", "reset"}:
            texts.append(element.get("value", ""))
    return {word for text in texts for word in re.findall(r"[A-Za-z]+", text) if word.lower() in ENGLISH_WORDS}
