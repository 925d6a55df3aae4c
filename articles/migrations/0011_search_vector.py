"""PostgreSQL: the full-text vector of each article stored in a generated column, indexed.

Ranking then reads the stored vector instead of parsing every matching article
again; nothing happens on other databases.
"""

from django.db import migrations

FORWARD = [
    "DROP INDEX IF EXISTS article_search_idx",
    "ALTER TABLE articles_article ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS ("
    "to_tsvector('french_unaccent'::regconfig, coalesce(title, '') || ' ' || coalesce(standfirst, '') || ' ' "
    "|| coalesce(body_text, ''))) STORED",
    "CREATE INDEX IF NOT EXISTS article_search_idx ON articles_article USING gin (search_vector)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS article_search_idx",
    "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("articles", "0010_search_text")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
