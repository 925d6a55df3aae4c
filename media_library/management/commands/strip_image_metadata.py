"""Strip the metadata (EXIF with GPS, XMP, IPTC, comments, text) from the images already stored.

Uploads are stripped as they are stored (media_library/metadata.py); this cleans
those stored before. Each file is rewritten in place, under the same name, so
every address that links it keeps working. Running it again changes nothing.
"""

import os
import tempfile
from pathlib import PurePosixPath

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand

from media_library import metadata
from media_library.uploads import UploadedImageField

# Made by renditions.py from decoded pixels, with nothing else: nothing to strip.
RENDITIONS_FOLDER = "renditions"


class Command(BaseCommand):
    help = (
        "Strip EXIF (GPS included), XMP, IPTC, comments and text from every stored image, in place: "
        "covers, avatars, library images, imported images."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Report what would change; write nothing.")

    def handle(self, *args, dry_run=False, **options):
        self.dry_run = dry_run
        self.counts = {"changed": 0, "clean": 0, "skipped": 0}
        done = set()
        for model, field in image_fields():
            for instance in model._default_manager.exclude(**{field.name: ""}).order_by("pk").iterator():
                field_file = getattr(instance, field.name)
                if field_file.name in done:
                    continue
                done.add(field_file.name)
                if self.clean(field_file.storage, field_file.name):
                    self.update_dimensions(instance, field)
        for name in stored_files(default_storage):
            if name not in done:
                done.add(name)
                self.clean(default_storage, name)
        verb = "would be changed" if dry_run else "changed"
        self.stdout.write(
            self.style.SUCCESS(
                f"{self.counts['changed']} file(s) {verb}, {self.counts['clean']} already clean, "
                f"{self.counts['skipped']} skipped."
            )
        )

    def clean(self, storage, name):
        """Strip the file `name`; True when it changed (or would)."""
        try:
            with storage.open(name, "rb") as file:
                data = file.read()
            cleaned = metadata.strip(data)
        except (OSError, metadata.MetadataError) as error:
            self.counts["skipped"] += 1
            self.stderr.write(f"{name}: skipped, {error}")
            return False
        if cleaned == data:
            self.counts["clean"] += 1
            return False
        if not self.dry_run:
            try:
                replace(storage, name, cleaned)
            except OSError as error:
                self.counts["skipped"] += 1
                self.stderr.write(f"{name}: skipped, {error}")
                return False
        self.counts["changed"] += 1
        self.stdout.write(f"{name}: {'would be stripped' if self.dry_run else 'stripped'}")
        return True

    def update_dimensions(self, instance, field):
        """A photo turned upright has its width and height swapped: the row says so."""
        if self.dry_run or not (field.width_field or field.height_field):
            return
        field_file = getattr(type(instance)._default_manager.get(pk=instance.pk), field.name)
        sizes = {field.width_field: field_file.width, field.height_field: field_file.height}
        # An update, not save(): the picture is the same, no content nor date changes.
        type(instance)._default_manager.filter(pk=instance.pk).update(**{k: v for k, v in sizes.items() if k})


def image_fields():
    """(model, field) of every UploadedImageField of the installed apps, whatever app holds it."""
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, UploadedImageField):
                yield model, field


def stored_files(storage, folder=""):
    """Every file name under `folder` of `storage`, renditions left out."""
    try:
        folders, files = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in sorted(files):
        yield str(PurePosixPath(folder, name)) if folder else name
    for child in sorted(folders):
        path = str(PurePosixPath(folder, child)) if folder else child
        if path != RENDITIONS_FOLDER:
            yield from stored_files(storage, path)


def _local_path(storage, name):
    try:
        return storage.path(name)
    except NotImplementedError:  # a remote storage (S3…)
        return None


def replace(storage, name, content):
    """Write `content` as the file `name`, which exists: atomically on disk, else over the old file."""
    path = _local_path(storage, name)
    if path is None:
        storage.delete(name)
        stored = storage.save(name, ContentFile(content))
        if stored != name:
            raise OSError(f"the storage saved it as {stored}")
        return
    descriptor, temporary = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".strip-")
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(content)
        os.chmod(temporary, os.stat(path).st_mode & 0o777)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
