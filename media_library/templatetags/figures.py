from django import template

from media_library.figures import render_body

register = template.Library()


@register.filter(is_safe=True)
def with_figures(body):
    """An article's sanitized body, its media library images as responsive pictures (media_library/figures.py)."""
    return render_body(str(body))
