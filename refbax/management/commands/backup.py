"""Back up everything: a consistent copy of the database and the uploaded media, in one archive."""

import sqlite3
import subprocess
import tarfile
import tempfile
from contextlib import closing
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

DATABASE_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


def dump_database(target: Path) -> None:
    """Write a consistent snapshot of the default database to `target`, while the site runs."""
    config = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        copy_sqlite(config["NAME"], target)
    elif connection.vendor == "postgresql":
        run_pg("pg_dump", ["--format=custom", "--no-owner", f"--file={target}"], config)
    else:
        raise CommandError(f"No backup method for the {connection.vendor} database.")


def copy_sqlite(source_path, target_path) -> None:
    """SQLite's online backup: a consistent state even while writers go on, write-ahead log included."""
    with closing(sqlite3.connect(source_path)) as source, closing(sqlite3.connect(target_path)) as target:
        source.backup(target)


def run_pg(program, arguments, config):
    command = [program, *arguments, f"--dbname={config['NAME']}"]
    if config.get("HOST"):
        command.append(f"--host={config['HOST']}")
    if config.get("PORT"):
        command.append(f"--port={config['PORT']}")
    if config.get("USER"):
        command.append(f"--username={config['USER']}")
    environment = {"PGPASSWORD": config.get("PASSWORD") or "", "PATH": "/usr/bin:/bin:/usr/local/bin"}
    try:
        subprocess.run(command, check=True, env=environment, capture_output=True, text=True)
    except FileNotFoundError as error:
        raise CommandError(f"{program} is needed: install the PostgreSQL client tools.") from error
    except subprocess.CalledProcessError as error:
        raise CommandError(f"{program} failed: {error.stderr.strip()}") from error


class Command(BaseCommand):
    help = "Write the database and the media files into one .tar.gz archive (restore it with `restore`)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", default=str(settings.BASE_DIR / "var" / "backups"), help="Folder or file name."
        )

    def handle(self, *args, output, **options):
        output = Path(output)
        if output.suffixes[-2:] != [".tar", ".gz"]:
            output.mkdir(parents=True, exist_ok=True)
            output = output / f"refbax-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"
        member = DATABASE_MEMBER.get(connection.vendor)
        if member is None:
            raise CommandError(f"No backup method for the {connection.vendor} database.")
        with tempfile.TemporaryDirectory() as workdir:
            dump = Path(workdir) / member
            dump_database(dump)
            partial = output.with_name(output.name + ".partial")
            with tarfile.open(partial, "w:gz") as archive:
                archive.add(dump, arcname=member)
                media = Path(settings.MEDIA_ROOT)
                if media.is_dir():
                    archive.add(media, arcname="media")
            partial.rename(output)  # never a half-written archive under the final name
        self.stdout.write(self.style.SUCCESS(f"Backup written: {output}"))
