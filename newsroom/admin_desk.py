"""The writing screen of the article admin: its sidebar, its buttons, and pages that speak French to editors.

A ModelAdmin mixin. The change form (templates/admin/articles/article/change_form.html)
puts the text on the left and, on the right, what the writer decides: the publication
box (where the article stands, the buttons their permissions allow, the date),
cover, classification, SEO and the writing aids. Each button posts an Action
(newsroom/publishing.py), which the form turns into a status and a date; the
message after the save says what happened, in French.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _

from articles.models import Article
from media_library.models import MediaImage
from newsroom import publishing, workflow
from newsroom.editor import dialog_words

ADD_IMAGE_PERMISSION = "media_library.add_mediaimage"


class DroppedImageForm(forms.ModelForm):
    """An image dropped or pasted into the body: checked like any upload to the library, described in place."""

    class Meta:
        model = MediaImage
        fields = ["file", "alt_text", "caption", "credit"]


# Fields only those who publish see in the sidebar; a writer is told where the article stands instead.
PUBLISHER_ONLY = {"author", "published_at", "featured"}


class WritingDeskMixin:
    empty_value_display = "—"

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        upload = path(
            "images/", self.admin_site.admin_view(self.image_upload_view), name="{}_{}_image_upload".format(*info)
        )
        return [upload, *super().get_urls()]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if request.user.has_perm(ADD_IMAGE_PERMISSION):
            form.upload_url = reverse("admin:articles_article_image_upload", current_app=self.admin_site.name)
        return form

    def image_upload_view(self, request):
        """POST file, alt_text, caption, credit: the image joins the media library; its figure's data, or errors."""
        if request.method != "POST":
            return JsonResponse({"errors": {"__all__": [_("Use POST.")]}}, status=405)
        if not (request.user.has_perm(ADD_IMAGE_PERMISSION) and self.has_add_permission(request)):
            message = _("Your account may not add images to the media library: ask an editor.")
            return JsonResponse({"errors": {"__all__": [message]}}, status=403)
        form = DroppedImageForm(request.POST, request.FILES)
        if not form.is_valid():
            return JsonResponse({"errors": {name: list(errors) for name, errors in form.errors.items()}}, status=400)
        image = form.save(commit=False)
        image.uploaded_by = request.user
        image.save()
        return JsonResponse(
            {
                "id": image.pk,
                "url": image.file.url,
                "alt": image.alt_text,
                "caption": image.caption,
                "credit": image.credit,
            },
            status=201,
        )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        hidden = set()
        if not workflow.can_publish(request.user):
            hidden |= PUBLISHER_ONLY
        # The note means something on an article in review (for an editor, to send it back) or one sent
        # back with it; never on a new one, nor empty to a writer, who cannot write it.
        if obj is None or not (
            obj.review_note or (obj.status == Article.Status.IN_REVIEW and workflow.can_publish(request.user))
        ):
            hidden.add("review_note")
        if obj is None:
            hidden |= {"preview_link", "revisions_link"}
        result = []
        for name, options in fieldsets:
            fields = [field for field in options["fields"] if field not in hidden]
            if fields:
                result.append((name, {**options, "fields": fields}))
        return result

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        label, explanation = publishing.summary(obj)
        buttons = publishing.buttons(request.user, obj)
        context["desk"] = {
            "stage": publishing.stage(obj),
            "label": label,
            "explanation": explanation,
            "buttons": [button for button in buttons if button.action != publishing.Action.SCHEDULE],
            "can_schedule": any(button.action == publishing.Action.SCHEDULE for button in buttons),
            # An article its reader may not change (a writer's, once submitted) is shown as it reads.
            "read_only": obj is not None and not self.has_change_permission(request, obj),
        }
        context["editor_words"] = dialog_words()
        # French titles: the admin's own say "Ajout de article", "Modification de article".
        if add:
            context["title"] = _("New article")
        else:
            context["title"] = _("Read the article") if context["desk"]["read_only"] else _("Edit the article")
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {"title": _("Choose an article to edit"), **(extra_context or {})})

    # After a save: the message says what happened, and the writer stays on the article.

    def _after_save(self, request, obj):
        action = request.POST.get("action") or publishing.Action.SAVE
        was = getattr(request, "_desk_stage_before", "new")
        self.message_user(request, publishing.saved_message(obj, action, was), messages.SUCCESS)
        if self.has_change_permission(request, obj) or self.has_view_permission(request, obj):
            return redirect(reverse("admin:articles_article_change", args=[obj.pk], current_app=self.admin_site.name))
        return redirect(reverse("admin:articles_article_changelist", current_app=self.admin_site.name))

    def save_model(self, request, obj, form, change):
        # For the message after the save (response_add/response_change are not given the form).
        request._desk_stage_before = form.stage_before
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        if IS_POPUP_VAR in request.POST:
            return super().response_add(request, obj, post_url_continue)
        return self._after_save(request, obj)

    def response_change(self, request, obj):
        if IS_POPUP_VAR in request.POST or "_saveasnew" in request.POST:
            return super().response_change(request, obj)
        return self._after_save(request, obj)
