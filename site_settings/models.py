from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from pagecache import changes


def validate_link(value):
    """A site path such as /contact/, an http(s) URL or a mailto: address; never javascript: or data:."""
    # "//host" and "/\\host" both lead browsers to another site.
    if value.startswith("/") and not value.startswith(("//", "/\\")):
        return
    if value.startswith("mailto:"):
        EmailValidator()(value.removeprefix("mailto:").split("?", 1)[0])
        return
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError as error:
        raise ValidationError(
            _("Enter a path starting with /, a URL starting with https:// or a mailto: address."),
            code="invalid",
        ) from error


class SiteSettings(models.Model):
    """The site's one row of settings, edited in the admin."""

    name = models.CharField(_("site name"), max_length=80, default="Refbax")
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    cta_title = models.CharField(_("call-to-action title"), max_length=120, blank=True)
    cta_text = models.TextField(_("call-to-action text"), blank=True)
    cta_label = models.CharField(_("call-to-action button"), max_length=60, blank=True)
    cta_url = models.CharField(
        _("call-to-action link"),
        max_length=300,
        blank=True,
        validators=[validate_link],
        help_text=_("An absolute URL or a path such as /contact/."),
    )
    facebook = models.URLField("Facebook", blank=True)
    x = models.URLField("X (Twitter)", blank=True)
    linkedin = models.URLField("LinkedIn", blank=True)
    instagram = models.URLField("Instagram", blank=True)
    youtube = models.URLField("YouTube", blank=True)
    mastodon = models.URLField("Mastodon", blank=True)

    class Meta:
        db_table = "refbax_sitesettings"  # made when it belonged to the project's package
        ordering = ["pk"]
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def __str__(self):
        return str(_("Site settings"))

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls):
        """The settings row, or the defaults until one is saved; kept until the site changes.

        Never a write: a reader's request does not move the generation.
        """
        return changes.kept("site-settings", lambda: cls.objects.filter(pk=1).first() or cls(pk=1))

    def social_links(self):
        candidates = [
            ("Facebook", self.facebook),
            ("X", self.x),
            ("LinkedIn", self.linkedin),
            ("Instagram", self.instagram),
            ("YouTube", self.youtube),
            ("Mastodon", self.mastodon),
        ]
        return [(label, url) for label, url in candidates if url]

    @property
    def has_call_to_action(self):
        return bool(self.cta_title and self.cta_url)
