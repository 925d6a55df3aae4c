from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from site_settings.models import SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    fieldsets = [
        (None, {"fields": ["name", "tagline", "contact_email"]}),
        (
            _("Call to action under articles"),
            {"fields": ["cta_title", "cta_text", "cta_label", "cta_url"]},
        ),
        (
            _("Social profiles"),
            {
                "fields": [
                    "facebook",
                    "x",
                    "linkedin",
                    "instagram",
                    "youtube",
                    "mastodon",
                ]
            },
        ),
    ]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
