from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RefbaxConfig(AppConfig):
    name = "refbax"
    verbose_name = _("Site")
