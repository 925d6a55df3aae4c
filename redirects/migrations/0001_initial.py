"""Redirect moves from the project's package to the redirects app, table and permissions kept."""

import redirects.models
import site_settings.models
from django.db import migrations, models

from site_settings.roles import move_permissions


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("refbax", "0003_editors_redirects"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        # The table stays as it is: only Django's idea of which app holds the model changes.
        migrations.SeparateDatabaseAndState(state_operations=[
        migrations.CreateModel(
            name='Redirect',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('old_path', models.CharField(help_text='A path on this site, such as /2019/05/my-post/ or /?p=123.', max_length=500, unique=True, validators=[redirects.models.validate_old_path], verbose_name='old path')),
                ('new_path', models.CharField(help_text='Where readers and search engines are sent for good (301): a path or a full URL.', max_length=500, validators=[site_settings.models.validate_link], verbose_name='new path')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
            ],
            options={
                'verbose_name': 'redirect',
                'verbose_name_plural': 'redirects',
                'db_table': 'refbax_redirect',
                'ordering': ['old_path'],
            },
        ),
        ]),
        migrations.RunPython(
            lambda apps, schema_editor: move_permissions(apps, "redirect", "refbax", "redirects"),
            lambda apps, schema_editor: move_permissions(apps, "redirect", "redirects", "refbax"),
        ),
    ]
