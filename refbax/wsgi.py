import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "refbax.settings")
application = get_wsgi_application()

# Uploaded media are the proxy's job in production (README, "Deploying"); `make run` has no
# proxy, so SERVE_MEDIA=1 lets the app serve them, DEBUG on or off. New uploads are found
# without a restart (autorefresh).
if os.environ.get("SERVE_MEDIA", "").strip().lower() in {"1", "true", "yes", "on"}:
    from django.conf import settings
    from whitenoise import WhiteNoise

    application = WhiteNoise(application, root=settings.MEDIA_ROOT, prefix=settings.MEDIA_URL, autorefresh=True)
