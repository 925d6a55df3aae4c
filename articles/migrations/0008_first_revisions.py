"""A first revision for each existing article, so that its history starts with its current text."""

from itertools import batched

from django.db import migrations

BATCH = 500


def snapshot_articles(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    ArticleRevision = apps.get_model("articles", "ArticleRevision")
    TaggedArticle = apps.get_model("articles", "TaggedArticle")
    tags = {}
    for article_id, name in TaggedArticle.objects.values_list("content_object_id", "tag__name"):
        tags.setdefault(article_id, []).append(name)
    articles = Article.objects.only(
        "pk", "version", "title", "standfirst", "body", "status", "updated_at"
    )
    revisions = (
        ArticleRevision(
            article_id=article.pk,
            version=article.version,
            created_at=article.updated_at,
            title=article.title,
            standfirst=article.standfirst,
            body=article.body,
            tags=sorted(tags.get(article.pk, []), key=str.casefold),
            status=article.status,
            changed_fields=["title", "standfirst", "body", "tags", "status"],
        )
        for article in articles.iterator(chunk_size=BATCH)
    )
    # In batches: bulk_create would hold every body in memory at once.
    for batch in batched(revisions, BATCH):
        ArticleRevision.objects.bulk_create(batch)

class Migration(migrations.Migration):
    dependencies = [("articles", "0007_writers_group")]

    operations = [migrations.RunPython(snapshot_articles, migrations.RunPython.noop)]
