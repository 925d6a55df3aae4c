"""The site's WSGI application, with /media/ served the way the proxy serves it in production."""

from django.conf import settings
from whitenoise import WhiteNoise

from refbax.wsgi import application as site

# Uploaded files are the proxy's job (README, "Deploying"); WhiteNoise plays nginx here.
application = WhiteNoise(site, root=settings.MEDIA_ROOT, prefix=settings.MEDIA_URL, autorefresh=True)
