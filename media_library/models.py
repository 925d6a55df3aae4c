from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from media_library import renditions
from media_library.uploads import UploadedImageField

# The same renditions as covers (480 to 1600 pixels wide, WebP and the original's format), no social image.
BODY_IMAGE = renditions.Spec(widths=renditions.COVER.widths)


class MediaImageQuerySet(models.QuerySet):
    def for_body(self, ids, names):
        """The images a body refers to by id (data-file) or by file name, in one query."""
        return self.filter(models.Q(pk__in=ids) | models.Q(file__in=names)).only(
            "file", "width", "height", "renditions", "alt_text", "credit"
        )


class MediaImage(models.Model):
    """An image uploaded once, described once, and shown in as many articles as need it."""

    file = UploadedImageField(
        _("image"),
        upload_to="library/%Y/%m/",
        width_field="width",
        height_field="height",
    )
    alt_text = models.CharField(
        _("alternative text"),
        max_length=250,
        help_text=_("Describes the image for people who cannot see it, e.g. “Two hands typing on a laptop”."),
    )
    caption = models.CharField(
        _("caption"),
        max_length=300,
        blank=True,
        help_text=_("Plain text, offered as the figure's caption when the image is inserted in an article."),
    )
    credit = models.CharField(
        _("credit"),
        max_length=150,
        blank=True,
        help_text=_("Author or source of the image, shown under it, e.g. “Jeanne Martin / Unsplash”."),
    )
    width = models.PositiveIntegerField(_("width"), null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True, editable=False)
    renditions = models.JSONField(_("renditions"), default=dict, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    objects = MediaImageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        return self.alt_text

    def save(self, *args, **kwargs):
        obsolete = renditions.update(self, "file", "renditions", BODY_IMAGE)
        super().save(*args, **kwargs)
        renditions.delete_on_commit(self.file.storage, obsolete)

    def get_absolute_url(self):
        return self.file.url

    def picture(self):
        """The renditions.Picture of the image (the original file while it has no renditions)."""
        return renditions.picture(self.file, self.renditions, self.width, self.height)

    def thumbnail(self):
        """The smallest file that shows the image: its narrowest rendition, else the original."""
        images = [entry for entry in self.renditions.get("images", []) if entry["type"] == "image/webp"]
        if images and self.renditions.get("source") == self.file.name:
            return self.file.storage.url(min(images, key=lambda entry: entry["width"])["name"])
        return self.file.url
