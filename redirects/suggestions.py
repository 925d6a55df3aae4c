"""Where a missing address probably meant to go: the closest published pages, by words and edit distance.

For the 404 log in the admin. The words of the path (accents folded, short and
common words left out) pick candidates among published articles, categories,
tags and authors, by the start of each word, so that a typo still finds its
page; candidates are then ranked by the likeness of the slug to the path's last
segment and by the words they share with it.
"""

import re
from difflib import SequenceMatcher

from django.db.models import Q
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article, Author, Category
from articles.search import fold

LIMIT = 3
CANDIDATES = 50
MAX_WORDS = 6
# The start of a word that candidates must contain: "referencment" still finds "referencement".
STEM_LENGTH = 5
STOP_WORDS = {"les", "des", "une", "pour", "dans", "avec", "sur", "par", "aux", "the", "and", "html", "php", "www"}
WORD_RE = re.compile(r"[a-z0-9]+")


def path_words(path):
    """The words of a path worth matching: "/2019/05/Référencement-Local.html" -> ["referencement", "local"]."""
    words = WORD_RE.findall(fold(path.split("?", 1)[0]))
    return [word for word in words if len(word) >= 3 and not word.isdecimal() and word not in STOP_WORDS][:MAX_WORDS]


def _segment(path):
    segments = [segment for segment in path.split("?", 1)[0].split("/") if segment]
    return fold(segments[-1]).rsplit(".", 1)[0] if segments else ""


def _score(segment, words, slug, title):
    likeness = SequenceMatcher(None, segment, slug, autojunk=False).ratio()
    theirs = set(WORD_RE.findall(fold(f"{slug} {title}")))
    stems = {other[:STEM_LENGTH] for other in theirs}
    shared = sum(1 for word in words if word in theirs or word[:STEM_LENGTH] in stems)
    return likeness + shared / max(len(words), 1)


def suggest(path, limit=LIMIT):
    """[(url, title)] of at most `limit` published pages that `path` probably meant, best first."""
    words = path_words(path)
    if not words:
        return []
    stems = {word[:STEM_LENGTH] for word in words}

    def matching(*fields):
        condition = Q()
        for stem in stems:
            for field in fields:
                condition |= Q(**{f"{field}__icontains": stem})
        return condition

    found = []
    articles = Article.objects.published().filter(matching("slug", "title")).only("slug", "title")
    found += [(article.get_absolute_url(), article.slug, article.title) for article in articles[:CANDIDATES]]
    for model, name in ((Category, "name"), (Tag, "name"), (Author, "name")):
        rows = model.objects.filter(matching("slug", name)).values_list("slug", name)[:CANDIDATES]
        url_name = {Category: "category", Tag: "tag", Author: "author"}[model]
        found += [(_url(url_name, slug), slug, title) for slug, title in rows]
    segment = _segment(path)
    ranked = sorted(found, key=lambda row: (-_score(segment, words, row[1], row[2]), row[0]))
    unique = {}
    for url, _slug, title in ranked:
        if url != path:
            unique.setdefault(url, str(title))
    return list(unique.items())[:limit]


def _url(url_name, slug):
    return reverse(f"articles:{url_name}", kwargs={"slug": slug})
