from django import template
from django.utils.html import linebreaks, urlize
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def comment_text(body):
    """A comment's plain text as HTML: everything escaped, line breaks kept, URLs linked.

    urlize escapes the text and writes the only <a> tags there can be, so adding
    the rel attribute to them is safe.
    """
    html = urlize(body, nofollow=False, autoescape=True)
    html = html.replace("<a href=", '<a rel="nofollow ugc noopener" href=')
    return mark_safe(linebreaks(html))
