from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaLibraryConfig(AppConfig):
    name = "media_library"
    verbose_name = _("Media library")

    def ready(self):
        from media_library import signals  # noqa: F401 (connects the receivers)
        from media_library.models import MediaImage
        from pagecache import changes

        # A new alternative text, credit or file shows on every article that has the image.
        changes.watch(MediaImage)
