from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportedItem(models.Model):
    """What an import made of one WordPress item, so that running it again imports nothing twice."""

    class Kind(models.TextChoices):
        AUTHOR = "author", _("author")
        CATEGORY = "category", _("category")
        TAG = "tag", _("tag")
        POST = "post", _("post or page")
        COMMENT = "comment", _("comment")

    site = models.CharField(
        _("WordPress site"),
        max_length=200,
        help_text=_("The exported site's address: two sites' ids never mix."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    wp_id = models.CharField(
        _("WordPress id"),
        max_length=200,
        help_text=_("An author's is the login, a category's or tag's its WordPress slug."),
    )
    object_id = models.PositiveBigIntegerField(_("Refbax id"))
    fingerprint = models.CharField(
        _("fingerprint"),
        max_length=64,
        blank=True,
        help_text=_("A digest of the exported data, to tell whether WordPress changed it since."),
    )
    imported_at = models.DateTimeField(_("imported"), default=timezone.now)

    class Meta:
        db_table = "refbax_importeditem"  # made when it belonged to the project's package
        ordering = ["site", "kind", "pk"]
        verbose_name = _("imported WordPress item")
        verbose_name_plural = _("imported WordPress items")
        constraints = [models.UniqueConstraint(fields=["site", "kind", "wp_id"], name="unique_imported_item")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.wp_id} ({self.site})"
