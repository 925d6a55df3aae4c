"""The "Éditeurs" group: everything editorial, nothing about accounts or comments."""

from django.db import migrations

from site_settings.roles import EDITORS, grant, model_permissions

GROUP_NAME = EDITORS
PERMISSIONS = {
    "articles": model_permissions("article", "category", "author", "taggedarticle"),
    "taggit": model_permissions("tag"),
}


def create_group(apps, schema_editor):
    grant(apps, GROUP_NAME, PERMISSIONS)


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
