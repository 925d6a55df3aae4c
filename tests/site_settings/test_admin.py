"""The site settings' admin and the accounts' admin: for whoever manages the site, never for editors."""

import pytest
from django.urls import reverse

from site_settings.models import SiteSettings

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        reverse("admin:auth_user_changelist"),
        reverse("admin:auth_user_add"),
        reverse("admin:auth_group_changelist"),
        reverse("admin:site_settings_sitesettings_changelist"),
        reverse("admin:site_settings_sitesettings_change", args=[1]),
    ],
)
def test_an_editor_cannot_manage_accounts_or_site_settings(editor_client, url):
    SiteSettings.load()
    assert editor_client.get(url).status_code == 403


def test_an_editor_cannot_change_another_users_account(editor_client, admin_user):
    assert editor_client.get(reverse("admin:auth_user_change", args=[admin_user.pk])).status_code == 403


def test_an_editor_cannot_create_the_site_settings(editor_client):
    assert not SiteSettings.objects.exists()
    assert editor_client.get(reverse("admin:site_settings_sitesettings_add")).status_code == 403
