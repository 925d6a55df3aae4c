"""The "Modérateurs" group: see and moderate comments, edit the blocklist, nothing else."""

from django.db import migrations

from site_settings.roles import MODERATORS, grant, model_permissions

GROUP_NAME = MODERATORS
PERMISSIONS = {"comments": ["view_comment", "change_comment", *model_permissions("blockedword")]}


def create_group(apps, schema_editor):
    grant(apps, GROUP_NAME, PERMISSIONS)


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
