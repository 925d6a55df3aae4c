"""The "Éditeurs" group: everything editorial, nothing about accounts or comments."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Éditeurs"
PERMISSIONS = {
    "articles": ["article", "category", "author", "taggedarticle"],
    "taggit": ["tag"],
}
ACTIONS = ["add", "change", "delete", "view"]


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations; the group needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP_NAME)
    codenames = [
        f"{action}_{model}"
        for models in PERMISSIONS.values()
        for model in models
        for action in ACTIONS
    ]
    permissions = Permission.objects.filter(
        content_type__app_label__in=PERMISSIONS, codename__in=codenames
    )
    group.permissions.set(permissions)


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        (
            "taggit",
            "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx",
        ),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
