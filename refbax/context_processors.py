from django.conf import settings

from articles.models import Category
from site_settings.models import SiteSettings


def site(request):
    """What the header and footer of every page show."""
    return {
        "site": SiteSettings.load(),
        "nav_categories": Category.for_navigation(),
        "SITE_URL": settings.SITE_URL,
    }
