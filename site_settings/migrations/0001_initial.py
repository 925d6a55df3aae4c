"""SiteSettings moves from the project's package to its own app, table and permissions kept."""

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
            name='SiteSettings',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(default='Refbax', max_length=80, verbose_name='site name')),
                ('tagline', models.CharField(blank=True, max_length=200, verbose_name='tagline')),
                ('contact_email', models.EmailField(blank=True, max_length=254, verbose_name='contact e-mail')),
                ('cta_title', models.CharField(blank=True, max_length=120, verbose_name='call-to-action title')),
                ('cta_text', models.TextField(blank=True, verbose_name='call-to-action text')),
                ('cta_label', models.CharField(blank=True, max_length=60, verbose_name='call-to-action button')),
                ('cta_url', models.CharField(blank=True, help_text='An absolute URL or a path such as /contact/.', max_length=300, validators=[site_settings.models.validate_link], verbose_name='call-to-action link')),
                ('facebook', models.URLField(blank=True, verbose_name='Facebook')),
                ('x', models.URLField(blank=True, verbose_name='X (Twitter)')),
                ('linkedin', models.URLField(blank=True, verbose_name='LinkedIn')),
                ('instagram', models.URLField(blank=True, verbose_name='Instagram')),
                ('youtube', models.URLField(blank=True, verbose_name='YouTube')),
                ('mastodon', models.URLField(blank=True, verbose_name='Mastodon')),
            ],
            options={
                'verbose_name': 'site settings',
                'verbose_name_plural': 'site settings',
                'db_table': 'refbax_sitesettings',
                'ordering': ['pk'],
            },
        ),
        ]),
        migrations.RunPython(
            lambda apps, schema_editor: move_permissions(apps, "sitesettings", "refbax", "site_settings"),
            lambda apps, schema_editor: move_permissions(apps, "sitesettings", "site_settings", "refbax"),
        ),
    ]
