"""The article change form's helpers: autosaved drafts, who else is editing, writing aids.

A ModelAdmin mixin: two small JSON endpoints beside the change form, the data its
script needs (static/js/admin-article.js), and the removal of an editor's draft
once they save the article. The endpoints answer only what the admin itself would
allow: the add permission for a new article, the change permission on the article.
"""

import json
from datetime import UTC, datetime

from django import forms
from django.conf import settings
from django.contrib.admin.utils import unquote
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from articles.models import META_DESCRIPTION_LENGTH
from newsroom import presence
from newsroom.models import Autosave
from site_settings.address import absolute_url, site_domain
from site_settings.models import SiteSettings

AUTOSAVE_SECONDS = 30
# What search engines show of a title and a description before cutting them.
SEARCH_TITLE_LIMIT = 60
SEARCH_DESCRIPTION_LIMIT = 155
# An article's body is a few hundred kilobytes at most; a draft ten times that is no draft.
MAX_DRAFT_BYTES = 2 * 1024 * 1024

STRINGS = {
    "autosaved": _("Backup copy saved at %(time)s."),
    "autosaveFailed": _("The backup copy could not be saved; it will be tried again at the next change."),
    "draftRestored": _("The unsaved version is back in the form. Check it, then save the article."),
    "draftDiscarded": _("The unsaved version is discarded."),
    "othersEditing": _("Also editing this article: %(names)s. Agree on who changes what before saving."),
    "otherEditor": _("%(name)s (since %(time)s)"),
    "minutes": _("%(minutes)s min"),
    "characters": _("%(count)s characters (about %(limit)s shown)"),
    "titleTooLong": _("The title is longer than %(limit)s characters: search engines will cut it."),
    "descriptionTooLong": _("The description is longer than %(limit)s characters: search engines will cut it."),
    "descriptionFromStandfirst": _("No SEO description: search engines are given the standfirst."),
    "noCover": _("No cover image: the article will be shared without a picture."),
    "coverWithoutAlt": _("The cover image has no alternative text."),
    "noDescription": _("No description: fill in the standfirst or the SEO description."),
    "imagesWithoutAlt": _("Images without alternative text in the body: %(count)s."),
    "nothingToReport": _("Nothing to report."),
    "untitled": _("Title of the article"),
    "noImage": _("No image"),
}


# Checks that apps after newsroom add to the writing screen in their ready() (redirects: the links
# of the body), so that newsroom imports none of them: {name: (script, data(admin_site) -> dict)}.
# Each script reads its data at checks.<name> in the page's JSON data block.
WRITING_CHECKS = {}


def add_writing_check(name, script, data):
    WRITING_CHECKS[name] = (script, data)


def _error(message, status=400):
    return JsonResponse({"error": str(message)}, status=status)


class BadPayload(ValueError):
    pass


def json_payload(request):
    """The request's JSON object; BadPayload when it is anything else."""
    if request.content_type != "application/json":
        raise BadPayload(_("Send JSON."))
    try:
        payload = json.loads(request.body or b"{}")
    except RequestDataTooBig as error:
        raise BadPayload(_("This draft is too large.")) from error
    except (ValueError, UnicodeDecodeError) as error:
        raise BadPayload(_("Malformed JSON.")) from error
    if not isinstance(payload, dict):
        raise BadPayload(_("Send a JSON object."))
    return payload


def draft_fields(value):
    """The fields of a draft, kept to Autosave.FIELDS; BadPayload when they are not text."""
    if not isinstance(value, dict):
        raise BadPayload(_("“fields” must be an object."))
    fields = {name: value[name] for name in Autosave.FIELDS if name in value}
    if not all(isinstance(text, str) for text in fields.values()):
        raise BadPayload(_("Every field must be text."))
    # PostgreSQL keeps no NUL character in any text, JSON included; nobody types one.
    fields = {name: text.replace("\x00", "") for name, text in fields.items()}
    if len(json.dumps(fields).encode()) > MAX_DRAFT_BYTES:
        raise BadPayload(_("This draft is too large."))
    return fields


def _article_id(payload):
    article_id = payload.get("article")
    if article_id is None or (isinstance(article_id, int) and not isinstance(article_id, bool)):
        return article_id
    raise BadPayload(_("“article” must be a number or null."))


class ArticleEditingMixin:
    """For ArticleAdmin: autosave, presence and writing aids on the change form."""

    @property
    def media(self):
        scripts = ["js/admin-article.js", *(script for script, _data in WRITING_CHECKS.values())]
        return super().media + forms.Media(js=scripts, css={"all": ["css/admin-article.css"]})

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("autosave/", self.admin_site.admin_view(self.autosave_view), name="{}_{}_autosave".format(*info)),
            path(
                "<path:object_id>/presence/",
                self.admin_site.admin_view(self.presence_view),
                name="{}_{}_presence".format(*info),
            ),
            *super().get_urls(),
        ]

    def _editable_article(self, request, article_id):
        """(article or None for a new one, error response or None) for the editor at hand."""
        if article_id is None:
            return None, (None if self.has_add_permission(request) else _error(_("Permission denied."), 403))
        article = self.get_object(request, str(article_id))
        if article is None:
            return None, _error(_("No such article."), 404)
        if not self.has_change_permission(request, article):
            return None, _error(_("Permission denied."), 403)
        return article, None

    def autosave_view(self, request):
        """POST {"article": id or null, "fields": {...}} keeps the editor's draft; {"discard": true} drops it."""
        if request.method != "POST":
            return _error(_("Use POST."), 405)
        try:
            payload = json_payload(request)
            article, refusal = self._editable_article(request, _article_id(payload))
            if refusal:
                return refusal
            if payload.get("discard") is True:
                Autosave.objects.filter(user=request.user, article=article).delete()
                return JsonResponse({"discarded": True})
            fields = draft_fields(payload.get("fields"))
        except BadPayload as error:
            return _error(error)
        draft, _created = Autosave.objects.update_or_create(
            user=request.user, article=article, defaults={"data": fields}
        )
        return JsonResponse({"saved_at": draft.saved_at.isoformat()})

    def presence_view(self, request, object_id):
        """POST: the editor still has the article open ({"leaving": true}: no longer); returns the others."""
        if request.method != "POST":
            return _error(_("Use POST."), 405)
        try:
            payload = json_payload(request)
        except BadPayload as error:
            return _error(error)
        article, refusal = self._editable_article(request, unquote(object_id))
        if refusal:
            return refusal
        if payload.get("leaving") is True:
            presence.leave(article.pk, request.user)
            return JsonResponse({"others": []})
        others = [
            {"name": other["name"], "since": datetime.fromtimestamp(other["since"], UTC).isoformat()}
            for other in presence.beat(article.pk, request.user)
        ]
        return JsonResponse({"others": others})

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        editable = self.has_change_permission(request, obj) if obj else self.has_add_permission(request)
        if editable:
            # A form sent back with errors holds the editor's latest text: no older draft to offer then.
            drafts = Autosave.objects.filter(user=request.user, article=obj)
            draft = None if request.method == "POST" else drafts.first()
            context["article_draft"] = draft
            context["article_editing"] = self._editing_data(request, obj, draft)
            context["words_per_minute"] = settings.READING_WORDS_PER_MINUTE
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def _editing_data(self, request, article, draft):
        """What admin-article.js needs, for the page's JSON data block."""
        info = self.opts.app_label, self.opts.model_name
        social_image = article.social_image if article else None
        return {
            "article": article.pk if article else None,
            "autosaveUrl": reverse("admin:{}_{}_autosave".format(*info), current_app=self.admin_site.name),
            "autosaveSeconds": AUTOSAVE_SECONDS,
            "presenceUrl": reverse(
                "admin:{}_{}_presence".format(*info), args=[article.pk], current_app=self.admin_site.name
            )
            if article
            else None,
            "heartbeatSeconds": presence.HEARTBEAT_SECONDS,
            "draftFields": Autosave.FIELDS,
            "draft": {
                "fields": draft.data,
                "newerSave": bool(article and article.updated_at > draft.saved_at),
            }
            if draft
            else None,
            "siteName": SiteSettings.load().name,
            "siteHost": site_domain(),
            "articleUrl": absolute_url(reverse("articles:detail", kwargs={"slug": "__slug__"})),
            "coverUrl": social_image["url"] if social_image else None,
            "limits": {
                "title": SEARCH_TITLE_LIMIT,
                "description": SEARCH_DESCRIPTION_LIMIT,
                "metaDescription": META_DESCRIPTION_LENGTH,
            },
            "strings": STRINGS,
            "checks": {name: data(self.admin_site) for name, (_script, data) in WRITING_CHECKS.items()},
        }

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Saved: the editor's backup copy has served its purpose (a new article's was kept under no article).
        Autosave.objects.filter(user=request.user, article=obj if change else None).delete()
