from urllib.parse import unquote

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import models
from django.utils import timezone
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


def validate_old_path(value):
    if not value.startswith("/") or value.startswith("//"):
        raise ValidationError(_("Enter a path starting with /, such as /2019/05/my-post/."), code="invalid")


class Redirect(models.Model):
    """An old address of the site answered with a permanent redirect: a WordPress permalink, say.

    Consulted only where the site has no page (see refbax/redirects.py), so a
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


class ImportedItem(models.Model):
    """What an import made of one WordPress item, so that running it again imports nothing twice."""

    class Kind(models.TextChoices):
        AUTHOR = "author", _("author")
        CATEGORY = "category", _("category")
        POST = "post", _("post or page")
        COMMENT = "comment", _("comment")

    site = models.CharField(
        _("WordPress site"),
        max_length=200,
        help_text=_("The exported site's address: two sites' ids never mix."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    wp_id = models.CharField(_("WordPress id"), max_length=200, help_text=_("An author's is the login."))
    object_id = models.PositiveBigIntegerField(_("Refbax id"))
    fingerprint = models.CharField(
        _("fingerprint"),
        max_length=64,
        blank=True,
        help_text=_("A digest of the exported data, to tell whether WordPress changed it since."),
    )
    imported_at = models.DateTimeField(_("imported"), default=timezone.now)

    class Meta:
        ordering = ["site", "kind", "pk"]
        verbose_name = _("imported WordPress item")
        verbose_name_plural = _("imported WordPress items")
        constraints = [models.UniqueConstraint(fields=["site", "kind", "wp_id"], name="unique_imported_item")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.wp_id} ({self.site})"
