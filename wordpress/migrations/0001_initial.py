"""ImportedItem moves from the project's package to the wordpress app, table and permissions kept."""

import django.utils.timezone
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
            name='ImportedItem',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('site', models.CharField(help_text="The exported site's address: two sites' ids never mix.", max_length=200, verbose_name='WordPress site')),
                ('kind', models.CharField(choices=[('author', 'author'), ('category', 'category'), ('post', 'post or page'), ('comment', 'comment')], max_length=20, verbose_name='kind')),
                ('wp_id', models.CharField(help_text="An author's is the login.", max_length=200, verbose_name='WordPress id')),
                ('object_id', models.PositiveBigIntegerField(verbose_name='Refbax id')),
                ('fingerprint', models.CharField(blank=True, help_text='A digest of the exported data, to tell whether WordPress changed it since.', max_length=64, verbose_name='fingerprint')),
                ('imported_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='imported')),
            ],
            options={
                'verbose_name': 'imported WordPress item',
                'verbose_name_plural': 'imported WordPress items',
                'db_table': 'refbax_importeditem',
                'ordering': ['site', 'kind', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('site', 'kind', 'wp_id'), name='unique_imported_item')],
            },
        ),
        ]),
        migrations.RunPython(
            lambda apps, schema_editor: move_permissions(apps, "importeditem", "refbax", "wordpress"),
            lambda apps, schema_editor: move_permissions(apps, "importeditem", "wordpress", "refbax"),
        ),
    ]
