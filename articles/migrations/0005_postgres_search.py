"""PostgreSQL full-text search: unaccent, a French configuration without accents, a GIN index.

Nothing happens on other databases, which search with a simpler fallback.
"""

from django.db import migrations

from articles.search import CONFIG, DOCUMENT_SQL

INDEX = "article_search_idx"

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    f"""DO $$ BEGIN
        CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = french);
    EXCEPTION WHEN unique_violation THEN NULL;
    END $$""",
    f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem",
    # The indexed expression is the one articles/search.py queries, table prefix aside.
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON articles_article USING gin ("
    + DOCUMENT_SQL.replace("articles_article.", "")
    + ")",
]
BACKWARD = [f"DROP INDEX IF EXISTS {INDEX}", f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}"]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_seo_renditions")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
