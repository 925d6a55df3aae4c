"""The links of an article body, and whether a link to this site leads somewhere, without any HTTP.

One resolver for the link checker and for the writing screen's warnings: the
path goes through the site's own URLconf, then the row it names is looked up as
the page's view would (a published article, a tag with published articles…);
a path with no page is redirected when the Redirect table has it, else broken.
"""

from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.http import QueryDict
from django.urls import Resolver404, is_valid_path, resolve
from django.utils.encoding import iri_to_uri
from django.utils.translation import gettext as _
from taggit.models import Tag

from articles.models import Article, Author, Category
from redirects.middleware import find_redirect, id_paths, redirect_for
from redirects.models import Link

MAX_URL_LENGTH = Link._meta.get_field("url").max_length
# Past this many distinct links, a body is no article: the rest is left unchecked (and said so).
MAX_LINKS_PER_BODY = 1000
CHECKED_SCHEMES = {"http", "https"}


@dataclass(frozen=True)
class Result:
    state: str
    status_code: int | None = None
    error: str = ""
    redirected_to: str = ""


class _Hrefs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href.strip())


def body_links(html):
    """(links, left out): the distinct links of `html` worth checking, as absolute URLs or site paths, in order.

    At most MAX_LINKS_PER_BODY; `left out` counts the distinct ones beyond.
    """
    parser = _Hrefs()
    parser.feed(html or "")
    parser.close()
    links = {}
    for href in parser.hrefs:
        url = normalize(href)
        if url is not None:
            links.setdefault(url, None)
    found = list(links)
    return found[:MAX_LINKS_PER_BODY], max(0, len(found) - MAX_LINKS_PER_BODY)


def normalize(href):
    """The link as it is checked and kept: a site path for this site, the absolute URL otherwise; None to skip.

    Fragments go (they are in the page), so do mailto:, tel: and other schemes, and
    addresses too long to be real.
    """
    href = href.replace("\x00", "")
    if not href or href.startswith("#"):
        return None
    try:
        parts = urlsplit(urljoin(settings.SITE_URL + "/", href))
        parts.port  # noqa: B018 (raises on an unreadable port)
    except ValueError:
        return None  # unreadable ("http://[::1"): no reader's browser follows it either
    if parts.scheme not in CHECKED_SCHEMES or not parts.hostname:
        return None
    if parts.netloc.lower() == urlsplit(settings.SITE_URL).netloc.lower():
        url = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    else:
        url = parts._replace(fragment="").geturl()
    url = iri_to_uri(url)
    return url if len(url) <= MAX_URL_LENGTH else None


def is_internal(url):
    return url.startswith("/")


def _published_article(slug):
    return Article.objects.published().filter(slug=slug).exists()


def _tag_with_articles(slug):
    return Article.objects.published().filter(tagged_items__tag__slug=slug).exists()


# The pages that show a row: (namespace, URL name) -> whether the row of that slug is shown.
OBJECT_PAGES = {
    ("articles", "detail"): _published_article,
    ("articles", "category"): lambda slug: Category.objects.filter(slug=slug).exists(),
    ("articles", "category-feed"): lambda slug: Category.objects.filter(slug=slug).exists(),
    ("articles", "category-feed-atom"): lambda slug: Category.objects.filter(slug=slug).exists(),
    ("articles", "tag"): _tag_with_articles,
    ("articles", "tag-feed"): lambda slug: Tag.objects.filter(slug=slug).exists(),
    ("articles", "tag-feed-atom"): lambda slug: Tag.objects.filter(slug=slug).exists(),
    ("articles", "author"): lambda slug: Author.objects.filter(slug=slug).exists(),
    ("articles", "author-feed"): lambda slug: Author.objects.filter(slug=slug).exists(),
    ("articles", "author-feed-atom"): lambda slug: Author.objects.filter(slug=slug).exists(),
}


def resolve_internal(url):
    """What a reader following `url` (a path of this site) gets: OK, REDIRECTED (and where) or BROKEN."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    if parts.query and (redirect := find_redirect(id_paths(path, QueryDict(parts.query)))):
        return Result(Link.State.REDIRECTED, 301, redirected_to=redirect[1])  # WordPress's /?p=123
    if path.startswith(settings.MEDIA_URL):
        name = path.removeprefix(settings.MEDIA_URL)
        return _exists(name and ".." not in name.split("/") and default_storage.exists(name))
    if path.startswith(settings.STATIC_URL):
        return _exists(finders.find(path.removeprefix(settings.STATIC_URL)))
    try:
        match = resolve(path)
    except Resolver404:
        if settings.APPEND_SLASH and not path.endswith("/") and is_valid_path(f"{path}/"):
            followed = resolve_internal(f"{path}/")
            if followed.state == Link.State.OK:
                return Result(Link.State.REDIRECTED, 301, redirected_to=f"{path}/")
            return followed
        return _redirected_or_broken(path)
    shows = OBJECT_PAGES.get((match.namespace, match.url_name))
    if shows is not None and not shows(match.kwargs.get("slug", "")):
        return _redirected_or_broken(path)
    return Result(Link.State.OK, 200)


def _exists(found):
    return Result(Link.State.OK, 200) if found else Result(Link.State.BROKEN, 404, _("No such file on this site."))


def _redirected_or_broken(path):
    redirect = redirect_for(path)
    if redirect is not None:
        return Result(Link.State.REDIRECTED, 301, redirected_to=redirect[1])
    return Result(Link.State.BROKEN, 404, _("No page at this address."))
