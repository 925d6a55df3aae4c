"""The site's URLs plus one public page whose template asks for a CSRF token (tests of the page cache)."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from refbax.urls import urlpatterns as site_urlpatterns

TEMPLATE = engines["django"].from_string("<form method=post>{% csrf_token %}</form>")


def page_with_a_token(request):
    return HttpResponse(TEMPLATE.render({}, request))


urlpatterns = [path("formulaire/", page_with_a_token), *site_urlpatterns]
