"""An article's revisions in the admin: the list, the difference between any two, the restore.

A ModelAdmin mixin adding three views beside the change form. They show only what
the admin itself would: the history to those who may view the article, the
restore to those who may change it (a writer: their own drafts). A revision is
always looked up within its article, so another article's is never compared or restored.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from newsroom.models import ArticleRevision
from newsroom.revisions import compare

REVISIONS_PER_PAGE = 50


def _revision_id(value):
    """The id in a query string, or None; Http404 for anything but digits."""
    if value in {None, ""}:
        return None
    if not value.isdecimal() or len(value) > 18:
        raise Http404
    return int(value)


class RevisionsAdminMixin:
    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/revisions/",
                view(self.revisions_view),
                name="{}_{}_revisions".format(*info),
            ),
            path(
                "<path:object_id>/revisions/compare/",
                view(self.revision_compare_view),
                name="{}_{}_revision_compare".format(*info),
            ),
            path(
                "<path:object_id>/revisions/<int:revision_id>/restore/",
                view(self.revision_restore_view),
                name="{}_{}_revision_restore".format(*info),
            ),
            *super().get_urls(),
        ]

    @admin.display(description=gettext_lazy("revisions"))
    def revisions_link(self, article):
        if not article.pk:
            return "—"
        count = article.revisions.count()
        label = ngettext("%(count)d revision: compare, restore", "%(count)d revisions: compare, restore", count)
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:articles_article_revisions", args=[article.pk], current_app=self.admin_site.name),
            label % {"count": count},
        )

    def _revisions_article(self, request, object_id, *, change=False):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404
        if change:
            allowed = self.has_change_permission(request, article)
        else:
            allowed = self.has_view_or_change_permission(request, article)
        if not allowed:
            raise PermissionDenied
        return article

    def _revisions_context(self, request, article, title):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "subtitle": str(article),
            "article": article,
            "can_restore": self.has_change_permission(request, article),
        }

    def revisions_view(self, request, object_id):
        """The article's revisions, newest first, a page at a time (never their bodies)."""
        article = self._revisions_article(request, object_id)
        revisions = article.revisions.select_related("user", "restored_from").defer(
            "body", "standfirst", "restored_from__body", "restored_from__standfirst"
        )
        context = {
            **self._revisions_context(request, article, _("Revisions")),
            "page": Paginator(revisions, REVISIONS_PER_PAGE).get_page(request.GET.get("p")),
            "latest_id": article.revisions.values_list("pk", flat=True).first(),
        }
        return TemplateResponse(request, "admin/articles/article/revisions.html", context)

    def revision_compare_view(self, request, object_id):
        """?from=&to=: what changed between two revisions (default: `to` and the one before it; the latest)."""
        article = self._revisions_article(request, object_id)
        revisions = article.revisions.select_related("user")
        to_id, from_id = _revision_id(request.GET.get("to")), _revision_id(request.GET.get("from"))
        newer = get_object_or_404(revisions, pk=to_id) if to_id else revisions.first()
        if newer is None:
            raise Http404
        if from_id:
            older = get_object_or_404(revisions, pk=from_id)
        else:
            older = revisions.filter(pk__lt=newer.pk).order_by("-pk").first()
        if older is not None and older.pk > newer.pk:
            older, newer = newer, older
        context = {
            **self._revisions_context(request, article, _("Compare revisions")),
            "older": older,
            "newer": newer,
            "diffs": compare(older, newer),
            "latest_id": article.revisions.values_list("pk", flat=True).first(),
        }
        return TemplateResponse(request, "admin/articles/article/revision_compare.html", context)

    def revision_restore_view(self, request, object_id, revision_id):
        """POST: the article's text and tags as they were in the revision, kept as a new revision."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._revisions_article(request, object_id, change=True)
        revisions_url = reverse(
            "admin:articles_article_revisions", args=[article.pk], current_app=self.admin_site.name
        )
        revision = ArticleRevision.objects.filter(pk=revision_id).first()
        if revision is None or revision.article_id != article.pk:
            messages.error(request, _("This revision is not one of this article’s: nothing was restored."))
            return redirect(revisions_url)
        revision.article = article
        with transaction.atomic():
            revision.restore(request.user)
        when = date_format(timezone.localtime(revision.created_at), "DATETIME_FORMAT")
        message = _("The revision of %(date)s is restored, as a new revision.") % {"date": when}
        self.log_change(request, article, message)
        messages.success(request, message)
        return redirect(reverse("admin:articles_article_change", args=[article.pk], current_app=self.admin_site.name))
