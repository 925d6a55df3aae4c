"""Static files with hashed names once collected, and pages that still render before they are."""

import logging

from whitenoise.storage import CompressedManifestStaticFilesStorage

logger = logging.getLogger(__name__)


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's compressed, hashed names; the plain names while there is no manifest at all.

    Without a manifest (a site started before its first `collectstatic`), Django
    raises for every file, so that every page, the error pages included, fails
    with a 500. The plain names are used instead, and the missing step is logged
    once. With a manifest, a name missing from it still raises, as Django does.
    """

    _told = False

    def stored_name(self, name):
        if self.hashed_files:
            return super().stored_name(name)
        if not StaticFilesStorage._told:
            StaticFilesStorage._told = True
            logger.error("static files are not collected (no %s): run manage.py collectstatic", self.manifest_name)
        return name
