"""What the newsroom keeps beside the articles: every saved version, and each editor's unsaved copy."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article


class ArticleRevisionQuerySet(models.QuerySet):
    def record(self, article, user=None, *, restored_from=None):
        """Keep `article` as it was just saved, tags included: call it once they are set.

        The admin, its actions, the restore, the WordPress import and the demo call it
        after each save; readers' pages never read revisions.
        """
        previous = self.filter(article=article).order_by("-pk").first()
        revision = ArticleRevision(
            article=article,
            version=article.version,
            user=user if user is not None and user.is_authenticated else None,
            title=article.title,
            standfirst=article.standfirst,
            body=article.body,
            tags=sorted(article.tags.names(), key=str.casefold),
            status=article.status,
            restored_from=restored_from,
        )
        revision.changed_fields = revision.changes_since(previous)
        revision.save(using=self.db)
        return revision


class ArticleRevision(models.Model):
    """An article as one save left it: who, when, its text, tags and status, and what changed."""

    # What a revision keeps, in the order the history shows them.
    FIELDS = ("title", "standfirst", "body", "tags", "status")

    article = models.ForeignKey(
        "articles.Article", verbose_name=_("article"), on_delete=models.CASCADE, related_name="revisions"
    )
    version = models.PositiveIntegerField(_("version"), help_text=_("The article's version this revision keeps."))
    created_at = models.DateTimeField(_("saved"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=200)
    standfirst = models.TextField(_("standfirst"), blank=True)
    body = models.TextField(_("body"), blank=True)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Article.Status)
    changed_fields = models.JSONField(
        _("changed fields"), default=list, blank=True, help_text=_("What changed since the previous revision.")
    )
    restored_from = models.ForeignKey(
        "self",
        verbose_name=_("restored from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ArticleRevisionQuerySet.as_manager()

    class Meta:
        db_table = "articles_articlerevision"  # made when the articles app kept it
        ordering = ["-created_at", "-pk"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        indexes = [models.Index(fields=["article", "-created_at"], name="article_revisions_idx")]

    def __str__(self):
        return _("Version %(version)s") % {"version": self.version}

    def get_absolute_url(self):
        """This revision compared with the one before it, in the admin."""
        return reverse("admin:articles_article_revision_compare", args=[self.article_id]) + f"?to={self.pk}"

    def changed_field_labels(self):
        return [str(self._meta.get_field(name).verbose_name) for name in self.changed_fields if name in self.FIELDS]

    def changes_since(self, previous):
        """The names of FIELDS that differ from `previous` (all of them for the first revision)."""
        if previous is None:
            return list(self.FIELDS)
        return [name for name in self.FIELDS if getattr(self, name) != getattr(previous, name)]

    def restore(self, user):
        """Put the article's title, standfirst, body and tags back as they were here; return the new revision.

        The status stays: publishing is a workflow decision (newsroom/workflow.py),
        never a side effect of a restore.
        """
        article = self.article
        article.title, article.standfirst, article.body = self.title, self.standfirst, self.body
        article.save()
        article.tags.set(self.tags)
        return ArticleRevision.objects.record(article, user, restored_from=self)


class Autosave(models.Model):
    """An editor's unsaved copy of the article form, kept by the autosave (newsroom/editing.py).

    One per editor and article, and one per editor for a new article (no article);
    offered back when the editor reopens the form, deleted when they save the article.
    """

    # The fields an autosave keeps: what an editor types. Files, status and dates stay out.
    FIELDS = ("title", "slug", "standfirst", "body", "cover_alt", "tags", "seo_title", "seo_description")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.CASCADE,
        related_name="article_autosaves",
    )
    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="autosaves",
    )
    data = models.JSONField(_("unsaved fields"), default=dict)
    saved_at = models.DateTimeField(_("saved at"), auto_now=True)

    class Meta:
        db_table = "articles_articledraft"  # made when the articles app kept it, as Autosave
        ordering = ["-saved_at"]
        verbose_name = _("autosaved draft")
        verbose_name_plural = _("autosaved drafts")
        constraints = [
            models.UniqueConstraint(fields=["user", "article"], name="unique_article_draft"),
            models.UniqueConstraint(
                fields=["user"], condition=Q(article__isnull=True), name="unique_new_article_draft"
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.article or _('new article')}"
