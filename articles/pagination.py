"""Pagination that stays fast on a hundred thousand articles.

- Deep pages fetch the ids of their slice first (an index-only scan), then the
  rows: OFFSET walks the index, not the wide rows.
- Counting every published article on every list page costs more than the page:
  the count is kept in the cache until the site's content changes.
- A search counts its matches only up to a cap, as search engines do (or takes
  the number its query already counted).
"""

import hashlib
from datetime import datetime

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from pagecache import changes


class ArticlePaginator(Paginator):
    def __init__(self, object_list, per_page, *, count_cap=None, known_count=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_cap = count_cap
        self.known_count = known_count

    @cached_property
    def count(self):
        queryset = self.object_list.order_by()
        if self.count_cap is not None:
            # One past the cap at most: enough to tell "more than" from "exactly".
            if self.known_count is not None:
                return min(self.known_count, self.count_cap + 1)
            return queryset[: self.count_cap + 1].count()
        generation = changes.current_generation()
        timeout = changes.page_seconds(generation)
        if timeout < 1:
            return queryset.count()
        sql, params = queryset.values("pk").query.sql_with_params()
        # "Now" changes with every request; the next scheduled publication bounds the entry instead.
        params = [param for param in params if not isinstance(param, datetime)]
        signature = hashlib.sha256(f"{sql}{params}".encode()).hexdigest()
        return changes.kept(f"count:{signature}", queryset.count, generation=generation, timeout=timeout)

    @property
    def capped(self):
        return self.count_cap is not None and self.count > self.count_cap

    def _get_page(self, object_list, number, paginator):
        # object_list is the page's slice of the ordered queryset: its ids, then its rows in that order.
        ids = list(object_list.values_list("pk", flat=True))
        rows = {row.pk: row for row in self.object_list.filter(pk__in=ids)} if ids else {}
        return super()._get_page([rows[pk] for pk in ids if pk in rows], number, paginator)
