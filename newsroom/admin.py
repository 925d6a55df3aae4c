"""The writing desk: the article's admin, with the newsroom's workflow, revisions, autosave and writing aids."""

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.admin import live_slug_script
from articles.models import Article
from newsroom import publishing
from newsroom.admin_desk import WritingDeskMixin
from newsroom.admin_revisions import RevisionsAdminMixin
from newsroom.admin_tags import TagAdmin  # noqa: F401 (registered there, in place of taggit's)
from newsroom.admin_workflow import ReviewWorkflowMixin
from newsroom.editing import ArticleEditingMixin
from newsroom.forms import ArticleAdminForm


class VisibilityFilter(admin.SimpleListFilter):
    """Draft, in review, scheduled or published, as editors think of them, with how many of each."""

    title = _("visibility")
    parameter_name = "visibility"
    labels = {
        "draft": _("Draft"),
        "in_review": _("In review"),
        "scheduled": _("Scheduled"),
        "published": _("Published"),
    }

    def lookups(self, request, model_admin):
        counts = model_admin.get_queryset(request).visibility_counts()
        return [(name, f"{label} ({counts[name]})") for name, label in self.labels.items()]

    def queryset(self, request, queryset):
        if self.value() in self.labels:
            return queryset.filter(Article.visibility_conditions(timezone.now())[self.value()])
        return queryset


@admin.register(Article)
class ArticleAdmin(WritingDeskMixin, ArticleEditingMixin, ReviewWorkflowMixin, RevisionsAdminMixin, admin.ModelAdmin):
    form = ArticleAdminForm
    # The title first and widest, where the article stands as a badge, then what tells articles apart.
    list_display = [
        "title",
        "visibility",
        "category",
        "author",
        "published_at",
        "reading_time_display",
    ]
    list_select_related = ["author", "category"]
    # Visibility says more than the status (scheduled is a published article with a date to come).
    list_filter = [VisibilityFilter, "category", "author", "featured", "tags"]
    search_fields = ["title", "standfirst", "body_text"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}  # filled with the server's slug: articles.admin.live_slug_script
    autocomplete_fields = ["author", "category", "related_picks"]
    readonly_fields = [
        "reading_time",
        "word_count",
        "created_at",
        "updated_at",
        "content_changed_at",
        "preview_link",
        "revisions_link",
    ]
    # Defined in ReviewWorkflowMixin, with who may use them.
    actions = ["submit_for_review", "publish_now", "unpublish"]
    list_per_page = 50

    class Media:
        js = [live_slug_script("article")]

    # The writing screen (newsroom/admin_desk.py): the text on the left, the rest in the sidebar.
    fieldsets = [
        (None, {"fields": ["title", "slug", "standfirst", "body"], "classes": ["desk-main"]}),
        (_("Publication"), {"fields": ["status", "published_at"], "classes": ["desk-date"]}),
        (
            None,
            {
                "fields": ["featured", "review_note", "preview_link", "revisions_link"],
                "classes": ["desk-options"],
            },
        ),
        (_("Cover"), {"fields": ["cover", "cover_alt"]}),
        (_("Classification"), {"fields": ["category", "tags", "author", "related_picks"]}),
        (
            _("Search engines and reading time"),
            {"fields": ["seo_title", "seo_description", "reading_time_override"], "classes": ["collapse"]},
        ),
        (
            _("History"),
            {
                "fields": ["reading_time", "word_count", "created_at", "updated_at", "content_changed_at"],
                "classes": ["collapse"],
            },
        ),
    ]

    @admin.display(description=_("visibility"), ordering="status")
    def visibility(self, article):
        return format_html(
            '<span class="status-badge status-badge--{}">{}</span>',
            publishing.stage(article),
            article.get_visibility_display(),
        )

    @admin.display(description=_("reading"), ordering="reading_time")
    def reading_time_display(self, article):
        return ngettext("%(minutes)d min", "%(minutes)d min", article.reading_time) % {"minutes": article.reading_time}

    @admin.display(description=_("preview"))
    def preview_link(self, article):
        if not article.pk:
            return "—"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("articles:preview", args=[article.pk]),
            _("Preview"),
        )

    def view_on_site(self, article):
        # Readers' URL once public; until then the preview, which editors can open.
        if article.is_public:
            return article.get_absolute_url()
        return reverse("articles:preview", args=[article.pk])

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        profile = getattr(request.user, "author_profile", None)
        if profile is not None:
            initial.setdefault("author", profile.pk)
        return initial
