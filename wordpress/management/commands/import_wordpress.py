"""import_wordpress FILE.xml [--uploads DIR] [--dry-run]: a WordPress export (WXR) brought into Refbax."""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from wordpress.importer import Importer, ImportFailed
from wordpress.reader import ExportError
from wordpress.uploads import MediaFiles, UploadsFolder


class Progress:
    """One line rewritten in place on a terminal; a line every `every` items in a log."""

    def __init__(self, stream, every=500, interval=0.2):
        self.stream = stream
        self.tty = stream.isatty()
        self.every = every
        self.interval = interval
        self.shown_at = 0.0

    def __call__(self, done, total):
        if self.tty:
            now = time.monotonic()
            if now - self.shown_at >= self.interval or done == total:
                self.shown_at = now
                percent = done * 100 // total if total else 100
                self.stream.write(
                    "\r"
                    + _("Importing: %(done)d/%(total)d items (%(percent)d %%)")
                    % {"done": done, "total": total, "percent": percent},
                    ending="",
                )
                self.stream.flush()
        elif done % self.every == 0 or done == total:
            self.stream.write(_("Importing: %(done)d/%(total)d items") % {"done": done, "total": total})

    def finish(self):
        if self.tty:
            self.stream.write("")


class Command(BaseCommand):
    @property
    def help(self):  # read when the parser is made, in the language active then (French for editors)
        return _(
            "Import a WordPress export (Tools > Export > All content): authors, categories, tags, posts, pages, "
            "comments and images, with 301 redirects from the old addresses. Safe to run again: only what is new "
            "or changed in WordPress is written."
        )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("the WXR file (.xml) exported by WordPress"))
        parser.add_argument(
            "--uploads",
            metavar="DIR",
            help=_(
                "a copy of the site's wp-content/uploads folder, for featured images and images in posts (on any run)"
            ),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("do everything and print the report, then roll back: nothing is written"),
        )

    def handle(self, *args, **options):
        # Editors run it: the report speaks the site's language (French), like the admin.
        with translation.override(settings.LANGUAGE_CODE):
            self._import(**options)

    def _import(self, *args, file, uploads=None, dry_run=False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("%(file)s: no such file.") % {"file": file})
        folder = self._uploads_folder(uploads) if uploads else None
        files = MediaFiles()
        progress = Progress(self.stderr)
        importer = Importer(path, uploads=folder, files=files, progress=progress)
        committed = False
        try:
            with transaction.atomic():
                report = importer.run()
                if dry_run:
                    transaction.set_rollback(True)
            committed = not dry_run
        except ExportError as error:
            raise CommandError(
                _("%(file)s: %(error)s. Nothing was imported.") % {"file": path.name, "error": error}
            ) from error
        except ImportFailed as error:
            raise CommandError(
                _("%(file)s: the import stopped at %(error)s. Nothing was imported.")
                % {"file": path.name, "error": error}
            ) from error
        except (DatabaseError, OSError) as error:  # before the first item: reading the file, authors, terms
            raise CommandError(
                _("%(file)s: the import failed: %(error)s. Nothing was imported.")
                % {"file": path.name, "error": error}
            ) from error
        finally:
            progress.finish()
            if not committed:  # the rows that listed these files were rolled back
                files.discard()
        self.stdout.write(report.render(dry_run=dry_run))

    @staticmethod
    def _uploads_folder(uploads):
        try:
            return UploadsFolder(uploads)
        except (FileNotFoundError, NotADirectoryError) as error:
            raise CommandError(
                _("%(folder)s: no such folder (give a copy of wp-content/uploads).") % {"folder": uploads}
            ) from error
