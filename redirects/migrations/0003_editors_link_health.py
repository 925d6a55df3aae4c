"""Editors keep the 404 log and read the link checks: both are editorial work, as redirects are."""

from django.db import migrations

from site_settings.roles import EDITORS, grant, model_permissions, revoke

PERMISSIONS = {"redirects": [*model_permissions("notfound", actions=("change", "delete", "view")), "view_link"]}


def grant_link_health(apps, schema_editor):
    grant(apps, EDITORS, PERMISSIONS)


def revoke_link_health(apps, schema_editor):
    revoke(apps, EDITORS, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("redirects", "0002_not_found_links_and_renames"),
        ("articles", "0002_editors_group"),
    ]

    operations = [migrations.RunPython(grant_link_health, revoke_link_health)]
