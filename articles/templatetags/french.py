"""The `french` filter: French typography for any text shown to readers, typed or stored as HTML."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

from articles.typography import french_typography

register = template.Library()


@register.filter(is_safe=True, needs_autoescape=True)
def french(value, autoescape=True):
    """No-break spaces before ; : ! ? and inside « », curly apostrophes.

    Plain text is escaped first (the rules only ever add characters, never markup), so the
    result is safe; HTML already marked safe keeps its tags, and the text of its <code>
    and <pre> is left as typed.
    """
    if value is None or value == "":
        return value
    if isinstance(value, SafeData):
        return mark_safe(french_typography(str(value)))
    if autoescape:
        return mark_safe(french_typography(str(conditional_escape(value))))
    return french_typography(str(value))
