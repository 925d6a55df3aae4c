"""Static files with hashed names once collected, and pages that still render before they are."""

import logging

from whitenoise.storage import CompressedManifestStaticFilesStorage

logger = logging.getLogger(__name__)
_reported = set()  # each missing file is logged once per process, not on every page


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's compressed, hashed names; a file missing from the manifest keeps its plain name.

    Django raises for such a file, so that a page naming it (the error pages
    included) fails as a 500: a site started before `collectstatic`, or with a
    file added since, would answer nothing but errors. It logs the error instead.
    """

    def stored_name(self, name):
        try:
            return super().stored_name(name)
        except ValueError:
            if name not in _reported:
                _reported.add(name)
                logger.error("static file %s is not collected: run manage.py collectstatic", name)
            return name
