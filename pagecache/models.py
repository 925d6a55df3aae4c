from django.db import models
from django.utils.translation import gettext_lazy as _


class Generation(models.Model):
    """The one row that says which version of the site readers see (see pagecache/changes.py).

    Written by database triggers only; `epoch` is drawn at random when the row is
    made, so that a new or restored database never meets pages kept for another.
    """

    epoch = models.CharField(_("epoch"), max_length=32)
    value = models.BigIntegerField(_("value"), default=0)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("generation")
        verbose_name_plural = _("generations")

    def __str__(self):
        return f"{self.epoch}.{self.value}"
