"""The one slug rule of the site: readable ASCII from a title or a name in any script.

Articles, authors, categories and tags (models), the WordPress import, the demo
and the admin's live slug (articles.views.slug_preview) all call french_slugify,
so a name gives the same address wherever it is typed.
"""

import re

from anyascii import anyascii
from django.utils.text import slugify

# Apostrophes, dashes, slashes and dots separate words in a slug: "L'été" -> "l-ete".
_SEPARATORS = str.maketrans({"'": " ", "–": " ", "—": " ", "/": " ", ".": " "})
# Chinese, Japanese and Korean are written without spaces; anyascii spells each sign as a
# syllable ("北京" -> "BeiJing"), kept apart here so that the slug reads "bei-jing".
_CJK = re.compile(
    "([\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002fa1f])"
)
FALLBACK = "sans-titre"


def french_slugify(text: str, max_length: int = 200) -> str:
    """ "Sécurité des API" -> "securite-des-api", "Иван Петров" -> "ivan-petrov"; never empty.

    Cut at a word boundary when longer than `max_length`.
    """
    spelled = anyascii(_CJK.sub(r" \1 ", str(text)))
    slug = slugify(spelled.translate(_SEPARATORS))
    if len(slug) > max_length:
        cut = slug[: max_length + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut[1:] else cut[:max_length]
    return slug[:max_length].strip("-") or FALLBACK


def unique_slug(instance, text: str, field: str = "slug") -> str:
    """A slug for `instance` that no other row of its model uses: base, base-2, base-3…"""
    max_length = instance._meta.get_field(field).max_length
    return unique_slug_from(instance, french_slugify(text, max_length - 6), field)


def unique_slug_from(instance, base: str, field: str = "slug") -> str:
    """`base`, or `base-2`, `base-3`… whichever no other row of the instance's model uses."""
    others = type(instance)._default_manager.exclude(pk=instance.pk)
    if not others.filter(**{field: base}).exists():  # the usual case, one look-up in the unique index
        return base
    taken = set(others.filter(**{f"{field}__startswith": base}).values_list(field, flat=True))
    slug, suffix = base, 2
    while slug in taken:
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug
