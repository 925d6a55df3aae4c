"""Restore an archive made by `backup`: the database and the media files."""

import shutil
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from pagecache import changes
from refbax.management.commands.backup import DATABASE_MEMBER, copy_sqlite, run_pg


class Command(BaseCommand):
    help = "Replace the database and the media files with those of a backup archive."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, archive, yes, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"No such archive: {path}")
        member = DATABASE_MEMBER.get(connection.vendor)
        if member is None:
            raise CommandError(f"No restore method for the {connection.vendor} database.")
        if not yes and input("This replaces the current database and media. Type 'yes' to go on: ") != "yes":
            raise CommandError("Restore cancelled.")
        with tempfile.TemporaryDirectory() as workdir:
            try:
                with tarfile.open(path, "r:gz") as tar:
                    # The "data" filter refuses absolute paths, links out of the folder and device files.
                    tar.extractall(workdir, filter="data")
            except (tarfile.TarError, OSError, EOFError) as error:
                raise CommandError(f"{path} is not a readable backup archive: {error}") from error
            dump = Path(workdir) / member
            if not dump.is_file():
                raise CommandError(f"{path} holds no {member}: was it made from a {connection.vendor} database?")
            self.restore_database(dump)
            # The database went back in time: pages kept since the backup must not come back with it.
            changes.move()
            media = Path(workdir) / "media"
            if media.is_dir():
                target = Path(settings.MEDIA_ROOT)
                shutil.rmtree(target, ignore_errors=True)
                shutil.copytree(media, target)
        self.stdout.write(self.style.SUCCESS(f"Restored from {path}"))

    def restore_database(self, dump):
        config = settings.DATABASES["default"]
        connection.close()
        if connection.vendor == "sqlite":
            # Through SQLite, not a file copy: the live database's write-ahead log must not outlive it.
            copy_sqlite(dump, config["NAME"])
        else:
            run_pg("pg_restore", ["--clean", "--if-exists", "--no-owner", str(dump)], config)
