from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RefbaxConfig(AppConfig):
    name = "refbax"
    verbose_name = _("Site")

    def ready(self):
        from refbax.page_cache import connect_invalidation

        connect_invalidation()
