"""What is asked of articles: what readers may see, what is scheduled, related articles, search."""

from datetime import timedelta

from django.conf import settings
from django.db import connections, models
from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from articles.search import postgres_search, simple_search


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """What readers may see: published, and whose publication time has come."""
        return self.filter(self.model.visibility_conditions(timezone.now())["published"])

    def visibility_counts(self):
        """{"draft": n, "in_review": n, "scheduled": n, "published": n}, in one query."""
        conditions = self.model.visibility_conditions(timezone.now())
        return self.aggregate(**{name: Count("pk", filter=condition) for name, condition in conditions.items()})

    def scheduled(self):
        """Published with a publication time still to come: hidden from readers until then."""
        return self.filter(status=self.model.Status.PUBLISHED, published_at__gt=timezone.now())

    def next_publication(self):
        """When the next scheduled article comes out (pages change then with no write), or None."""
        return self.scheduled().order_by("published_at").values_list("published_at", flat=True).first()

    def next_comments_closing(self):
        """When comments next close by themselves (COMMENTS_CLOSE_AFTER_DAYS), or None."""
        days = settings.COMMENTS_CLOSE_AFTER_DAYS
        if not days:
            return None
        opened_since = timezone.now() - timedelta(days=days)
        still_open = self.published().filter(comments_open=True, published_at__gt=opened_since)
        first = still_open.order_by("published_at").values_list("published_at", flat=True).first()
        return first and first + timedelta(days=days)

    def for_cards(self):
        """With what an article card shows, in the same query."""
        return self.select_related("author", "category").defer("body", "body_text")

    def related_to(self, article, limit=None):
        """Published articles on the same theme as `article`, in one query.

        Hand-picked ones come first, then those sharing the most tags, then the
        most recent.
        """
        limit = limit or settings.RELATED_ARTICLES_COUNT
        tagged = self.model.tags.through.objects  # TaggedArticle
        tag_ids = tagged.filter(content_object=article).values("tag_id")
        picks = self.model.related_picks.through.objects.filter(from_article=article)
        # Only the articles that share a tag or were picked are looked at, through indexes:
        # the query costs the same with a thousand articles or a hundred thousand.
        sharing = tagged.filter(tag__in=tag_ids).values("content_object")
        shared_count = (
            tagged.filter(content_object=OuterRef("pk"), tag__in=tag_ids)
            .order_by()
            .values("content_object")
            .annotate(total=Count("pk"))
            .values("total")
        )
        return (
            self.published()
            # One IN over a UNION, not an OR of two: the database can then probe the primary key.
            .filter(pk__in=sharing.union(picks.values("to_article")))
            .exclude(pk=article.pk)
            .annotate(
                is_picked=Exists(picks.filter(to_article=OuterRef("pk"))),
                shared_tags=Coalesce(Subquery(shared_count), 0),
            )
            .order_by("-is_picked", "-shared_tags", "-published_at", "-pk")
            .for_cards()[:limit]
        )

    def search_and_count(self, query):
        """The matches of `query`, and their number up to MAX_RANKED + 1 when the search counted them."""
        if connections[self.db].vendor == "postgresql":
            return postgres_search(self, query)
        return simple_search(self, query), None
