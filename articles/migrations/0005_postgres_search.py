"""PostgreSQL full-text search: unaccent, a French configuration without accents, a GIN index.

Nothing happens on other databases, which search with a simpler fallback.
"""

from django.db import migrations

CONFIG = "french_unaccent"
INDEX = "article_search_idx"
# Replaced by an index on a stored tsvector column in migration 0011.
CREATE_INDEX_SQL = (
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON articles_article USING gin (to_tsvector('{CONFIG}'::regconfig, "
    "coalesce(title, '') || ' ' || coalesce(standfirst, '') || ' ' || coalesce(body_text, '')))"
)
DROP_INDEX_SQL = f"DROP INDEX IF EXISTS {INDEX}"

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    f"""DO $$ BEGIN
        CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = french);
    EXCEPTION WHEN unique_violation THEN NULL;
    END $$""",
    f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem",
    # The indexed expression is the one articles/search.py queries, table prefix aside.
    CREATE_INDEX_SQL,
]
BACKWARD = [DROP_INDEX_SQL, f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}"]


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
