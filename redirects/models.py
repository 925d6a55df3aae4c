"""Old addresses (Redirect), the addresses readers did not find (NotFound), and the links of articles (Link)."""

from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from site_settings.models import validate_link

# Hops followed when a redirect leads to another one: beyond, it is a loop or a mistake.
MAX_CHAIN = 10


def validate_old_path(value):
    if not value.startswith("/") or value.startswith("//"):
        raise ValidationError(_("Enter a path starting with /, such as /2019/05/my-post/."), code="invalid")
    if "\x00" in value:
        raise ValidationError(_("A path cannot hold a NUL character."), code="invalid")


def site_path(url):
    """The path of `url` when it leads to this site (SITE_URL's host, or a bare path); None otherwise."""
    parts = urlsplit(url)
    if not parts.netloc and url.startswith("/") and not url.startswith("//"):
        return url
    site = urlsplit(settings.SITE_URL)
    if parts.scheme in {"http", "https"} and parts.netloc.lower() == site.netloc.lower():
        return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return None


class RedirectQuerySet(models.QuerySet):
    def final_target(self, target, *, start=None):
        """Where `target` ends up after the redirects that follow it; ValidationError on a loop.

        `start` is the path of the redirect being made: reaching it again is a loop.
        """
        seen = {start} if start else set()
        for _hop in range(MAX_CHAIN):
            path = site_path(target)
            if path is None:
                return target
            path = Redirect.normalize(path)
            if path in seen:
                raise ValidationError(
                    {"new_path": _("This redirect would lead back to %(path)s: a loop.") % {"path": path}}
                )
            seen.add(path)
            following = self.filter(old_path=path).values_list("new_path", flat=True).first()
            if following is None:
                return target
            target = following
        raise ValidationError({"new_path": _("This target goes through too many redirects.")})


class Redirect(models.Model):
    """An old address of the site answered with a permanent redirect: a WordPress permalink, a renamed article.

    Consulted only where the site has no page (see redirects/middleware.py), so a
    redirect can never hide one. Renames of published articles, categories, tags
    and authors record theirs from the database itself (redirects/renames.py).
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
    # Set by a rename: the articles that link to old_path are still to be pointed at new_path.
    links_to_rewrite = models.BooleanField(_("links to rewrite"), default=False, editable=False)

    objects = RedirectQuerySet.as_manager()

    class Meta:
        db_table = "refbax_redirect"  # made when it belonged to the project's package
        ordering = ["old_path"]
        verbose_name = _("redirect")
        verbose_name_plural = _("redirects")
        indexes = [models.Index(fields=["new_path"], name="redirect_new_path_idx")]

    def __str__(self):
        return f"{self.old_path} → {self.new_path}"

    def save(self, *args, **kwargs):
        # Requests arrive with their path decoded: /2019/l%C3%A9t%C3%A9/ is looked up as /2019/lété/.
        self.old_path = self.normalize(self.old_path)
        self.new_path = self.new_path.strip()
        super().save(*args, **kwargs)
        # Chains collapse: what led here now leads straight to the end.
        leading_here = Redirect.objects.filter(new_path=self.old_path).exclude(pk=self.pk)
        leading_here.exclude(old_path=self.new_path).update(new_path=self.new_path)

    def get_absolute_url(self):
        return self.old_path  # "View on site" tries the redirect itself

    def clean(self):
        old_path = self.normalize(self.old_path)
        target = self.new_path.strip()
        path = site_path(target)
        if path is not None and self.normalize(path) == old_path:
            raise ValidationError({"new_path": _("A redirect cannot lead back to its own path.")})
        if target:
            self.new_path = Redirect.objects.exclude(pk=self.pk).final_target(target, start=old_path)

    @staticmethod
    def normalize(path):
        return unquote(path.strip())


class NotFound(models.Model):
    """An address of the site that readers asked for and did not find, with how often.

    Nothing personal: no IP address, no full referrer, no user agent; only the
    host of the site that linked here. Counted in memory and written in batches
    (redirects/not_found.py); the table keeps the MAX_ROWS most useful rows.
    """

    path = models.CharField(_("path"), max_length=500, unique=True)
    hits = models.PositiveIntegerField(_("hits"), default=0)
    first_seen = models.DateTimeField(_("first seen"))
    last_seen = models.DateTimeField(_("last seen"))
    referrer_host = models.CharField(
        _("linked from"), max_length=255, blank=True, help_text=_("The host of the last site that linked here.")
    )
    ignored = models.BooleanField(_("ignored"), default=False)

    class Meta:
        ordering = ["-hits", "path"]
        verbose_name = _("page not found")
        verbose_name_plural = _("pages not found")
        indexes = [
            models.Index(fields=["-hits", "path"], name="notfound_hits_idx"),
            # Pruning takes the rarest, then the oldest.
            models.Index(fields=["hits", "last_seen"], name="notfound_prune_idx"),
        ]

    def __str__(self):
        return self.path

    def get_absolute_url(self):
        return self.path


class Link(models.Model):
    """A link found in published articles, and what the last check of it found."""

    class State(models.TextChoices):
        UNCHECKED = "unchecked", _("Not checked yet")
        OK = "ok", _("Working")
        REDIRECTED = "redirected", _("Redirected")
        BROKEN = "broken", _("Broken")
        # The server answered, but refuses robots (401, 403, 429…): nothing to conclude.
        UNVERIFIED = "unverified", _("Could not be verified")

    url = models.CharField(_("address"), max_length=2000, unique=True)
    internal = models.BooleanField(_("on this site"), default=False)
    state = models.CharField(_("state"), max_length=20, choices=State, default=State.UNCHECKED)
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    error = models.CharField(_("problem"), max_length=300, blank=True)
    redirected_to = models.CharField(_("redirected to"), max_length=2000, blank=True)
    checked_at = models.DateTimeField(_("last checked"), null=True, blank=True)
    articles = models.ManyToManyField(
        "articles.Article", verbose_name=_("articles"), related_name="checked_links", blank=True
    )

    class Meta:
        ordering = ["url"]
        verbose_name = _("link")
        verbose_name_plural = _("links")
        indexes = [models.Index(fields=["state", "url"], name="link_state_idx")]

    def __str__(self):
        return self.url

    def get_absolute_url(self):
        return reverse("admin:redirects_link_change", args=[self.pk])
