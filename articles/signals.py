"""What follows a change of an article or an author: tags and content dates, library images used, files."""

import re

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, Author, TaggedArticle
from articles.slugs import unique_slug
from media_library import renditions
from media_library.figures import references
from media_library.models import MediaImage


@receiver(m2m_changed, sender=TaggedArticle)
def tags_changed(sender, instance, action, pk_set, **kwargs):
    """Tags show on the page and in its metadata: adding or removing one changes the content.

    A signal rather than code in a form, because taggit changes tags after the
    article's save, from the admin, imports and the shell alike.
    """
    if (action in {"post_add", "post_remove"} and pk_set) or action == "post_clear":
        instance.content_changed_at = max(timezone.now(), instance.published_at)
        Article.objects.filter(pk=instance.pk).update(content_changed_at=instance.content_changed_at)


@receiver(pre_save, sender=Tag, dispatch_uid="articles-tag-slug")
def tag_slug(sender, instance, raw=False, **kwargs):
    """A new tag's slug follows the site's rule (articles.slugs), not taggit's own.

    A signal, because taggit makes tags itself (the admin's tag field, `article.tags.add()`);
    a slug someone chose, other than the one taggit derives, is kept.
    """
    if raw or not instance._state.adding:
        return
    derived = instance.slugify(instance.name)
    if not instance.slug or re.fullmatch(rf"{re.escape(derived)}(_\d+)?", instance.slug):
        instance.slug = unique_slug(instance, instance.name)


@receiver(post_save, sender=Article, dispatch_uid="articles-media-images-used")
def record_images_used(sender, instance, created, raw=False, **kwargs):
    """Which library images the article shows: the library's deletion guard lists articles from it.

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


# Signals, not delete() methods: the admin deletes selections with a queryset.
@receiver(post_delete, sender=Article)
def delete_cover_renditions(sender, instance, **kwargs):
    renditions.delete_on_commit(instance.cover.storage, instance.cover_renditions)


@receiver(post_delete, sender=Author)
def delete_avatar_renditions(sender, instance, **kwargs):
    renditions.delete_on_commit(instance.avatar.storage, instance.avatar_renditions)
