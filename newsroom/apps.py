from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _

# The staff see the admin in French: the apps that name themselves in English, or not at all (by label).
THIRD_PARTY_APP_NAMES = {
    "axes": _("Sign-in attempts"),
    "django_tasks_database": _("Background tasks"),
}


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = _("Newsroom")

    def ready(self):
        configs = {config.label: config for config in apps.get_app_configs()}
        for label, name in THIRD_PARTY_APP_NAMES.items():
            if label in configs:
                configs[label].verbose_name = name
