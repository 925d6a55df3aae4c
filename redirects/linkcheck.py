"""The link checker: every link of the published articles, followed, and what became of it kept per link.

Links to this site are resolved by the site itself (redirects/links.py: no
HTTP); links to other sites are fetched (redirects/http_check.py), one host at a
time at most every LINK_CHECK_HOST_SECONDS, within LINK_CHECK_BUDGET_SECONDS for
the whole run: what the budget leaves unchecked keeps its previous result and is
checked first next time. Run by `manage.py check_links` and by the daily task
(redirects/tasks.py).
"""

import time
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import zip_longest
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from articles.models import Article
from redirects.http_check import check_url
from redirects.links import body_links, is_internal, resolve_internal
from redirects.models import Link

CHUNK = 500


@dataclass
class Report:
    checked: int = 0
    left_for_later: int = 0
    # (article, distinct links beyond MAX_LINKS_PER_BODY) of the bodies too full of links.
    too_many_links: list = field(default_factory=list)

    def links(self, state):
        return Link.objects.filter(state=state).prefetch_related("articles").order_by("url")


def collect():
    """({url: {article ids}} of the links of published articles, [(article, links left out)])."""
    links, too_many = defaultdict(set), []
    for article in Article.objects.published().only("pk", "title", "body").order_by("pk").iterator(chunk_size=200):
        found, left_out = body_links(article.body)
        for url in found:
            links[url].add(article.pk)
        if left_out:
            too_many.append((article, left_out))
    return links, too_many


def _chunks(items, size=CHUNK):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def sync(links):
    """Make the Link table the links of `links` ({url: {article ids}}), results of the known ones kept."""
    known = dict(Link.objects.values_list("url", "pk"))
    Link.objects.bulk_create(
        [Link(url=url, internal=is_internal(url)) for url in links if url not in known],
        batch_size=CHUNK,
        ignore_conflicts=True,
    )
    ids = dict(Link.objects.values_list("url", "pk"))
    uses = Link.articles.through.objects
    wanted = {(ids[url], article) for url, articles in links.items() for article in articles}
    present = {(link, article): pk for pk, link, article in uses.values_list("pk", "link_id", "article_id")}
    for pks in _chunks(pk for pair, pk in present.items() if pair not in wanted):
        uses.filter(pk__in=pks).delete()
    uses.bulk_create(
        [Link.articles.through(link_id=link, article_id=article) for link, article in wanted - present.keys()],
        batch_size=CHUNK,
    )
    Link.objects.filter(articles=None).delete()  # no published article shows it any more


def _by_host_in_turn(links):
    """External links ordered so that consecutive requests go to different hosts: the pace costs less waiting."""
    hosts = defaultdict(list)
    for link in links:
        hosts[urlsplit(link.url).hostname].append(link)
    return [link for turn in zip_longest(*hosts.values()) for link in turn if link is not None]


class _Pace:
    """At most one request to a host every LINK_CHECK_HOST_SECONDS."""

    def __init__(self):
        self.last = {}

    def __call__(self, host):
        wait = self.last.get(host, -1e9) + settings.LINK_CHECK_HOST_SECONDS - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self.last[host] = time.monotonic()


def _store(link, result):
    Link.objects.filter(pk=link.pk).update(
        state=result.state,
        status_code=result.status_code,
        error=result.error,
        redirected_to=result.redirected_to,
        checked_at=timezone.now(),
    )


def check_links(*, internal_only=False, budget=None, progress=None):
    """Collect, then check every link of the published articles; returns the Report.

    `progress(link, result)`, if given, is called after each check.
    """
    budget = settings.LINK_CHECK_BUDGET_SECONDS if budget is None else budget
    deadline = time.monotonic() + budget
    links, too_many = collect()
    sync(links)
    report = Report(too_many_links=too_many)
    # The longest unchecked first: what a budget cut short last time comes first now.
    ordered = Link.objects.order_by(F("checked_at").asc(nulls_first=True), "pk")
    for link in ordered.filter(internal=True).iterator():
        result = resolve_internal(link.url)
        _store(link, result)
        report.checked += 1
        if progress:
            progress(link, result)
    if internal_only:
        return report
    pace = _Pace()
    external = _by_host_in_turn(ordered.filter(internal=False))
    for position, link in enumerate(external):
        if time.monotonic() >= deadline:
            report.left_for_later = len(external) - position
            break
        result = check_url(link.url, wait_for_host=pace)
        _store(link, result)
        report.checked += 1
        if progress:
            progress(link, result)
    return report
