"""The redirect table, the 404 log (with its one-click redirects) and the link checks, in the admin."""

from urllib.parse import urlencode, urlsplit

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from redirects import writing
from redirects.models import Link, NotFound, Redirect, site_path
from redirects.suggestions import suggest


class RedirectForm(forms.ModelForm):
    to_another_site = forms.BooleanField(
        label=_("Send readers to another site"),
        required=False,
        help_text=_("Tick it to confirm a target on another host: readers will leave this site."),
    )

    class Meta:
        model = Redirect
        fields = ["old_path", "new_path"]

    def clean_new_path(self):
        target = self.cleaned_data["new_path"].strip()
        if target.startswith("mailto:"):
            raise ValidationError(_("A redirect leads to a page: enter a path or an address starting with https://."))
        # A full address of this very site is kept as its path: it follows the site if its domain changes.
        return site_path(target) or target

    def clean(self):
        cleaned = super().clean()
        target = cleaned.get("new_path")
        if target and site_path(target) is None and not cleaned.get("to_another_site"):
            host = urlsplit(target).hostname or target
            self.add_error(
                "new_path",
                _("This address leads to another site (%(host)s). Tick “Send readers to another site” to confirm.")
                % {"host": host},
            )
        return cleaned


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    form = RedirectForm
    list_display = ["old_path", "new_path", "created_at"]
    search_fields = ["old_path", "new_path"]
    date_hierarchy = "created_at"
    list_per_page = 100


class IgnoredFilter(admin.SimpleListFilter):
    """The addresses still to deal with by default; the ignored ones on request."""

    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("ignored", _("Ignored")), ("all", _("All addresses"))]

    def choices(self, changelist):
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("To deal with"),
        }
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if self.value() == "all":
            return queryset
        return queryset.filter(ignored=self.value() == "ignored")


@admin.register(NotFound)
class NotFoundAdmin(admin.ModelAdmin):
    list_display = ["path", "hits", "last_seen", "referrer_host", "suggested_targets", "quick_actions"]
    list_filter = [IgnoredFilter]
    search_fields = ["path", "referrer_host"]
    readonly_fields = ["path", "hits", "first_seen", "last_seen", "referrer_host"]
    fields = [*readonly_fields, "ignored"]
    ordering = ["-hits", "path"]
    list_per_page = 50
    actions = ["ignore_selected"]

    def has_add_permission(self, request):
        return False  # readers' requests fill it

    def get_urls(self):
        return [
            path(
                "<int:pk>/redirect/",
                self.admin_site.admin_view(require_POST(self.redirect_view)),
                name="redirects_notfound_redirect",
            ),
            path(
                "<int:pk>/ignore/",
                self.admin_site.admin_view(require_POST(self.ignore_view)),
                name="redirects_notfound_ignore",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("suggested targets"))
    def suggested_targets(self, not_found):
        buttons = [
            (
                reverse("admin:redirects_notfound_redirect", args=[not_found.pk]),
                url,
                _("Create the redirect to %(title)s (%(url)s)") % {"title": title, "url": url},
                url,
            )
            for url, title in suggest(not_found.path)
        ]
        other = reverse("admin:redirects_redirect_add") + "?" + urlencode({"old_path": not_found.path})
        return format_html(
            '<div class="notfound-suggestions">{}<a href="{}">{}</a></div>',
            format_html_join(
                "",
                '<button type="submit" form="notfound-quick" class="button" formaction="{}" name="target" '
                'value="{}" title="{}">{}</button> ',
                buttons,
            ),
            other,
            _("Another target…"),
        )

    @admin.display(description=_("action"))
    def quick_actions(self, not_found):
        if not_found.ignored:
            return ""
        return format_html(
            '<button type="submit" form="notfound-quick" class="button" formaction="{}">{}</button>',
            reverse("admin:redirects_notfound_ignore", args=[not_found.pk]),
            _("Ignore"),
        )

    def redirect_view(self, request, pk):
        """One click: a redirect from the missing address to the chosen target; the row has served its purpose."""
        if not request.user.has_perm("redirects.add_redirect"):
            raise PermissionDenied
        not_found = get_object_or_404(NotFound, pk=pk)
        form = RedirectForm({"old_path": not_found.path, "new_path": request.POST.get("target", "")})
        if form.is_valid():
            created = form.save()
            not_found.delete()
            self.message_user(request, _("Redirect created: %(redirect)s.") % {"redirect": created})
        else:
            errors = " ".join(str(error) for field_errors in form.errors.values() for error in field_errors)
            self.message_user(request, _("No redirect created: %(errors)s") % {"errors": errors}, messages.ERROR)
        return redirect(self._back(request))

    def ignore_view(self, request, pk):
        if not self.has_change_permission(request):
            raise PermissionDenied
        not_found = get_object_or_404(NotFound, pk=pk)
        NotFound.objects.filter(pk=pk).update(ignored=True)
        self.message_user(request, _("%(path)s is ignored.") % {"path": not_found.path})
        return redirect(self._back(request))

    def _back(self, request):
        changelist = reverse("admin:redirects_notfound_changelist")
        referer = request.META.get("HTTP_REFERER", "")
        # Back to the same page of the list, never to another site.
        return referer if site_path(referer) and urlsplit(referer).path == changelist else changelist

    @admin.action(description=_("Ignore the selected addresses"), permissions=["change"])
    def ignore_selected(self, request, queryset):
        count = queryset.update(ignored=True)
        self.message_user(
            request, ngettext("%(count)d address ignored.", "%(count)d addresses ignored.", count) % {"count": count}
        )


class ArticleFilter(admin.SimpleListFilter):
    """The links of one article: reached from the dashboard and from the article's own page."""

    title = _("article")
    parameter_name = "article"

    def lookups(self, request, model_admin):
        articles = (
            Link.objects.exclude(state__in=[Link.State.OK, Link.State.UNCHECKED])
            .values_list("articles__pk", "articles__title")
            .exclude(articles__pk=None)
            .distinct()
            .order_by("articles__title")
        )
        return [(str(pk), title) for pk, title in articles]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdecimal():
            return queryset.filter(articles__pk=self.value())
        return queryset


class StateFilter(admin.SimpleListFilter):
    """Broken and redirected links by default: the working ones need nobody."""

    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [(state.value, state.label) for state in Link.State] + [("all", _("All links"))]

    def choices(self, changelist):
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("To fix"),
        }
        yield from list(super().choices(changelist))[1:]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset.filter(state__in=[Link.State.BROKEN, Link.State.REDIRECTED])
        if self.value() == "all":
            return queryset
        return queryset.filter(state=self.value())


@admin.register(Link)
class LinkAdmin(admin.ModelAdmin):
    list_display = ["url", "state", "status_code", "error", "redirected_to", "checked_at", "found_in"]
    list_filter = [StateFilter, "internal", ArticleFilter]
    search_fields = ["url", "articles__title"]
    readonly_fields = ["url", "internal", "state", "status_code", "error", "redirected_to", "checked_at", "found_in"]
    fields = readonly_fields
    list_per_page = 100

    def get_urls(self):
        check = self.admin_site.admin_view(writing.check_view)
        return [path("check/", check, name="redirects_link_check"), *super().get_urls()]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("articles")

    def has_add_permission(self, request):
        return False  # the checker finds them

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("found in"))
    def found_in(self, link):
        return format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            (
                (reverse("admin:articles_article_change", args=[article.pk]), article.title)
                for article in link.articles.all()
            ),
        )
