from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Refbax administration")
admin.site.site_title = _("Refbax")
admin.site.index_title = _("Editorial desk")
