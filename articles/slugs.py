"""Readable ASCII slugs for French titles."""

from django.utils.text import slugify

# Letters that Unicode decomposition does not turn into ASCII.
_LIGATURES = str.maketrans(
    {
        "œ": "oe",
        "Œ": "Oe",
        "æ": "ae",
        "Æ": "Ae",
        "ß": "ss",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "ł": "l",
    }
)
# Apostrophes and dashes separate words in a slug: "L'été" -> "l-ete".
_SEPARATORS = str.maketrans({"'": " ", "’": " ", "–": " ", "—": " ", "/": " ", ".": " "})


def french_slugify(text: str, max_length: int = 200) -> str:
    """ "Sécurité des API" -> "securite-des-api"; never empty."""
    slug = slugify(str(text).translate(_LIGATURES).translate(_SEPARATORS))
    return slug[:max_length].strip("-") or "sans-titre"


def unique_slug(instance, text: str, field: str = "slug") -> str:
    """A slug for `instance` that no other row of its model uses: base, base-2, base-3…"""
    max_length = instance._meta.get_field(field).max_length
    base = french_slugify(text, max_length - 6)
    others = type(instance)._default_manager.exclude(pk=instance.pk)
    taken = set(others.filter(**{f"{field}__startswith": base}).values_list(field, flat=True))
    slug, suffix = base, 2
    while slug in taken:
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug
