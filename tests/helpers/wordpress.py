"""WordPress exports (WXR) written in Python as WordPress itself writes them, a sample blog, and what it became."""

import io
import re
from pathlib import Path

from bs4 import BeautifulSoup
from django.core.management import call_command

from articles.models import Article
from wordpress.models import ImportedItem

WORDPRESS_SITE = "https://ancien.example.com"


def french(text):
    """`text` with French typography, as the report is written: no-break spaces before : ; ! ? and inside « »."""
    return re.sub(r" ([:;!?»])", "\u00a0\\1", text).replace("« ", "«\u00a0")


def cdata(text):
    # "]]>" cannot appear inside CDATA: WordPress splits it the same way.
    return "<![CDATA[" + str(text).replace("]]>", "]]]]><![CDATA[>") + "]]>"


def author(login, display_name="", email="", first_name="", last_name=""):
    return f"""
    <wp:author><wp:author_id>1</wp:author_id><wp:author_login>{cdata(login)}</wp:author_login>
    <wp:author_email>{cdata(email)}</wp:author_email>
    <wp:author_display_name>{cdata(display_name or login)}</wp:author_display_name>
    <wp:author_first_name>{cdata(first_name)}</wp:author_first_name>
    <wp:author_last_name>{cdata(last_name)}</wp:author_last_name></wp:author>"""


def category(slug, name, parent="", term_id=1, description=""):
    return f"""
    <wp:category><wp:term_id>{term_id}</wp:term_id><wp:category_nicename>{cdata(slug)}</wp:category_nicename>
    <wp:category_parent>{cdata(parent)}</wp:category_parent><wp:cat_name>{cdata(name)}</wp:cat_name>
    <wp:category_description>{cdata(description)}</wp:category_description></wp:category>"""


def tag(slug, name, term_id=1):
    return f"""
    <wp:tag><wp:term_id>{term_id}</wp:term_id><wp:tag_slug>{cdata(slug)}</wp:tag_slug>
    <wp:tag_name>{cdata(name)}</wp:tag_name></wp:tag>"""


def comment(
    comment_id,
    content="Un commentaire.",
    *,
    parent=0,
    approved="1",
    comment_type="comment",
    author="Lectrice",
    email="lectrice@example.com",
    url="",
    ip="192.0.2.10",
    date_gmt="2019-05-03 10:00:00",
):
    return f"""
    <wp:comment><wp:comment_id>{comment_id}</wp:comment_id>
      <wp:comment_author>{cdata(author)}</wp:comment_author>
      <wp:comment_author_email>{cdata(email)}</wp:comment_author_email>
      <wp:comment_author_url>{url}</wp:comment_author_url>
      <wp:comment_author_IP>{cdata(ip)}</wp:comment_author_IP>
      <wp:comment_date>{cdata(date_gmt)}</wp:comment_date>
      <wp:comment_date_gmt>{cdata(date_gmt)}</wp:comment_date_gmt>
      <wp:comment_content>{cdata(content)}</wp:comment_content>
      <wp:comment_approved>{cdata(approved)}</wp:comment_approved>
      <wp:comment_type>{cdata(comment_type)}</wp:comment_type>
      <wp:comment_parent>{parent}</wp:comment_parent><wp:comment_user_id>0</wp:comment_user_id>
    </wp:comment>"""


def item(
    post_id,
    title="Un article",
    *,
    slug=None,
    post_type="post",
    status="publish",
    content="Un paragraphe.",
    excerpt="",
    creator="alice",
    date="2019-05-02 10:30:00",
    date_gmt="2019-05-02 08:30:00",
    modified_gmt="2019-05-02 08:30:00",
    link=None,
    categories=(),
    tags=(),
    sticky=False,
    password="",
    comment_status="open",
    meta=None,
    comments=(),
    parent=0,
    attachment_url="",
):
    """An <item>; categories and tags are (slug, name) pairs, meta a {key: value} dict."""
    slug = f"article-{post_id}" if slug is None else slug
    link = (
        link
        if link is not None
        else (f"{WORDPRESS_SITE}/2019/05/{slug}/" if slug else f"{WORDPRESS_SITE}/?p={post_id}")
    )
    terms = "".join(
        f'<category domain="{domain}" nicename="{term_slug}">{cdata(name)}</category>'
        for domain, pairs in (("category", categories), ("post_tag", tags))
        for term_slug, name in pairs
    )
    postmeta = "".join(
        f"<wp:postmeta><wp:meta_key>{cdata(key)}</wp:meta_key><wp:meta_value>{cdata(value)}</wp:meta_value>"
        "</wp:postmeta>"
        for key, value in (meta or {}).items()
    )
    return f"""
  <item>
    <title>{cdata(title)}</title><link>{link}</link>
    <pubDate>Thu, 02 May 2019 08:30:00 +0000</pubDate>
    <dc:creator>{cdata(creator)}</dc:creator>
    <guid isPermaLink="false">{WORDPRESS_SITE}/?p={post_id}</guid>
    <description></description>
    <content:encoded>{cdata(content)}</content:encoded>
    <excerpt:encoded>{cdata(excerpt)}</excerpt:encoded>
    <wp:post_id>{post_id}</wp:post_id>
    <wp:post_date>{cdata(date)}</wp:post_date><wp:post_date_gmt>{cdata(date_gmt)}</wp:post_date_gmt>
    <wp:post_modified_gmt>{cdata(modified_gmt)}</wp:post_modified_gmt>
    <wp:comment_status>{cdata(comment_status)}</wp:comment_status><wp:ping_status>open</wp:ping_status>
    <wp:post_name>{cdata(slug)}</wp:post_name><wp:status>{cdata(status)}</wp:status>
    <wp:post_parent>{parent}</wp:post_parent><wp:menu_order>0</wp:menu_order>
    <wp:post_type>{cdata(post_type)}</wp:post_type><wp:post_password>{cdata(password)}</wp:post_password>
    <wp:is_sticky>{1 if sticky else 0}</wp:is_sticky>
    {f"<wp:attachment_url>{cdata(attachment_url)}</wp:attachment_url>" if attachment_url else ""}
    {terms}{postmeta}{"".join(comments)}
  </item>"""


def attachment(post_id, file, *, title="Une image", alt="", caption="", parent=0):
    """An attachment item for the image at wp-content/uploads/<file>."""
    meta = {"_wp_attached_file": file}
    if alt:
        meta["_wp_attachment_image_alt"] = alt
    return item(
        post_id,
        title,
        slug=f"image-{post_id}",
        post_type="attachment",
        status="inherit",
        content="",
        excerpt=caption,
        parent=parent,
        meta=meta,
        attachment_url=f"{WORDPRESS_SITE}/wp-content/uploads/{file}",
    )


def wxr(*items, authors=(), categories=(), tags=(), version="1.2", site=WORDPRESS_SITE, title="Ancien blog"):
    """A whole export file's text."""
    namespace = f"http://wordpress.org/export/{version}/"
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
  xmlns:excerpt="{namespace}excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:wfw="http://wellformedweb.org/CommentAPI/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="{namespace}">
<channel>
  <title>{title}</title><link>{site}</link><description>Un blog</description>
  <pubDate>Mon, 01 Jul 2024 12:00:00 +0000</pubDate><language>fr-FR</language>
  <wp:wxr_version>{version}</wp:wxr_version>
  <wp:base_site_url>{site}</wp:base_site_url><wp:base_blog_url>{site}</wp:base_blog_url>
  {"".join(authors)}{"".join(categories)}{"".join(tags)}
  {"".join(items)}
</channel>
</rss>
"""


def write_export(folder: Path, text: str, name="export.xml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def report_rows(report):
    """{kind: [imported, updated, unchanged, skipped]} from the report's table (kinds as French labels)."""
    rows = {}
    for line in report.splitlines()[2:]:
        if not line.startswith("  ") or line.startswith("  - "):
            continue
        *label, imported, updated, unchanged, skipped = line.split()
        rows[" ".join(label)] = [imported, updated, unchanged, skipped]
    return rows


def run_import(path, *args):
    """call_command("import_wordpress", ...): (stdout, stderr) text."""
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("import_wordpress", str(path), *args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


# A ten-year-old blog in miniature, and what the import made of it

UNUSUAL_MARKUP = """Une liste imbriquée :

<ul>
<li>Premier niveau
<ul>
<li>Second niveau</li>
</ul>
</li>
</ul>

<table>
<tr><th>Outil</th><th>Prix</th></tr>
<tr><td>Django</td><td>0 €</td></tr>
</table>

[python]def hello():
    return "<b>"[/python]

<pre>ligne 1

ligne [gallery] 3</pre>

[caption id="attachment_40" align="aligncenter" width="300"]<img
 src="https://ancien.example.com/wp-content/uploads/2020/01/chat.png" alt="Un chat" width="40" height="30" />
 Le chat du bureau[/caption]

[gallery ids="40,41"]

[embed]https://vimeo.com/123[/embed]

https://www.youtube.com/watch?v=abc

[contact-form-7 id="12" title="Contact"]

<img src="https://ancien.example.com/wp-content/uploads/2020/01/absent.png" alt="Perdue">"""

BLOCK_CONTENT = """<!-- wp:paragraph -->
<p>Écrit avec l’éditeur de blocs.</p>
<!-- /wp:paragraph -->

<!-- wp:code -->
<pre class="wp-block-code"><code>x &lt; y</code></pre>
<!-- /wp:code -->"""


def blog(*extra_items):
    """A ten-year-old blog in miniature: each kind and state the import must handle."""
    return wxr(
        item(
            10,
            "L’été des API",
            slug="l%c3%a9t%c3%a9-des-api",
            excerpt="Tout sur les API cet été.",
            categories=[("django", "Django"), ("seo", "Référencement")],
            tags=[("api", "API")],
            sticky=True,
            meta={"_thumbnail_id": "40"},
            comments=[
                comment(100, "Premier !", author="Zoé", ip="203.0.113.7"),
                comment(101, "Réponse", parent=100),
                comment(102, "Réponse à la réponse", parent=101),
                comment(103, 'Troisième niveau <a href="https://zoe.example">mon site</a>', parent=102, approved="0"),
                comment(104, "Achetez", approved="spam"),
                comment(105, "Effacé", approved="trash"),
                comment(106, "Lien", comment_type="pingback"),
                comment(107, "Rétrolien", comment_type="trackback"),
                comment(108, "Orphelin", parent=999),
            ],
        ),
        item(11, "Programmé", slug="programme", status="future", date_gmt="2099-01-01 07:00:00"),
        item(12, "Brouillon", slug="", status="draft", date="2020-07-01 12:00:00", date_gmt="0000-00-00 00:00:00"),
        item(13, "En relecture", slug="en-relecture", status="pending"),
        item(14, "Privé", slug="prive", status="private"),
        item(
            15,
            "À propos",
            slug="a-propos",
            post_type="page",
            link=f"{WORDPRESS_SITE}/a-propos/",
            comment_status="closed",
        ),
        item(16, "Balisage inhabituel", slug="balisage", content=UNUSUAL_MARKUP, creator="bob"),
        item(17, "À la corbeille", slug="corbeille", status="trash"),
        item(18, "Menu", post_type="nav_menu_item"),
        item(19, "Blocs", slug="blocs", content=BLOCK_CONTENT),
        attachment(40, "2020/01/chat.png", alt="Un chat roux", parent=10),
        attachment(41, "2020/01/chien.png", title="Chien", caption="Le chien"),
        *extra_items,
        authors=[
            author("alice", "Alice Martin", "alice@example.com", "Alice", "Martin"),
            author("bob", "Bob", "pas-un-email"),
        ],
        categories=[
            category("developpement", "Développement", term_id=2),
            category("django", "Django", parent="developpement", term_id=3),
            category("seo", "Référencement", term_id=4),
        ],
        tags=[tag("api", "API")],
    )


def article_of(wp_id):
    """The article imported from the WordPress post `wp_id`."""
    return Article.objects.get(pk=ImportedItem.objects.get(kind="post", wp_id=str(wp_id)).object_id)


def body_of(wp_id):
    return BeautifulSoup(article_of(wp_id).body, "html.parser")


def files_in(folder):
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())
