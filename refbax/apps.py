from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RefbaxConfig(AppConfig):
    name = "refbax"
    verbose_name = _("Site")

    def ready(self):
        from refbax import checks  # noqa: F401 (registers the DEBUG exposure warning)
