"""WordPress exports (WXR) written in Python for the import tests, as WordPress itself writes them."""

import io
from pathlib import Path

from django.core.management import call_command

SITE = "https://ancien.example.com"


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
    link = link if link is not None else (f"{SITE}/2019/05/{slug}/" if slug else f"{SITE}/?p={post_id}")
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
    <guid isPermaLink="false">{SITE}/?p={post_id}</guid>
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
        attachment_url=f"{SITE}/wp-content/uploads/{file}",
    )


def wxr(*items, authors=(), categories=(), tags=(), version="1.2", site=SITE, title="Ancien blog"):
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


def run_import(path, *args):
    """call_command("import_wordpress", ...): (stdout, stderr) text."""
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("import_wordpress", str(path), *args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()
