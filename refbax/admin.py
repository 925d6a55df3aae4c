from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from refbax.models import Redirect, SiteSettings

admin.site.site_header = _("Refbax administration")
admin.site.site_title = _("Refbax")
admin.site.index_title = _("Editorial desk")


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


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    list_display = ["old_path", "new_path", "created_at"]
    search_fields = ["old_path", "new_path"]
    date_hierarchy = "created_at"
    list_per_page = 100
