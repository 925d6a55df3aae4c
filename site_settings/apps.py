from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteSettingsConfig(AppConfig):
    name = "site_settings"
    verbose_name = _("Site")

    def ready(self):
        from pagecache import changes
        from site_settings.models import SiteSettings

        changes.watch(SiteSettings)
