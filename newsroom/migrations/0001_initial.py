"""Revisions and autosaved copies (ArticleDraft, now Autosave), moved here from the articles app, tables kept."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from site_settings.roles import move_permissions


def move_to_newsroom(apps, schema_editor):
    move_permissions(apps, "articlerevision", "articles", "newsroom")
    move_permissions(apps, "articledraft", "articles", "newsroom", "autosave")


def move_back(apps, schema_editor):
    move_permissions(apps, "articlerevision", "newsroom", "articles")
    move_permissions(apps, "autosave", "newsroom", "articles", "articledraft")



class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('articles', '0016_revisions_and_autosaves_move_to_newsroom'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The tables stay as they are: only Django's idea of which app holds the models changes.
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name='ArticleRevision',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('version', models.PositiveIntegerField(help_text="The article's version this revision keeps.", verbose_name='version')),
                    ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='saved')),
                    ('title', models.CharField(max_length=200, verbose_name='title')),
                    ('standfirst', models.TextField(blank=True, verbose_name='standfirst')),
                    ('body', models.TextField(blank=True, verbose_name='body')),
                    ('tags', models.JSONField(blank=True, default=list, verbose_name='tags')),
                    ('status', models.CharField(choices=[('draft', 'Draft'), ('in_review', 'In review'), ('published', 'Published')], max_length=20, verbose_name='status')),
                    ('changed_fields', models.JSONField(blank=True, default=list, help_text='What changed since the previous revision.', verbose_name='changed fields')),
                    ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='revisions', to='articles.article', verbose_name='article')),
                    ('restored_from', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='newsroom.articlerevision', verbose_name='restored from')),
                    ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='saved by')),
                ],
                options={
                    'verbose_name': 'revision',
                    'verbose_name_plural': 'revisions',
                    'db_table': 'articles_articlerevision',
                    'ordering': ['-created_at', '-pk'],
                    'indexes': [models.Index(fields=['article', '-created_at'], name='article_revisions_idx')],
                },
            ),
            migrations.CreateModel(
                name='Autosave',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('data', models.JSONField(default=dict, verbose_name='unsaved fields')),
                    ('saved_at', models.DateTimeField(auto_now=True, verbose_name='saved at')),
                    ('article', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='autosaves', to='articles.article', verbose_name='article')),
                    ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='article_autosaves', to=settings.AUTH_USER_MODEL, verbose_name='user account')),
                ],
                options={
                    'verbose_name': 'autosaved draft',
                    'verbose_name_plural': 'autosaved drafts',
                    'db_table': 'articles_articledraft',
                    'ordering': ['-saved_at'],
                    'constraints': [models.UniqueConstraint(fields=('user', 'article'), name='unique_article_draft'), models.UniqueConstraint(condition=models.Q(('article__isnull', True)), fields=('user',), name='unique_new_article_draft')],
                },
            ),
        ]),
        migrations.RunPython(move_to_newsroom, move_back),
    ]
