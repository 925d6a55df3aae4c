from django.contrib import admin
from django.contrib.admin.actions import delete_selected as delete_selected_action
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from media_library.models import MediaImage

PICKER_PAGE_SIZE = 24
# The editor's figure dialog opens the picker with this parameter; the picker hands it back.
PICKER_CALLBACK_PARAMETER = "CKEditorFuncNum"


def images_in_use(images):
    """[(image, [article, …]), …] for those of `images` that articles show: the deletion guard's warning."""
    pks = [image.pk for image in images]
    # The rows of uses belong to the articles app, which this one does not import: reached by the relation.
    uses = MediaImage._meta.get_field("uses").related_model.objects.select_related("article")
    uses = uses.only("image_id", "article__title", "article__status")
    used = MediaImage.objects.filter(pk__in=pks, uses__isnull=False).distinct()
    used = used.prefetch_related(Prefetch("uses", queryset=uses))
    return [(image, [use.article for use in image.uses.all()]) for image in used]


@admin.register(MediaImage)
class MediaImageAdmin(admin.ModelAdmin):
    list_display = ["thumbnail", "alt_text", "caption", "credit", "dimensions", "article_count", "created_at"]
    list_display_links = ["thumbnail", "alt_text"]
    search_fields = ["alt_text", "caption", "credit", "file"]
    list_per_page = 40
    fields = ["file", "preview", "alt_text", "caption", "credit", "dimensions", "used_in"]
    readonly_fields = ["preview", "dimensions", "used_in"]
    actions = ["delete_selected"]

    class Media:
        css = {"all": ["css/media-library.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("uses"))

    @admin.display(description=_("thumbnail"))
    def thumbnail(self, image):
        return format_html(
            '<img src="{}" alt="" class="media-thumbnail" width="120" height="90" loading="lazy">', image.thumbnail()
        )

    @admin.display(description=_("preview"))
    def preview(self, image):
        if not image.pk:
            return "—"
        return format_html('<img src="{}" alt="" class="media-preview">', image.thumbnail())

    @admin.display(description=_("size"))
    def dimensions(self, image):
        return f"{image.width} × {image.height}" if image.width else "—"

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, image):
        return image.article_count

    @admin.display(description=_("used in"))
    def used_in(self, image):
        articles = image.articles.only("pk", "title") if image.pk else []
        if not articles:
            return _("No article yet.")
        return format_html(
            "<ul class='media-uses'>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a></li>',
                ((reverse("admin:articles_article_change", args=[article.pk]), article.title) for article in articles),
            ),
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    # The deletion guard: both confirmation pages list the articles that show the images.

    def render_delete_form(self, request, context):
        context["images_in_use"] = images_in_use([context["object"]])
        return super().render_delete_form(request, context)

    @admin.action(permissions=["delete"], description=delete_selected_action.short_description)
    def delete_selected(self, request, queryset):
        response = delete_selected_action(self, request, queryset)
        if isinstance(response, TemplateResponse):  # the confirmation page, not yet the deletion
            response.context_data["images_in_use"] = images_in_use(queryset)
        return response

    # The picker the article editor's figure dialog opens to choose an image.

    def get_urls(self):
        picker = path(
            "picker/",
            self.admin_site.admin_view(self.picker_view),
            name=f"{self.opts.app_label}_{self.opts.model_name}_picker",
        )
        return [picker, *super().get_urls()]

    def picker_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        can_upload = self.has_add_permission(request)
        upload_form = None
        if can_upload:
            form_class = self.get_form(request, fields=["file", "alt_text", "caption", "credit"])
            if request.method == "POST":
                upload_form = form_class(request.POST, request.FILES)
                if upload_form.is_valid():
                    image = upload_form.save(commit=False)
                    self.save_model(request, image, upload_form, change=False)
                    self.log_addition(request, image, [{"added": {}}])
                    return HttpResponseRedirect(request.get_full_path())
            else:
                upload_form = form_class()
        elif request.method == "POST":
            raise PermissionDenied
        query = request.GET.get("q", "").strip()[:200]
        images = MediaImage.objects.all()
        for word in query.split():
            images = images.filter(
                Q(alt_text__icontains=word) | Q(caption__icontains=word) | Q(credit__icontains=word)
            )
        page = Paginator(images, PICKER_PAGE_SIZE).get_page(request.GET.get("page"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Choose an image"),
            "opts": self.opts,
            "is_popup": True,
            "query": query,
            "page_obj": page,
            "callback": request.GET.get(PICKER_CALLBACK_PARAMETER, ""),
            "callback_parameter": PICKER_CALLBACK_PARAMETER,
            "upload_form": upload_form,
        }
        return TemplateResponse(request, "admin/media_library/mediaimage/picker.html", context)
