import unicodedata

from django import forms
from django.conf import settings
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from comments import tokens
from comments.models import Comment

# Line and paragraph separators and the C0/C1 controls: nothing a name, an address or a header may hold.
CONTROL_CATEGORIES = {"Cc", "Zl", "Zp"}


def refuse_control_characters(value):
    """Line breaks and other control characters have no place in a name, an e-mail or an address.

    They would break the headers of the e-mails that name the commenter.
    """
    if any(unicodedata.category(character) in CONTROL_CATEGORIES for character in value):
        raise forms.ValidationError(
            _("This field cannot hold line breaks or other control characters."), code="control_characters"
        )


class CommentForm(forms.ModelForm):
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    token = forms.CharField(required=False, widget=forms.HiddenInput)
    # The honeypot: hidden from people by CSS, filled in by robots that fill in everything.
    homepage = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    body = forms.CharField(
        label=_("Comment"),
        max_length=settings.COMMENTS_BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    remember = forms.BooleanField(
        required=False,
        label=_("Save my name and e-mail in this browser for the next time I comment."),
    )

    field_order = [
        "author_name",
        "author_email",
        "author_url",
        "body",
        "remember",
        "notify_on_publish",
        "notify_on_reply",
    ]

    class Meta:
        model = Comment
        fields = ["author_name", "author_email", "author_url", "body", "notify_on_publish", "notify_on_reply"]
        labels = {
            "author_name": _("Name"),
            "author_email": _("E-mail"),
            "author_url": _("Website"),
            "notify_on_publish": _("E-mail me when my comment is published"),
            "notify_on_reply": _("E-mail me when someone replies to me"),
        }
        help_texts = {
            "author_email": _("Never published. Required."),
            "author_url": _("Optional."),
        }
        widgets = {
            "author_name": forms.TextInput(attrs={"autocomplete": "name", "maxlength": 100}),
            "author_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "author_url": forms.URLInput(attrs={"autocomplete": "url", "placeholder": "https://"}),
        }

    def __init__(self, *args, article, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article
        # The server says when a comment is too long, keeping it whole: a browser limit would cut a paste short.
        self.fields["body"].widget.attrs.pop("maxlength", None)
        # Only web addresses: no javascript:, data: or ftp: behind a commenter's name.
        self.fields["author_url"].validators = [URLValidator(schemes=["http", "https"])]
        for name in ("author_name", "author_email", "author_url"):
            self.fields[name].validators.insert(0, refuse_control_characters)

    @property
    def is_blank(self):
        """Unbound and with nothing remembered of the reader: the same form for everyone."""
        return not self.is_bound and not any(
            value for name, value in self.initial.items() if name not in {"parent", "token"}
        )

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(_("Your comment is empty."), code="required")
        return body

    def clean_parent(self):
        """The comment replied to: an approved one of this article, nested no deeper than allowed."""
        parent_id = self.cleaned_data["parent"]
        if not parent_id or settings.COMMENTS_MAX_DEPTH <= 1:
            return None
        parent = Comment.objects.approved().filter(article=self.article, pk=parent_id).first()
        if parent is None:
            # Shown above the form (the field itself is hidden), with the reader's text kept below.
            self.add_error(None, _("The comment you are replying to is not available."))
            return None
        # At the deepest level a reply joins its parent's thread rather than nesting further.
        while parent.depth >= settings.COMMENTS_MAX_DEPTH - 1 and parent.parent_id:
            parent = parent.parent
        return parent

    def clean(self):
        cleaned = super().clean()
        if not self.article.comments_are_open():
            raise forms.ValidationError(_("Comments are closed on this article."), code="closed")
        cleaned["token"] = tokens.read(cleaned.get("token"), self.article.pk)
        return cleaned

    def to_confirm(self, message):
        """The same form, the reader's text kept, with a new token and `message`: to be sent again."""
        data = self.data.copy()
        data["token"] = tokens.issue(self.article.pk)
        form = CommentForm(data, article=self.article)
        form.is_valid()
        form.add_error(None, message)
        return form


class CommentEditForm(forms.ModelForm):
    """What the author of a comment may change in it, for a short while: its text."""

    body = forms.CharField(
        label=_("Comment"),
        max_length=settings.COMMENTS_BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Your comment is empty.")},
    )

    class Meta:
        model = Comment
        fields = ["body"]

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(_("Your comment is empty."), code="required")
        return body
