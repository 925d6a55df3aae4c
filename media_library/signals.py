"""What keeps the media library in line with the articles and the files."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from articles import renditions
from articles.models import Article
from media_library.figures import references
from media_library.models import MediaImage


@receiver(post_save, sender=Article, dispatch_uid="media-library-usage")
def record_images_used(sender, instance, created, raw=False, **kwargs):
    """Which library images the article shows: the deletion guard lists articles from it.

    A signal, because bodies change from the admin, revisions, imports and the shell alike.
    """
    if raw:
        return
    ids, names = references(instance.body)
    if not ids and not names:
        if not created:
            instance.media_images.clear()
        return
    instance.media_images.set(MediaImage.objects.for_body(ids, names).values_list("pk", flat=True))


@receiver(post_delete, sender=MediaImage, dispatch_uid="media-library-files")
def delete_files(sender, instance, **kwargs):
    """The file goes with the image: a picture taken down for its rights must not stay online."""
    storage, name, image_renditions = instance.file.storage, instance.file.name, instance.renditions
    renditions.delete_on_commit(storage, image_renditions)
    if name:
        transaction.on_commit(lambda: storage.delete(name))
