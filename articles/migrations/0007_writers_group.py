"""The review workflow's groups: "Rédacteurs" write and submit; "Éditeurs" also publish.

Writers see the articles, authors, categories and tags they need to write, and
may change only their own drafts (ArticleAdmin.has_change_permission); publishing,
scheduling and sending back take articles.publish_article, which only editors get.
"""

from django.db import migrations

from site_settings.roles import EDITORS, WRITERS, grant, revoke

WRITERS_PERMISSIONS = {
    "articles": ["add_article", "change_article", "view_article", "view_author", "view_category"],
    "taggit": ["view_tag"],
}
EDITORS_PERMISSIONS = {"articles": ["publish_article"]}


def create_groups(apps, schema_editor):
    grant(apps, WRITERS, WRITERS_PERMISSIONS)
    grant(apps, EDITORS, EDITORS_PERMISSIONS)


def delete_groups(apps, schema_editor):
    revoke(apps, EDITORS, EDITORS_PERMISSIONS)
    apps.get_model("auth", "Group").objects.filter(name=WRITERS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_workflow_and_revisions"),
        ("articles", "0002_editors_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
