"""WordPress post content made into the HTML that Refbax stores.

WordPress keeps content half-made and finishes it on display: classic posts have
no paragraphs (wpautop adds them), block posts carry <!-- wp:… --> comments, and
both use shortcodes that plugins expand. Here all of that becomes plain HTML;
Article.save() then applies the same allow-list as to an editor's text, so
nothing here needs to be trusted. Pure functions: no database, no files.
"""

import html
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from wordpress.footnotes import convert_footnotes

# --- wpautop, ported from WordPress (wp-includes/formatting.php) -----------------------------

_ALLBLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre"
    r"|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section"
    r"|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)"
)
_PRE_BLOCK = re.compile(r"<pre\b.*?</pre>", re.IGNORECASE | re.DOTALL)
_AUTOP_RULES = [
    (re.compile(r"<p>\s*</p>"), ""),
    (re.compile(r"<p>([^<]+)</(div|address|form)>"), r"<p>\1</p></\2>"),
    (re.compile(rf"<p>\s*(</?{_ALLBLOCKS}[^>]*>)\s*</p>"), r"\1"),
    (re.compile(r"<p>(<li.+?)</p>"), r"\1"),
    (re.compile(r"<p><blockquote([^>]*)>", re.IGNORECASE), r"<blockquote\1><p>"),
    (re.compile(r"</blockquote></p>"), "</p></blockquote>"),
    (re.compile(rf"<p>\s*(</?{_ALLBLOCKS}[^>]*>)"), r"\1"),
    (re.compile(rf"(</?{_ALLBLOCKS}[^>]*>)\s*</p>"), r"\1"),
]


def autop(text: str) -> str:
    """Paragraphs from blank lines and <br> from single line breaks, as WordPress shows classic posts.

    Block-level elements are left unwrapped and <pre> keeps its line breaks.
    """
    if not text.strip():
        return ""
    stash = []

    def keep(match):
        stash.append(match.group())
        return f'<pre data-autop="{len(stash) - 1}"></pre>'

    text = _PRE_BLOCK.sub(keep, text.replace("\r\n", "\n").replace("\r", "\n") + "\n")
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text)
    text = re.sub(rf"(<{_ALLBLOCKS}[\s/>])", r"\n\n\1", text)
    text = re.sub(rf"(</{_ALLBLOCKS}>)", r"\1\n\n", text)
    text = re.sub(r"(<hr\s*?/?>)", r"\1\n\n", text)
    text = re.sub(r"<[^>]*>", lambda tag: tag.group().replace("\n", " "), text)  # line breaks inside tags
    text = re.sub(r"\s*(<figcaption[^>]*>)", r"\1", text)
    text = re.sub(r"</figcaption>\s*", "</figcaption>", text)
    text = re.sub(r"\n\n+", "\n\n", text)
    chunks = [chunk for chunk in re.split(r"\n\s*\n", text) if chunk]
    text = "".join(f"<p>{chunk.strip(chr(10))}</p>\n" for chunk in chunks)
    for pattern, replacement in _AUTOP_RULES:
        text = pattern.sub(replacement, text)
    text = re.sub(r"<br\s*/?>", "<br />", text)
    text = re.sub(r"(?<!<br />)\s*\n", "<br />\n", text)
    text = re.sub(rf"(</?{_ALLBLOCKS}[^>]*>)\s*<br />", r"\1", text)
    text = re.sub(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text)
    text = re.sub(r"\n</p>$", "</p>", text)
    return re.sub(r'<pre data-autop="(\d+)"></pre>', lambda match: stash[int(match[1])], text)


# --- shortcodes ---------------------------------------------------------------------------------

_SHORTCODE = re.compile(
    r"\[(?P<open>\[?)(?P<name>[A-Za-z][\w-]*)(?P<attrs>(?:[\s=][^\]]*?)?)(?P<selfclosing>/)?\]"
    r"(?(selfclosing)|(?:(?P<content>.*?)\[/(?P=name)\])?)(?P<close>\]?)",
    re.DOTALL,
)
_ATTRIBUTE = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)"""
    r"""|"([^"]*)"(?:\s|$)|'([^']*)'(?:\s|$)|(\S+)(?:\s|$)"""
)
# SyntaxHighlighter and friends: [php]…[/php], [sourcecode language="css"]…[/sourcecode].
_CODE_NAMES = (
    "code|sourcecode|source|php|python|py|js|javascript|jscript|ts|typescript|css|scss|sass|html|xml|xhtml"
    "|bash|shell|sh|sql|java|ruby|rb|go|perl|c|cpp|csharp|diff|json|yaml|powershell|ps|plain|text"
)
_CODE_SHORTCODE = re.compile(rf"\[(?P<name>{_CODE_NAMES})\b[^\]]*\](?P<code>.*?)\[/(?P=name)\]", re.DOTALL)
# Shortcodes without attributes that plugins commonly register; other bare [words] stay as text.
_BARE_SHORTCODES = {"toc", "ez-toc", "lwptoc", "no_toc", "fusion_builder_container", "clear", "divider"}
_MEDIA_SHORTCODES = {"embed", "video", "audio", "youtube", "vimeo", "dailymotion", "soundcloud", "tweet"}
_URL = re.compile(r"https?://[^\s\"'<>\]]+")
_IFRAME = re.compile(
    r"<iframe\b[^>]*?\ssrc=([\"'])(?P<src>https?://[^\"']+)\1[^>]*>(?:.*?</iframe>)?", re.IGNORECASE | re.DOTALL
)
_URL_LINE = re.compile(r"^[ \t]*(https?://[^\s<>\"]+)[ \t]*$", re.MULTILINE)
_CAPTION_IMAGE = re.compile(r"^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", re.IGNORECASE | re.DOTALL)
# Inside these, text is shown as written: no shortcode, link or paragraph is made there.
_VERBATIM = re.compile(r"<(pre|code)\b.*?</\1>", re.IGNORECASE | re.DOTALL)
_BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:.*?-->", re.DOTALL)
_MORE = re.compile(r"<!--more(.*?)?-->")
_MARKERS = re.compile(r"<!--(?:more.*?|nextpage|noteaser)-->")


@dataclass
class Converted:
    html: str
    notes: list[str] = field(default_factory=list)  # what the report should tell about this content
    teaser: str = ""  # the converted HTML before <!--more-->, when there is one


@dataclass
class _Context:
    attachments: Mapping
    post_id: int | None
    notes: list[str]
    kept: list[tuple[str, str]] = field(default_factory=list)
    # Placeholders carry a random key: content cannot forge one to loop or crash the restore.
    key: str = field(default_factory=lambda: secrets.token_hex(8))

    def note(self, message):
        if message not in self.notes:
            self.notes.append(message)

    def keep(self, tag, markup):
        """A placeholder for markup that later steps must not touch (a block element for a <pre>)."""
        placeholder = f'<{tag} data-kept="{self.key}-{len(self.kept)}"></{tag}>'
        self.kept.append((placeholder, markup))
        return placeholder

    def restore(self, text):
        # Newest first: a kept <pre> may hold the placeholder of a code shortcode kept before it.
        for placeholder, markup in reversed(self.kept):
            text = text.replace(placeholder, markup, 1)
        return text


def convert(
    content: str, *, attachments: Mapping | None = None, post_id: int | None = None, footnotes: str | None = None
) -> Converted:
    """The HTML of a post's content, shortcodes expanded, paragraphs rebuilt for classic posts.

    `attachments` maps WordPress ids to attachments (url, alt, title, caption,
    parent), for [gallery]; `post_id` finds the images attached to the post when a
    gallery lists none; `footnotes` is the post's footnotes meta (block editor).
    """
    content = (content or "").replace("\r\n", "\n").replace("\r", "\n")
    context = _Context(attachments or {}, post_id, [])
    html_out = _convert(convert_footnotes(content, footnotes, context.note), context)
    teaser = ""
    if _MORE.search(content):
        teaser = _convert(_MORE.split(content, maxsplit=1)[0], _Context(attachments or {}, post_id, []))
    return Converted(html_out, context.notes, teaser)


def _convert(content, context):
    is_blocks = "<!-- wp:" in content
    text = _MARKERS.sub("", _BLOCK_COMMENT.sub("", content))
    text = _CODE_SHORTCODE.sub(lambda match: context.keep("pre", _code_block(match["code"])), text)
    text = _VERBATIM.sub(lambda match: context.keep(match[1].lower(), match.group()), text)
    text = _IFRAME.sub(lambda match: _link_paragraph(_watch_url(html.unescape(match["src"]))), text)
    text = _shortcodes(text, context)
    text = _URL_LINE.sub(lambda match: _link_paragraph(html.unescape(match[1])), text)
    # Block posts already have their paragraphs; only the blank lines of their comments remain.
    text = re.sub(r"\n{3,}", "\n\n", text) if is_blocks else autop(text)
    return context.restore(text).strip()


def _shortcodes(text, context):
    def replace(match):
        name = match["name"].lower()
        if match["open"] and match["close"]:  # [[gallery]] is how WordPress writes a literal [gallery]
            return match.group()[1:-1]
        attrs, positional = parse_attributes(match["attrs"])
        content = match["content"]
        if name in {"caption", "wp_caption"}:
            return match["open"] + _caption(attrs, _shortcodes(content or "", context)) + match["close"]
        if name == "gallery":
            return match["open"] + _gallery(attrs, context) + match["close"]
        if name in _MEDIA_SHORTCODES:
            return match["open"] + _media_link(name, attrs, positional, content, context) + match["close"]
        if not _looks_like_shortcode(name, match["attrs"], content):
            return match.group()  # "[sic]" is text
        context.note(
            (
                _("shortcode [%(name)s] removed, its text kept")
                if (content or "").strip()
                else _("shortcode [%(name)s] removed")
            )
            % {"name": name}
        )
        return match["open"] + _shortcodes(content or "", context) + match["close"]

    return _SHORTCODE.sub(replace, text)


def _looks_like_shortcode(name, raw_attrs, content):
    """Whether [name …] is a plugin's shortcode rather than text between brackets ("[sic]", "[click here]")."""
    return (
        content is not None
        or "=" in raw_attrs
        or '"' in raw_attrs
        or "_" in name
        or "-" in name
        or name.lower() in _BARE_SHORTCODES
    )


def parse_attributes(raw: str) -> tuple[dict[str, str], list[str]]:
    """Named and positional attributes of a shortcode, as WordPress's shortcode_parse_atts reads them."""
    # The visual editor turns quotes into curly ones and spaces into no-break ones.
    raw = html.unescape(raw or "").translate({0x201C: '"', 0x201D: '"', 0x2033: '"', 0x2032: "'", 0xA0: " "})
    raw = raw.lstrip("=")  # Jetpack's [youtube=https://…]
    named, positional = {}, []
    for match in _ATTRIBUTE.finditer(raw.strip() + " "):
        if match[1]:
            named[match[1].lower()] = match[2]
        elif match[3]:
            named[match[3].lower()] = match[4]
        elif match[5]:
            named[match[5].lower()] = match[6]
        else:
            positional.append(next(value for value in match.groups()[6:] if value is not None))
    return named, positional


def _escape(value):
    return html.escape(value or "", quote=True)


def _caption(attrs, content):
    match = _CAPTION_IMAGE.match(content)
    if not match:  # a caption without an image: keep its text
        return content.strip()
    image, caption = match[1], match[2].strip() or attrs.get("caption", "").strip()
    image = re.sub(r"\s+", " ", image)
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f"<figure>{image}{figcaption}</figure>"


def _ids(value):
    return [int(part) for part in re.findall(r"\d+", value or "")]


def _gallery(attrs, context):
    ids = _ids(attrs.get("ids") or attrs.get("include"))
    if ids:
        found = [(pk, context.attachments.get(pk)) for pk in ids]
    else:
        parent = _ids(attrs.get("id"))[:1] or [context.post_id]
        excluded = set(_ids(attrs.get("exclude")))
        children = [
            attachment
            for attachment in context.attachments.values()
            if attachment.parent == parent[0] and attachment.id not in excluded
        ]
        children.sort(key=lambda attachment: (attachment.menu_order, attachment.id))
        found = [(attachment.id, attachment) for attachment in children]
    missing = [str(pk) for pk, attachment in found if attachment is None or not attachment.url]
    if missing:
        context.note(_("gallery images not in the export (attachment ids %(ids)s)") % {"ids": ", ".join(missing)})
    figures = [_figure(attachment) for _pk, attachment in found if attachment is not None and attachment.url]
    if not figures:
        context.note(_("empty gallery removed"))
    return "".join(figures)


def _figure(attachment):
    alt = attachment.alt or attachment.title
    caption = f"<figcaption>{_escape(attachment.caption)}</figcaption>" if attachment.caption else ""
    return f'<figure><img src="{_escape(attachment.url)}" alt="{_escape(alt)}">{caption}</figure>'


def _media_link(name, attrs, positional, content, context):
    """[embed], [video], [youtube]…: a link to what was embedded; no third-party player on the page."""
    candidates = [content or "", *positional, *attrs.values()]
    for candidate in candidates:
        if match := _URL.search(html.unescape(candidate)):
            return _link_paragraph(_watch_url(match.group()))
    context.note(_("[%(name)s] without a web address removed") % {"name": name})
    return ""


def _watch_url(url):
    """A YouTube player address (…/embed/ID) made into the page readers can open."""
    parts = urlsplit(url)
    if parts.netloc.endswith(("youtube.com", "youtube-nocookie.com")) and parts.path.startswith("/embed/"):
        return f"https://www.youtube.com/watch?v={parts.path.removeprefix('/embed/').strip('/')}"
    return url


def _link_paragraph(url):
    return f'<p><a href="{_escape(url)}">{_escape(url)}</a></p>'


def _code_block(code):
    # Plugins stored the code raw or escaped, depending on the editor used: unescape, then escape once.
    code = html.unescape(code).strip("\n")
    return f"<pre><code>{html.escape(code, quote=False)}</code></pre>"


# --- plain text ------------------------------------------------------------------------------


class _CommentText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.links = []

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            self.parts.append("\n")
        elif tag in {"p", "blockquote", "ul", "ol", "pre"}:
            self.parts.append("\n\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag == "a":
            self.links.append((dict(attrs).get("href") or "", len(self.parts)))

    def handle_endtag(self, tag):
        if tag in {"p", "blockquote", "ul", "ol", "pre"}:
            self.parts.append("\n\n")
        elif tag == "a" and self.links:
            href, start = self.links.pop()
            text = "".join(self.parts[start:]).strip()
            if href.startswith(("http://", "https://")) and href not in text:
                self.parts.append(f" ({href})")  # the address would be lost with the tag

    def handle_data(self, data):
        self.parts.append(data)


def comment_text(content: str) -> str:
    """A WordPress comment (text with a little HTML) as the plain text Refbax comments hold.

    Line breaks and paragraphs are kept, tags are dropped, a link's address stays
    in the text when its words did not already show it.
    """
    parser = _CommentText()
    parser.feed((content or "").replace("\r\n", "\n"))
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
