"""The project's package keeps no model: they moved to site_settings, redirects and wordpress, tables kept."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("refbax", "0003_editors_redirects"),
        ("redirects", "0001_initial"),
        ("site_settings", "0001_initial"),
        ("wordpress", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
        migrations.RemoveConstraint(
            model_name='importeditem',
            name='unique_imported_item',
        ),
        migrations.DeleteModel(
            name='ImportedItem',
        ),
        migrations.DeleteModel(
            name='Redirect',
        ),
        migrations.DeleteModel(
            name='SiteSettings',
        ),
        ]),
    ]
