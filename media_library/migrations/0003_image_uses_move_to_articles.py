"""The record of which articles show an image moves to the articles app (which imports this one), table kept."""

import media_library.uploads
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('media_library', '0002_groups'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.RemoveConstraint(
                model_name='mediaimageuse',
                name='unique_media_image_use',
            ),
            migrations.RemoveField(
                model_name='mediaimage',
                name='articles',
            ),
            migrations.DeleteModel(
                name='MediaImageUse',
            ),
        ]),
        migrations.AlterField(
            model_name='mediaimage',
            name='file',
            field=media_library.uploads.UploadedImageField(height_field='height', help_text='JPEG, PNG, WebP or GIF, 10.0\xa0MB at most.', upload_to='library/%Y/%m/', verbose_name='image', width_field='width'),
        ),
    ]
