"""Full-text search: PostgreSQL's French configuration with unaccent, a simple fallback elsewhere.

On PostgreSQL each article stores to_tsvector('french_unaccent', title ||
standfirst || body_text) in a generated column with a GIN index (migrations
0005 and 0011), which the queries here read.
"""

import re
import unicodedata

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import BooleanField, FloatField
from django.db.models.expressions import RawSQL

CONFIG = "french_unaccent"
# A stored, generated tsvector column (PostgreSQL only, migration 0011): ranking reads it
# instead of parsing every matching article again.
VECTOR_SQL = "articles_article.search_vector"
INDEX = "article_search_idx"
CREATE_INDEX_SQL = f"CREATE INDEX IF NOT EXISTS {INDEX} ON articles_article USING gin (search_vector)"
DROP_INDEX_SQL = f"DROP INDEX IF EXISTS {INDEX}"
# Past this many matches, results come newest first: ranking them all would cost more than it helps.
MAX_RANKED = 1000
MAX_TERMS = 8
_WORD_RE = re.compile(r"\w+")


def _accent_table():
    """Each accented Latin letter (and ligature) mapped to its plain letters, for str.translate."""
    table = {ord("œ"): "oe", ord("æ"): "ae", ord("ß"): "ss", ord("ø"): "o", ord("ł"): "l", ord("đ"): "d"}
    for code in range(0xC0, 0x250):
        decomposed = unicodedata.normalize("NFKD", chr(code))
        base = "".join(char for char in decomposed if not unicodedata.combining(char))
        if base != chr(code) and base.isascii():
            table[code] = base
    return table


_ACCENTS = _accent_table()


def fold(text):
    """Lower case, without accents or ligatures: "Écrire l'Œuvre" -> "ecrire l'oeuvre".

    A translation table rather than Unicode decomposition: it runs at C speed
    over whole articles, on every row of an SQLite search.
    """
    if text is None:
        return None
    return text.casefold().translate(_ACCENTS)


def _plain(word):
    return fold(word).encode("ascii", "ignore").decode()


def word_queries(query: str) -> list[str]:
    """Each word of `query` as a tsquery matching its family, accents removed.

    French stems differ by their endings ("sécurité" -> securit, "sécuriser" ->
    securis), so a word is searched both as its own stem, which PostgreSQL's
    French stemmer works out ("référencement" -> referenc), and as a prefix a
    little shorter than itself (at least 4 letters): "sécurité" finds
    "securite" and "sécuriser".
    """
    queries = []
    for word in _WORD_RE.findall(query)[:MAX_TERMS]:
        plain = _plain(word)
        if not plain:
            continue
        size = max(4, len(plain) - 3) if len(plain) > 4 else len(plain)
        queries.append(f"({plain[:size]}:* | {plain}:*)")
    return queries


def postgres_search(queryset, query):
    """The matches, best first, and their number up to MAX_RANKED + 1."""
    words = word_queries(query)
    if not words:
        return queryset.none(), 0
    tsquery = " & ".join(words)
    matches = queryset.filter(
        RawSQL(f"{VECTOR_SQL} @@ to_tsquery('{CONFIG}'::regconfig, %s)", [tsquery], BooleanField())
    )
    total = matches.order_by()[: MAX_RANKED + 1].count()
    if total > MAX_RANKED:
        return matches.order_by("-published_at", "-pk"), total
    rank = RawSQL(f"ts_rank({VECTOR_SQL}, to_tsquery('{CONFIG}'::regconfig, %s))", [tsquery], FloatField())
    return matches.annotate(search_rank=rank).order_by("-search_rank", "-published_at", "-pk"), total


def search_document(title, standfirst, text, using=None):
    """What simple_search looks in: the folded text, or nothing where PostgreSQL searches itself."""
    if connections[using or DEFAULT_DB_ALIAS].vendor == "postgresql":
        return ""
    return fold(f"{title}\n{standfirst}\n{text}")


def simple_search(queryset, query):
    """Every word of `query` in the title, standfirst or text, ignoring case and accents.

    The fallback for SQLite: a plain substring search in the folded copy of
    each article that Article.save() stores (search_text).
    """
    words = [fold(word) for word in query.split()[:MAX_TERMS]]
    if not words:
        return queryset.none()
    for word in words:
        queryset = queryset.filter(search_text__contains=word)
    return queryset
