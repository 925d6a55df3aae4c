from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RedirectsConfig(AppConfig):
    name = "redirects"
    verbose_name = _("Redirects")

    def ready(self):
        from newsroom import dashboard, editing
        from redirects import renames, tasks
        from redirects.dashboard import broken_links_panel
        from redirects.writing import SCRIPT, writing_check_data

        # After every migrate, as pagecache's triggers: the rename triggers follow the tables.
        post_migrate.connect(renames.install_triggers, sender=self, dispatch_uid="redirects-rename-triggers")
        renames.connect()
        # newsroom's dashboard and writing screen show the link checks without importing redirects.
        dashboard.add_panel("admin/redirects/dashboard_links.html", broken_links_panel)
        editing.add_writing_check("links", SCRIPT, writing_check_data)
        # Where a worker runs queued tasks, the daily link check is queued once and then queues itself.
        post_migrate.connect(tasks.ensure_scheduled, sender=self, dispatch_uid="redirects-daily-link-check")
