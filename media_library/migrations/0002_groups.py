"""The media library for the newsroom's groups: editors manage it, writers upload and pick images."""

from django.db import migrations

from site_settings.roles import EDITORS, WRITERS, grant, model_permissions, revoke

PERMISSIONS = {
    EDITORS: {"media_library": model_permissions("mediaimage")},
    WRITERS: {"media_library": ["add_mediaimage", "view_mediaimage"]},
}


def grant_library(apps, schema_editor):
    for group_name, permissions in PERMISSIONS.items():
        grant(apps, group_name, permissions)


def revoke_library(apps, schema_editor):
    for group_name, permissions in PERMISSIONS.items():
        revoke(apps, group_name, permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("media_library", "0001_initial"),
        # The groups themselves: "Éditeurs" (0002) and "Rédacteurs" (0007).
        ("articles", "0007_writers_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant_library, revoke_library)]
