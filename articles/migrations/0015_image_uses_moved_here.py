"""The record of which articles show a library image, moved here from the media library, table kept."""

import django.db.models.deletion
import media_library.uploads
from django.db import migrations, models

from site_settings.roles import move_permissions


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0014_visibility_index'),
        ('media_library', '0003_image_uses_move_to_articles'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.AlterField(
            model_name='article',
            name='cover',
            field=media_library.uploads.UploadedImageField(blank=True, height_field='cover_height', help_text='JPEG, PNG, WebP or GIF, 10.0\xa0MB at most.', upload_to='covers/%Y/%m/', verbose_name='cover image', width_field='cover_width'),
        ),
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name='MediaImageUse',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='media_image_uses', to='articles.article', verbose_name='article')),
                    ('image', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='uses', to='media_library.mediaimage', verbose_name='image')),
                ],
                options={
                    'verbose_name': 'use in an article',
                    'verbose_name_plural': 'uses in articles',
                    'db_table': 'media_library_mediaimageuse',
                    'ordering': ['pk'],
                },
            ),
            migrations.AddField(
                model_name='article',
                name='media_images',
                field=models.ManyToManyField(blank=True, editable=False, related_name='articles', through='articles.MediaImageUse', to='media_library.mediaimage', verbose_name='library images shown'),
            ),
            migrations.AddConstraint(
                model_name='mediaimageuse',
                constraint=models.UniqueConstraint(fields=('image', 'article'), name='unique_media_image_use'),
            ),
        ]),
        migrations.RunPython(
            lambda apps, schema_editor: move_permissions(apps, "mediaimageuse", "media_library", "articles"),
            lambda apps, schema_editor: move_permissions(apps, "mediaimageuse", "articles", "media_library"),
        ),
    ]
