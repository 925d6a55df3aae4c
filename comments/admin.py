from django.contrib import admin, messages
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import truncatechars
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from comments.models import BlockedWord, Comment


def _bulk(name, status_method, message):
    """The admin action `name`, calling `status_method` on each selected comment (the buttons' path).

    `message(count)` says what was done, in the reader's language.
    """

    def action(modeladmin, request, queryset):
        comments = list(queryset.select_related("article"))
        for comment in comments:
            getattr(comment, status_method)(request.user)
        count = len(comments)
        modeladmin.message_user(request, message(count) % {"count": count}, messages.SUCCESS)

    action.__name__ = name
    return action


class ReasonShownFilter(admin.SimpleListFilter):
    title = _("reason")
    parameter_name = "reason"

    def lookups(self, request, model_admin):
        return Comment.Reason.choices

    def queryset(self, request, queryset):
        return queryset.filter(reason=self.value()) if self.value() else queryset


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = [
        "quick_actions",
        "status",
        "excerpt",
        "author_name",
        "article_link",
        "reason_display",
        "created_at",
    ]
    list_display_links = ["excerpt"]
    list_filter = ["status", ReasonShownFilter, ("article", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["article"]
    search_fields = ["author_name", "author_email", "body", "article__title"]
    date_hierarchy = "created_at"
    list_per_page = 50
    actions = [
        admin.action(description=_("Approve the selected comments"), permissions=["change"])(
            _bulk(
                "approve",
                "approve",
                lambda n: ngettext("%(count)d comment approved.", "%(count)d comments approved.", n),
            )
        ),
        admin.action(description=_("Mark the selected comments as spam"), permissions=["change"])(
            _bulk(
                "mark_spam",
                "mark_spam",
                lambda n: ngettext("%(count)d comment marked as spam.", "%(count)d comments marked as spam.", n),
            )
        ),
        admin.action(description=_("Remove the selected comments"), permissions=["change"])(
            _bulk(
                "remove", "remove", lambda n: ngettext("%(count)d comment removed.", "%(count)d comments removed.", n)
            )
        ),
        admin.action(description=_("Restore the selected comments to the queue"), permissions=["change"])(
            _bulk(
                "restore",
                "requeue",
                lambda n: ngettext("%(count)d comment restored.", "%(count)d comments restored.", n),
            )
        ),
    ]
    fields = [
        "article",
        "parent",
        "status",
        "reason_display",
        "author_name",
        "author_email",
        "author_url",
        "body",
        "created_at",
        "moderated_at",
        "moderated_by",
        "ip_hash",
        "user_agent",
        "notify_on_publish",
        "notify_on_reply",
    ]
    # Moderators may correct what a reader wrote; everything else is the record of what happened.
    readonly_fields = [field for field in fields if field not in {"author_name", "author_email", "author_url", "body"}]

    def has_add_permission(self, request):
        return False  # comments come from readers

    def get_urls(self):
        return [
            path(
                "<int:pk>/moderate/<str:decision>/",
                self.admin_site.admin_view(require_POST(self.moderate_view)),
                name="comments_comment_moderate",
            ),
            *super().get_urls(),
        ]

    DECISIONS = {"approve": "approve", "spam": "mark_spam", "remove": "remove", "restore": "requeue"}
    NEXT_DECISIONS = {
        Comment.Status.PENDING: ["approve", "spam", "remove"],
        Comment.Status.APPROVED: ["spam", "remove"],
        Comment.Status.SPAM: ["approve", "restore"],
        Comment.Status.REMOVED: ["approve", "restore"],
        Comment.Status.WITHDRAWN: [],  # taken back by its author: nothing left to decide
    }

    def moderate_view(self, request, pk, decision):
        """One click from the list: the button posts the list's own form (and CSRF token) here."""
        comment = get_object_or_404(Comment, pk=pk)
        if decision not in self.DECISIONS or not self.has_change_permission(request, comment):
            return redirect("admin:comments_comment_changelist")
        getattr(comment, self.DECISIONS[decision])(request.user)
        self.message_user(
            request,
            _("Comment by %(name)s: %(status)s.")
            % {"name": comment.author_name, "status": comment.get_status_display()},
            messages.SUCCESS,
        )
        # Back to the list as it was filtered, if the browser says where that was.
        back = request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
            back = reverse("admin:comments_comment_changelist")
        return redirect(back)

    @admin.display(description=_("decide"))
    def quick_actions(self, comment):
        labels = {"approve": _("Approve"), "spam": _("Spam"), "remove": _("Remove"), "restore": _("Restore")}
        return format_html_join(
            "",
            '<button type="submit" class="button comment-decision comment-decision--{}" formaction="{}">{}</button>',
            (
                (decision, reverse("admin:comments_comment_moderate", args=[comment.pk, decision]), labels[decision])
                for decision in self.NEXT_DECISIONS[comment.status]
            ),
        )

    @admin.display(description=_("comment"))
    def excerpt(self, comment):
        return truncatechars(comment.body, 90)

    @admin.display(description=_("article"), ordering="article__title")
    def article_link(self, comment):
        return format_html(
            '<a href="{}#comment-{}">{}</a>', comment.article.get_absolute_url(), comment.pk, comment.article
        )

    @admin.display(description=_("reason"), ordering="reason")
    def reason_display(self, comment):
        return comment.reason_text


@admin.register(BlockedWord)
class BlockedWordAdmin(admin.ModelAdmin):
    list_display = ["word", "created_at"]
    search_fields = ["word"]
