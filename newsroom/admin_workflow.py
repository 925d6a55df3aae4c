"""The review workflow in the article admin: what writers may touch, and what each change of status sets off.

A ModelAdmin mixin over articles/workflow.py's rules. Writers get a form without
the fields they may not change and a status list without "published"; the form
(articles/forms.py) and save_model check the move again, so a crafted POST
changes nothing. Every save keeps a revision; a change of status e-mails whom it concerns.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.models import Article
from newsroom import notifications, workflow
from newsroom.models import ArticleRevision

# What only those who publish may change: who signs, when it goes out, the home page, the editors' note.
PUBLISHER_FIELDS = ["author", "published_at", "featured", "review_note"]


class ReviewWorkflowMixin:
    def has_publish_permission(self, request):
        """For the actions declared with permissions=["publish"]."""
        return super().has_change_permission(request) and workflow.can_publish(request.user)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or workflow.can_edit(request.user, obj))

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not workflow.can_publish(request.user):
            fields += [name for name in PUBLISHER_FIELDS if name not in fields]
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and not self.has_change_permission(request, obj):
            return fieldsets  # read only: nothing to save, no version to carry
        (name, options), *others = fieldsets
        return [(name, {**options, "fields": [*options["fields"], "loaded_version"]}), *others]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user
        return form

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status":
            kwargs["choices"] = [(status.value, status.label) for status in workflow.allowed_statuses(request.user)]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, object_id) if request.method == "GET" else None
        if article and article.review_note and article.status == Article.Status.DRAFT:
            messages.warning(request, _("Sent back by the editors: %(note)s") % {"note": article.review_note})
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        before = form.status_before
        if not workflow.may_move(request.user, before, obj.status):
            raise PermissionDenied
        event = workflow.event(before, obj.status)
        if event == workflow.Event.PUBLISHED:
            obj.review_note = ""
        super().save_model(request, obj, form, change)
        notifications.announce(obj, event, request.user)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # After the tags: a revision keeps them too.
        ArticleRevision.objects.record(form.instance, request.user)

    def _move(self, request, article, status, **fields):
        """Save `article` with `status` as an action does: a revision, and the e-mail the move owes."""
        event = workflow.event(article.status, status)
        article.status = status
        for name, value in fields.items():
            setattr(article, name, value)
        article.save()
        ArticleRevision.objects.record(article, request.user)
        notifications.announce(article, event, request.user)

    @admin.action(description=_("Submit the selected drafts for review"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        drafts = [
            article
            for article in queryset.filter(status=Article.Status.DRAFT).select_related("author")
            if workflow.can_edit(request.user, article)
        ]
        for article in drafts:
            self._move(request, article, Article.Status.IN_REVIEW)
        count = len(drafts)
        self.message_user(
            request,
            ngettext("%(count)d article submitted for review.", "%(count)d articles submitted for review.", count)
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )

    @admin.action(description=_("Publish the selected articles now"), permissions=["publish"])
    def publish_now(self, request, queryset):
        now = timezone.now()
        articles = list(queryset.exclude(status=Article.Status.PUBLISHED, published_at__lte=now))
        for article in articles:
            self._move(request, article, Article.Status.PUBLISHED, published_at=timezone.now(), review_note="")
        count = len(articles)
        self.message_user(
            request,
            ngettext("%(count)d article published.", "%(count)d articles published.", count) % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Move the selected articles back to draft"), permissions=["publish"])
    def unpublish(self, request, queryset):
        # Published and scheduled ones; one in review goes back with a note, from its form.
        articles = list(queryset.filter(status=Article.Status.PUBLISHED))
        for article in articles:
            self._move(request, article, Article.Status.DRAFT)
        count = len(articles)
        self.message_user(
            request,
            ngettext("%(count)d article moved to draft.", "%(count)d articles moved to draft.", count)
            % {"count": count},
            messages.SUCCESS,
        )
