"""What keeps the media library in line with its files."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from media_library import renditions
from media_library.models import MediaImage


@receiver(post_delete, sender=MediaImage, dispatch_uid="media-library-files")
def delete_files(sender, instance, **kwargs):
    """The file goes with the image: a picture taken down for its rights must not stay online."""
    storage, name, image_renditions = instance.file.storage, instance.file.name, instance.renditions
    renditions.delete_on_commit(storage, image_renditions)
    if name:
        transaction.on_commit(lambda: storage.delete(name))
