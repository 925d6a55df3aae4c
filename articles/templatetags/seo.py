"""Head metadata: what search engines and social networks read of a page."""

import re

from django import template
from django.utils.safestring import mark_safe

from articles import structured_data
from articles.models import META_DESCRIPTION_LENGTH
from articles.text import truncate_at_word
from site_settings.address import absolute_url

register = template.Library()

# Not str.split(): French no-break spaces must survive.
_ASCII_SPACES_RE = re.compile(r"[ \t\r\n\f\v]+")


class CaptureNode(template.Node):
    child_nodelists = ("nodelist",)  # blocks inside stay overridable by child templates

    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        # Rendered template output is already escaped: keep it from being escaped twice.
        context[self.name] = mark_safe(_ASCII_SPACES_RE.sub(" ", self.nodelist.render(context)).strip())
        return ""


@register.tag
def capture(parser, token):
    """{% capture as name %}…{% endcapture %}: the rendered content, on one line, in `name`.

    The base template captures its title, description and canonical blocks once,
    so the <title>, OpenGraph and canonical tags can never disagree.
    """
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage: {% capture as name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.filter
def absolute(url):
    return absolute_url(str(url))


@register.filter
def iso_datetime(moment):
    return structured_data.iso_datetime(moment)


@register.filter
def meta_description(text):
    """`text` as a search engine's snippet: one line, cut at a word, 160 characters at most."""
    return truncate_at_word(str(text), META_DESCRIPTION_LENGTH)


@register.simple_tag(takes_context=True)
def article_json_ld(context, article, tags):
    site = context["site"]
    return structured_data.json_ld_script(
        [structured_data.blog_posting(article, tags, site), structured_data.breadcrumbs(article)]
    )


@register.simple_tag(takes_context=True)
def website_json_ld(context):
    return structured_data.json_ld_script(structured_data.website(context["site"]))
