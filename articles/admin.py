from django.contrib import admin, messages
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.models import Article, Author, Category


class VisibilityFilter(admin.SimpleListFilter):
    """Draft, scheduled or published, as editors think of them."""

    title = _("visibility")
    parameter_name = "visibility"

    def lookups(self, request, model_admin):
        return [
            ("draft", _("Draft")),
            ("scheduled", _("Scheduled")),
            ("published", _("Published")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        published = Q(status=Article.Status.PUBLISHED)
        match self.value():
            case "draft":
                return queryset.filter(status=Article.Status.DRAFT)
            case "scheduled":
                return queryset.filter(published, published_at__gt=now)
            case "published":
                return queryset.filter(published, published_at__lte=now)
        return queryset


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "visibility",
        "published_at",
        "author",
        "category",
        "reading_time_display",
        "featured",
        "preview_link",
    ]
    list_select_related = ["author", "category"]
    list_filter = [VisibilityFilter, "status", "category", "tags", "author", "featured"]
    search_fields = ["title", "standfirst", "body_text"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["author", "category", "related_picks"]
    readonly_fields = [
        "reading_time",
        "word_count",
        "created_at",
        "updated_at",
        "content_changed_at",
        "preview_link",
    ]
    actions = ["publish_now", "unpublish"]
    list_per_page = 50
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["title", "slug", "standfirst", "body"]}),
        (_("Illustration"), {"fields": ["cover", "cover_alt"]}),
        (
            _("Classification"),
            {"fields": ["author", "category", "tags", "related_picks"]},
        ),
        (
            _("Publication"),
            {"fields": ["status", "published_at", "featured", "preview_link"]},
        ),
        (
            _("Search engines and reading time"),
            {
                "fields": [
                    "seo_title",
                    "seo_description",
                    "reading_time_override",
                    "reading_time",
                    "word_count",
                ],
                "classes": ["collapse"],
            },
        ),
        (
            _("History"),
            {"fields": ["created_at", "updated_at", "content_changed_at"], "classes": ["collapse"]},
        ),
    ]

    @admin.display(description=_("visibility"), ordering="status")
    def visibility(self, article):
        return article.get_visibility_display()

    @admin.display(description=_("reading time"), ordering="reading_time")
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

    @admin.action(description=_("Publish the selected articles now"), permissions=["change"])
    def publish_now(self, request, queryset):
        count = 0
        for article in queryset.exclude(status=Article.Status.PUBLISHED, published_at__lte=timezone.now()):
            article.status = Article.Status.PUBLISHED
            article.published_at = timezone.now()
            article.save()
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d article published.", "%(count)d articles published.", count) % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Move the selected articles back to draft"),
        permissions=["change"],
    )
    def unpublish(self, request, queryset):
        count = 0
        for article in queryset.exclude(status=Article.Status.DRAFT):
            article.status = Article.Status.DRAFT
            article.save()
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d article moved to draft.",
                "%(count)d articles moved to draft.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "article_count"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        # The annotation groups rows, which drops Meta.ordering: restate it.
        return super().get_queryset(request).annotate(article_count=Count("articles")).order_by("position", "name")

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, category):
        return category.article_count


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "user", "article_count"]
    list_select_related = ["user"]
    search_fields = ["name", "bio"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "user", "bio", "avatar"]}),
        (_("Links"), {"fields": ["website", "linkedin", "x", "mastodon", "github"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        # Linking a profile to an account would list the accounts: only for those who manage them.
        return [] if request.user.has_perm("auth.view_user") else ["user"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles")).order_by("name")

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, author):
        return author.article_count
