from urllib.parse import unquote

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from site_settings.models import validate_link


def validate_old_path(value):
    if not value.startswith("/") or value.startswith("//"):
        raise ValidationError(_("Enter a path starting with /, such as /2019/05/my-post/."), code="invalid")


class Redirect(models.Model):
    """An old address of the site answered with a permanent redirect: a WordPress permalink, say.

    Consulted only where the site has no page (see redirects/middleware.py), so a
    redirect can never hide one.
    """

    old_path = models.CharField(
        _("old path"),
        max_length=500,
        unique=True,
        validators=[validate_old_path],
        help_text=_("A path on this site, such as /2019/05/my-post/ or /?p=123."),
    )
    new_path = models.CharField(
        _("new path"),
        max_length=500,
        validators=[validate_link],
        help_text=_("Where readers and search engines are sent for good (301): a path or a full URL."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        db_table = "refbax_redirect"  # made when it belonged to the project's package
        ordering = ["old_path"]
        verbose_name = _("redirect")
        verbose_name_plural = _("redirects")

    def __str__(self):
        return f"{self.old_path} → {self.new_path}"

    def save(self, *args, **kwargs):
        # Requests arrive with their path decoded: /2019/l%C3%A9t%C3%A9/ is looked up as /2019/lété/.
        self.old_path = self.normalize(self.old_path)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.old_path  # "View on site" tries the redirect itself

    def clean(self):
        if self.normalize(self.old_path) == self.new_path.strip():
            raise ValidationError({"new_path": _("A redirect cannot lead back to its own path.")})

    @staticmethod
    def normalize(path):
        return unquote(path.strip())
