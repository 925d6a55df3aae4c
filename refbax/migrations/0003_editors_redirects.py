"""Editors keep the redirect table: moving an article's address is editorial work."""

from django.db import migrations

from site_settings.roles import EDITORS, grant, model_permissions, revoke

GROUP_NAME = EDITORS
PERMISSIONS = {"refbax": model_permissions("redirect")}


def grant_redirects(apps, schema_editor):
    grant(apps, GROUP_NAME, PERMISSIONS)


def revoke_redirects(apps, schema_editor):
    revoke(apps, GROUP_NAME, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("refbax", "0002_redirects_and_imports"),
        ("articles", "0002_editors_group"),
    ]

    operations = [migrations.RunPython(grant_redirects, revoke_redirects)]
