from django import forms
from django.utils.translation import gettext_lazy as _

from articles.models import SEARCH_MAX_LENGTH


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        max_length=SEARCH_MAX_LENGTH,
        strip=True,
        error_messages={"max_length": _("Your search is too long: %(limit_value)d characters at most.")},
    )

    def clean_q(self):
        # A null byte or control character is never part of a real search.
        query = "".join(char for char in self.cleaned_data["q"] if char.isprintable())
        if not query.strip():
            raise forms.ValidationError(_("Type a word to search for."), code="empty")
        return query
