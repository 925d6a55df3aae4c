from django import template

from media_library import renditions

register = template.Library()


@register.inclusion_tag("includes/picture.html")
def picture(image, image_renditions, *, alt="", sizes="100vw", width=None, height=None, priority=False, css_class=""):
    """A responsive <img> (in a <picture> with a WebP <source>) for an image field and its renditions.

    `priority` marks the page's main image (fetched first, never lazy); `width`
    and `height` are the original's, used only when it has no renditions.
    """
    return {
        "picture": renditions.picture(image, image_renditions, width, height),
        "alt": alt,
        "sizes": sizes,
        "priority": priority,
        "css_class": css_class,
    }
