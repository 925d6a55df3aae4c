from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PageCacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = _("Page cache")

    def ready(self):
        from pagecache.changes import install_triggers

        # After every migrate (and flush): the triggers follow the tables the apps watch, whatever
        # the migrations did to them (SQLite drops a table's triggers when it rebuilds the table).
        post_migrate.connect(install_triggers, sender=self, dispatch_uid="pagecache-triggers")
