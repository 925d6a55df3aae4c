"""Full-text search: PostgreSQL's French configuration with unaccent, a simple fallback elsewhere.

On PostgreSQL the documents are indexed (GIN, migration 0005) as
to_tsvector('french_unaccent', title || standfirst || body_text); the same
expression is searched here, so that the index serves the query.
"""

import re
import unicodedata

from django.db.models import BooleanField, FloatField, Func, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat

CONFIG = "french_unaccent"
DOCUMENT_SQL = (
    f"to_tsvector('{CONFIG}'::regconfig, "
    "coalesce(articles_article.title, '') || ' ' || coalesce(articles_article.standfirst, '') || ' ' || "
    "coalesce(articles_article.body_text, ''))"
)
MAX_TERMS = 8
_WORD_RE = re.compile(r"\w+")


# Letters that Unicode decomposition does not reduce to ASCII.
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o"})


def fold(text):
    """Lower case, without accents or ligatures: "Écrire l'Œuvre" -> "ecrire l'oeuvre"."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LIGATURES))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _plain(word):
    return fold(word).encode("ascii", "ignore").decode()


def prefix_terms(query: str) -> list[str]:
    """Each word of `query` cut to a stem-like prefix, accents removed.

    French stems differ by their endings ("sécurité" -> securit, "sécuriser" ->
    securis), so each word is searched as a prefix a little shorter than itself
    (at least 4 letters): "sécurité" finds "securite" and "sécuriser".
    """
    terms = []
    for word in _WORD_RE.findall(query)[:MAX_TERMS]:
        plain = _plain(word)
        if not plain:
            continue
        size = max(4, len(plain) - 3) if len(plain) > 4 else len(plain)
        terms.append(plain[:size])
    return terms


def postgres_search(queryset, query):
    terms = prefix_terms(query)
    if not terms:
        return queryset.none()
    tsquery = " & ".join(f"{term}:*" for term in terms)
    matches = RawSQL(f"{DOCUMENT_SQL} @@ to_tsquery('{CONFIG}'::regconfig, %s)", [tsquery], BooleanField())
    rank = RawSQL(f"ts_rank({DOCUMENT_SQL}, to_tsquery('{CONFIG}'::regconfig, %s))", [tsquery], FloatField())
    return queryset.filter(matches).annotate(search_rank=rank).order_by("-search_rank", "-published_at", "-pk")


def simple_search(queryset, query):
    """Every word of `query` in the title, standfirst or text, ignoring case and accents.

    SQLite's fallback: the FOLD function (registered on each SQLite connection
    by articles/apps.py) folds the documents as `fold` folds the words.
    """
    words = [fold(word) for word in query.split()[:MAX_TERMS]]
    if not words:
        return queryset.none()
    document = Func(
        Concat("title", Value(" "), "standfirst", Value(" "), "body_text", output_field=TextField()),
        function="REFBAX_FOLD",
        output_field=TextField(),
    )
    queryset = queryset.alias(search_document=document)
    for word in words:
        queryset = queryset.filter(search_document__contains=word)
    return queryset
