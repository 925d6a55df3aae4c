"""How the reader pages answer on the database at hand: run it at 1,000 then at 100,000 articles.

Renders each page in-process for a reader with a page of their own (the page
cache bypassed, as `make bench` does) and prints the median time and the SQL
queries: "steady" while the site does not change (the fragments and counts
that all readers share are kept), "after a change" when every request follows
a change (all of them rendered and counted again). The pages: the home page,
page 2,000 of the home list (or its last page), the most used tag, a search for
a word found in nearly every article and one for a rare word, and the article
with the most comments.

    DATABASE_URL=postgres://…/small python bench/scale.py
    DATABASE_URL=postgres://…/large python bench/scale.py
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "refbax.settings")
RUNS = int(os.environ.get("BENCH_RUNS", "15"))


def main():
    import django

    django.setup()

    from django.conf import settings
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from taggit.models import Tag

    from articles.models import Article
    from pagecache import changes

    published = Article.objects.published()
    total = published.count()
    last_page = max(1, (total - 1) // settings.ARTICLES_PER_PAGE)
    tag = Tag.objects.annotate(uses=Count("articles_taggedarticle_items")).order_by("-uses").first()
    article = published.order_by("-comment_count").first()
    pages = {
        "home": "/",
        f"home, page {min(2000, last_page)}": f"/?page={min(2000, last_page)}",
        "tag": f"/tag/{tag.slug}/",
        "search, common word": "/search/?q=contenu",
        "search, rare word": "/search/?q=introuvablement",
        f"article ({article.comment_count} comments)": article.get_absolute_url(),
    }
    client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "localhost")
    client.cookies[settings.COMMENTS_COOKIE_NAME] = "bench"  # invalid, but it makes the page one's own
    print(f"{connection.vendor}, {total} published articles, median of {RUNS} runs\n")
    print(f"{'page':<30}{'steady ms':>10}{'queries':>9}{'after a change ms':>19}{'queries':>9}")
    for name, url in pages.items():
        figures = []
        for change in (False, True):
            for _warm_up in range(3):
                assert client.get(url).status_code == 200, url
            timings = []
            for _run in range(RUNS):
                if change:
                    changes.move()
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    client.get(url)
                    timings.append(1000 * (time.perf_counter() - start))
            figures.append(f"{statistics.median(timings):>{19 if change else 10}.1f}{len(queries):>9}")
        print(f"{name:<30}{''.join(figures)}")


if __name__ == "__main__":
    main()
