from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Editorial")

    def ready(self):
        connection_created.connect(register_sqlite_functions)


def register_sqlite_functions(sender, connection, **kwargs):
    """SQLite's search fallback folds case and accents with Python's Unicode tables."""
    if connection.vendor == "sqlite":
        from articles.search import fold

        connection.connection.create_function("REFBAX_FOLD", 1, fold, deterministic=True)
