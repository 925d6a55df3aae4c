from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from taggit.models import Tag

from articles.models import Article
from newsroom import publishing, workflow
from newsroom.editor import DeskEditorWidget
from newsroom.publishing import Action

# How many existing tags the tags field offers to complete, the most used first.
TAG_SUGGESTIONS = 300
TAG_MAX_LENGTH = Tag._meta.get_field("name").max_length


class TagChipsWidget(forms.TextInput):
    """Tags as editors read them: "Moteurs de réponse, IA", never quoted, with existing tags to complete from.

    static/js/admin-article.js shows them as chips with a remove button each; without
    the script, the field is the same comma-separated text.
    """

    def format_value(self, value):
        if value is None or isinstance(value, str):
            return value
        return ", ".join(sorted((getattr(tag, "name", tag) for tag in value), key=str.lower))

    def get_context(self, name, value, attrs):
        attrs = {
            **(attrs or {}),
            "list": "tag-suggestions",
            "autocomplete": "off",
            "data-tag-chips": "",
            "data-remove-label": _("Remove the tag %(name)s"),
            "data-list-label": _("Tags of the article"),
        }
        return super().get_context(name, value, attrs)

    def render(self, name, value, attrs=None, renderer=None):
        names = Tag.objects.annotate(uses=Count("articles_taggedarticle_items")).order_by("-uses", "name")
        options = format_html_join(
            "", '<option value="{}">', ((tag,) for tag in names.values_list("name", flat=True)[:TAG_SUGGESTIONS])
        )
        return format_html(
            '{}<datalist id="tag-suggestions">{}</datalist>', super().render(name, value, attrs, renderer), options
        )


def split_tags(text):
    """The tag names of `text`, split on commas only (a tag may hold spaces), quotes and repeats dropped."""
    names = {}
    for part in text.split(","):
        name = " ".join(part.split()).strip('"“”« »').strip()
        if name:
            names.setdefault(name.lower(), name)
    return list(names.values())


# The date field of the publication box: the browser's own date and time picker, in Paris time.
PUBLICATION_DATE_FORMAT = "%Y-%m-%dT%H:%M"


class ArticleAdminForm(forms.ModelForm):
    """The article form of the admin, which refuses what its user may not do.

    - `loaded_version` (hidden) carries the Article.version the form was loaded with.
      A save over a newer version (someone saved since) is refused with a link to
      compare the two, and the field then takes the current version: saving again is
      a deliberate overwrite, never a silent one. The autosave and presence scripts
      read it too (input[name=loaded_version]).
    - A status the user may not set is refused (articles/workflow.py), whatever was posted.
    - Sending an article back to its writer takes a review note.
    - `action` is the publication box's button that was pressed (newsroom/publishing.py):
      it sets the status and, to publish or schedule, the date. Without one (a form
      of before, a script), the posted status is taken as it is; either way the move is checked.

    ArticleAdmin.get_form sets `user`; the change form leaves out the fields a writer
    may not change (author, date, featured, review note).
    """

    loaded_version = forms.IntegerField(
        label=gettext_lazy("loaded version"), widget=forms.HiddenInput, required=False, min_value=1
    )
    action = forms.TypedChoiceField(
        label=gettext_lazy("action"), choices=Action.choices, coerce=Action, required=False, empty_value=None
    )
    user = None
    # Where the editor sends images dropped or pasted into the body (ArticleAdmin.get_form sets it).
    upload_url = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "cover" in self.fields:
            # The admin labels the file box by a legend only, which names no field.
            self.fields["cover"].widget.attrs.setdefault("aria-label", str(self.fields["cover"].label))
        if "tags" in self.fields:
            self.fields["tags"].widget = TagChipsWidget()
            self.fields["tags"].help_text = _("Press Enter or type a comma after each tag; existing tags are offered.")
        if "body" in self.fields:
            editor = self.fields["body"].widget
            self.fields["body"].widget = DeskEditorWidget(
                attrs=editor.attrs, config=editor.config, preset=editor.preset, upload_url=self.upload_url
            )
        if "published_at" in self.fields:
            # One field the browser's date and time picker fills, not the admin's two boxes (ISO 8601 is read).
            self.fields["published_at"] = forms.DateTimeField(
                label=_("Date and time (Paris time)"),
                help_text=_("A date to come schedules the article: readers see it from then on."),
                initial=self.fields["published_at"].initial,
                widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=PUBLICATION_DATE_FORMAT),
            )
            # Shown to the minute: an untouched date is not a changed one, and keeps its seconds.
            if isinstance(self.initial.get("published_at"), datetime):
                self.initial["published_at"] = self.initial["published_at"].replace(second=0, microsecond=0)
        # The status before this form: the save compares it with the new one (articles/workflow.event).
        self.status_before = self.instance.status if self.instance.pk else None
        self.stage_before = publishing.stage(self.instance)
        if self.instance.pk:
            self.initial["loaded_version"] = self.instance.version
        self.conflict = None

    def clean_tags(self):
        names = split_tags(self.data.get(self.add_prefix("tags"), ""))
        if too_long := [name for name in names if len(name) > TAG_MAX_LENGTH]:
            raise ValidationError(
                _("A tag has %(limit)s characters at most: “%(name)s” is longer.")
                % {"limit": TAG_MAX_LENGTH, "name": too_long[0][:40] + "…"}
            )
        return names

    def clean_published_at(self):
        date = self.cleaned_data["published_at"]
        stored = self.instance.published_at if self.instance.pk else None
        if date and stored and date == stored.replace(second=0, microsecond=0):
            return stored
        return date

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk:
            self._refuse_stale_save(cleaned_data.get("loaded_version"))
        else:
            self._set_writers_author()
        self._apply_action(cleaned_data)
        status = cleaned_data.get("status")
        if status and not workflow.may_move(self.user, self.status_before, status):
            self.add_error("status", _("You may not give this article that status."))
        sending_back = self.status_before == Article.Status.IN_REVIEW and status == Article.Status.DRAFT
        if sending_back and "review_note" in self.fields and not cleaned_data.get("review_note", "").strip():
            self.add_error("review_note", _("Tell the writer what to change before sending the article back."))
        self._publish_now_unless_dated(cleaned_data)
        return cleaned_data

    def _apply_action(self, cleaned_data):
        action = cleaned_data.get("action")
        if action is None:
            return
        if action not in publishing.allowed_actions(self.user, self.instance if self.instance.pk else None):
            raise ValidationError(_("This button is not one you may use on this article."), code="action")
        cleaned_data["status"] = publishing.outcome(action, self.status_before)
        if "published_at" not in self.fields:
            return
        now = timezone.now()
        date = cleaned_data.get("published_at")
        if action == Action.SCHEDULE and (date is None or date <= now):
            self.add_error("published_at", _("Choose a date and time to come (Paris time) to schedule the article."))
        elif action == Action.PUBLISH and not ("published_at" in self.changed_data and date and date <= now):
            # "Publish" means now, unless the editor deliberately dated it in the past.
            cleaned_data["published_at"] = now

    def _current_version(self):
        rows = Article.objects.filter(pk=self.instance.pk)
        # Locked until the save commits (the admin saves in a transaction), so that two
        # saves cannot both pass this check; SQLite serializes writes on its own.
        if transaction.get_connection(rows.db).in_atomic_block:
            rows = rows.select_for_update()
        return rows.values_list("version", flat=True).first()

    def _refuse_stale_save(self, loaded_version):
        current = self._current_version()
        if current is None or loaded_version == current:
            return
        if loaded_version is None:
            raise ValidationError(_("This form is incomplete: reload the page before saving."), code="no_version")
        revisions = self.instance.revisions.order_by("-pk")
        latest = revisions.select_related("user").first()
        started_from = revisions.filter(version=loaded_version).first()
        self.conflict = {"loaded": loaded_version, "current": current, "from": started_from, "to": latest}
        # Saving again after reading this replaces their version with the one in the form.
        self.data = self.data.copy()
        self.data[self.add_prefix("loaded_version")] = str(current)
        raise ValidationError(self._conflict_message(latest, started_from), code="conflict")

    def _conflict_message(self, latest, started_from):
        who = (latest.user.get_full_name() or latest.user.get_username()) if latest and latest.user else None
        when = date_format(timezone.localtime(latest.created_at), "DATETIME_FORMAT") if latest else None
        if who and when:
            saved = _("%(name)s saved this article on %(date)s, after you opened it.") % {"name": who, "date": when}
        else:
            saved = _("Someone saved this article after you opened it.")
        revisions_url = reverse("admin:articles_article_revisions", args=[self.instance.pk])
        if started_from and latest:
            url = reverse("admin:articles_article_revision_compare", args=[self.instance.pk])
            url += f"?from={started_from.pk}&to={latest.pk}"
            label = _("Compare their version with the one you started from")
        else:
            url, label = revisions_url, _("See the revisions")
        return format_html(
            '{} {} <a href="{}" target="_blank" rel="noopener">{}</a>. {}',
            saved,
            _("Your changes are not saved yet."),
            url,
            label,
            _("Save again to replace their version with yours, or reload the page to start from theirs."),
        )

    def _set_writers_author(self):
        """A writer's new article is theirs: the form has no author field for them."""
        if "author" in self.fields:
            return
        profile = getattr(self.user, "author_profile", None)
        if profile is None:
            raise ValidationError(
                _("Your account has no author profile yet: ask an editor to link one to it."), code="no_author"
            )
        self.instance.author = profile

    def _publish_now_unless_dated(self, cleaned_data):
        """Publishing a draft whose date nobody touched dates it now, not from when it was started."""
        publishing = cleaned_data.get("status") == Article.Status.PUBLISHED and self.status_before not in {
            None,
            Article.Status.PUBLISHED,
        }
        date = cleaned_data.get("published_at")
        if publishing and "published_at" not in self.changed_data and date and date < timezone.now():
            cleaned_data["published_at"] = timezone.now()
