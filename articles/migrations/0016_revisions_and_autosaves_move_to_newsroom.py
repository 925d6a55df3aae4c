"""Revisions and autosaved copies move to the newsroom app, tables kept."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0015_image_uses_moved_here'),
    ]

    operations = [
        # The tables stay as they are: only Django's idea of which app holds the models changes.
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.RemoveConstraint(
                model_name='articledraft',
                name='unique_article_draft',
            ),
            migrations.RemoveConstraint(
                model_name='articledraft',
                name='unique_new_article_draft',
            ),
            migrations.RemoveIndex(
                model_name='articlerevision',
                name='article_revisions_idx',
            ),
            migrations.RemoveField(
                model_name='articlerevision',
                name='article',
            ),
            migrations.RemoveField(
                model_name='articlerevision',
                name='restored_from',
            ),
            migrations.RemoveField(
                model_name='articlerevision',
                name='user',
            ),
            migrations.DeleteModel(
                name='ArticleDraft',
            ),
            migrations.DeleteModel(
                name='ArticleRevision',
            ),
        ]),
    ]
