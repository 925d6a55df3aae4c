"""Make the renditions of every cover, avatar and library image again: after a change of sizes or a restore."""

from django.core.management.base import BaseCommand

from articles.models import Article, Author
from media_library import renditions
from media_library.models import BODY_IMAGE, MediaImage

BAR_WIDTH = 30


class Command(BaseCommand):
    help = "Rebuild the responsive renditions of all article covers, author avatars and media library images."

    def add_arguments(self, parser):
        parser.add_argument(
            "--missing", action="store_true", help="Only images that have no renditions of their current file."
        )

    def handle(self, *args, missing=False, **options):
        jobs = [
            (Article, "cover", "cover_renditions", renditions.COVER),
            (Author, "avatar", "avatar_renditions", renditions.AVATAR),
            (MediaImage, "file", "renditions", BODY_IMAGE),
        ]
        failures = 0
        for model, field_name, renditions_name, spec in jobs:
            rows = model.objects.exclude(**{field_name: ""}).only("pk", field_name, renditions_name).order_by("pk")
            total = rows.count()
            label = model._meta.verbose_name_plural
            for done, instance in enumerate(rows.iterator(), start=1):
                failures += not self.rebuild(instance, field_name, renditions_name, spec, missing)
                self.progress(label, done, total)
            if total:
                self.stdout.write("")
        style = self.style.WARNING if failures else self.style.SUCCESS
        self.stdout.write(style(f"Done; {failures} image(s) could not be read (details in the log)."))

    def rebuild(self, instance, field_name, renditions_name, spec, missing):
        """Replace the instance's renditions; False when its image cannot be made into any."""
        field_file = getattr(instance, field_name)
        current = getattr(instance, renditions_name) or {}
        if missing and current.get("source") == field_file.name:
            return True
        try:
            fresh = renditions.build(field_file, spec)
        except renditions.RenditionError as error:
            self.stderr.write(f"\n{error}")
            fresh = {}
        # An update, not save(): rebuilding images changes no content and no date.
        type(instance).objects.filter(pk=instance.pk).update(**{renditions_name: fresh})
        renditions.delete_on_commit(field_file.storage, current)
        return bool(fresh)

    def progress(self, label, done, total):
        filled = BAR_WIDTH * done // total
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        self.stdout.write(f"\r{label}: [{bar}] {done}/{total}", ending="")
        self.stdout.flush()
